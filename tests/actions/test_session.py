"""Session start discloses the AI first and takes the page language; the language slot follows."""
from __future__ import annotations

import asyncio

import pytest

from actions.session import ActionSessionStart
from actions.slot_mappings import ValidateSlotMappings
from tests.actions.conftest import make_tracker


@pytest.mark.parametrize("metadata,language", [({"language": "en"}, "en"), ({"language": "de"}, "de"), ({}, "de")])
def test_session_start_discloses_the_ai_in_the_page_language(dispatcher, domain, metadata, language):
    tracker = make_tracker({"language": None, "session_started_metadata": metadata})
    events = asyncio.run(ActionSessionStart().run(dispatcher, tracker, domain))
    assert dispatcher.messages[0]["response"] == "utter_ai_disclosure"
    assert events[0]["event"] == "session_started"
    assert {"event": "slot", "name": "language", "value": language} == {k: events[1][k] for k in ("event", "name", "value")}


@pytest.mark.parametrize("text,metadata,expected", [
    ("what do you charge for seo", {}, "en"),
    ("was kostet bei euch eine beratung", {}, "de"),
    ("hello", {"language": "de"}, "de"),
    ("ok", {}, "en"),
])
def test_language_slot_follows_page_then_message(dispatcher, domain, text, metadata, expected):
    tracker = make_tracker({"language": "en" if text == "ok" else None}, text=text, metadata=metadata)
    result = asyncio.run(ValidateSlotMappings().extract_language(dispatcher, tracker, domain))
    assert result == {"language": expected}
