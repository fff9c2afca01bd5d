"""The HTTP API's bodies: free text redacted, names kept only when they look like names."""
from __future__ import annotations

import asyncio

import pytest

from bot.privacy.api_guard import REFUSED_ROUTES, TEXT_ROUTES, ApiRefusal, redact_body


async def fake_redact(text: str) -> str:
    return text.replace("anna@example.org", "[EMAIL]")


def redacted(body, max_chars=200):
    return asyncio.run(redact_body(body, fake_redact, max_chars))


def test_free_text_anywhere_in_the_body_is_redacted():
    body = [{"event": "user", "text": "mail anna@example.org", "parse_data": {
        "intent": {"name": "inform", "confidence": 1.0}, "entities": [{"entity": "email", "value": "anna@example.org"}]}},
        {"event": "slot", "name": "lead_email", "value": "anna@example.org", "timestamp": 1.5}]
    assert redacted(body) == [{"event": "user", "text": "mail [EMAIL]", "parse_data": {
        "intent": {"name": "inform", "confidence": 1.0}, "entities": [{"entity": "email", "value": "[EMAIL]"}]}},
        {"event": "slot", "name": "lead_email", "value": "[EMAIL]", "timestamp": 1.5}]


@pytest.mark.parametrize("key, value", [("name", "anna@example.org"), ("event", "Anna Schmidt"),
                                        ("intent_name", "+49 151 23456789"), ("entity", "x" * 200)])
def test_a_name_that_is_no_name_is_refused(key, value):
    """A review found structural fields (names of events, intents, slots) stored raw from the API."""
    with pytest.raises(ApiRefusal) as refused:
        redacted({key: value})
    assert refused.value.status == 400 and value not in str(refused.value)


def test_text_over_the_message_limit_is_refused():
    with pytest.raises(ApiRefusal) as refused:
        redacted({"text": "x" * 201})
    assert refused.value.status == 413


@pytest.mark.parametrize("path", ["/conversations/abc/messages", "/conversations/abc/tracker/events",
                                  "/conversations/abc/trigger_intent", "/model/parse"])
def test_text_routes(path):
    assert TEXT_ROUTES.match(path)


@pytest.mark.parametrize("path", ["/model", "/model/train", "/model/test/intents", "/model/predict"])
def test_model_routes_are_refused(path):
    assert REFUSED_ROUTES.match(path)
