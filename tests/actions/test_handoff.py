"""Two misunderstandings in a row: the second answer offers a person."""
from __future__ import annotations

import asyncio

import pytest

from actions.handoff import ActionNotUnderstood
from tests.actions.conftest import make_tracker


def user(intent: str) -> dict:
    return {"event": "user", "text": "…", "parse_data": {"intent": {"name": intent, "confidence": 0.3}}}


@pytest.mark.parametrize("intents, response", [
    (["greet", "nlu_fallback"], "utter_default"),
    (["greet", "out_of_scope"], "utter_out_of_scope"),
    (["nlu_fallback", "nlu_fallback"], "utter_offer_human"),
    (["out_of_scope", "nlu_fallback"], "utter_offer_human"),
    (["nlu_fallback", "ask_pricing", "nlu_fallback"], "utter_default"),  # not in a row
    (["nlu_fallback"], "utter_default"),
])
def test_the_second_misunderstanding_in_a_row_offers_a_person(dispatcher, domain, intents, response):
    tracker = make_tracker(events=[user(intent) for intent in intents])
    asyncio.run(ActionNotUnderstood().run(dispatcher, tracker, domain))
    assert [message["response"] for message in dispatcher.messages] == [response]
