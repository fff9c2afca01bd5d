"""With the real stack, a German conversation arrives in the archive, redacted, its lead noted as in the vault,
and the form's answers recorded as given (never their values) for the consultation funnel."""
from __future__ import annotations

import json
import time
from types import SimpleNamespace

import pytest
import socketio

from core.storage.database import Database
from bot.archive.funnel import ANSWER_SLOTS, answers_given
from bot.archive.store import TranscriptArchive
from tests.integration.test_conversation import CONVERSATIONS, consultation, stack_vault

pytestmark = pytest.mark.integration


def test_conversations_arrive_in_the_archive_redacted(stack, run, monkeypatch):
    # The installed python-engineio needs a newer aiohttp for websockets; long-polling works with either.
    connect = socketio.AsyncClient.connect
    monkeypatch.setattr(socketio.AsyncClient, "connect",
                        lambda self, url, **options: connect(self, url, **{**options, "transports": ["polling"]}))
    conversation_id, _ = run(consultation(stack, "de"))
    database = Database(stack.env["DATABASE_URL"])
    archive = TranscriptArchive(database)
    deadline = time.monotonic() + 30
    found = None
    while time.monotonic() < deadline:
        found = archive.transcript(conversation_id)
        if found and found["lead_created"]:
            break
        time.sleep(0.5)
    database.dispose()
    assert found is not None, stack.log_text()[-3000:]
    leads = [lead for lead in stack_vault(stack).leads() if lead["conversation_id"] == conversation_id]
    assert found["lead_created"] == bool(leads), "the archive notes a lead exactly when the vault has one"
    stored = json.dumps(found, ensure_ascii=False)
    for value in ("frieda.testfrau@beispiel.example", "Frieda Testfrau"):
        assert value not in stored
    assert {event["value"] for event in found["events"] if event["name"] in ANSWER_SLOTS} <= {"set", "skipped", None}
    answers = [SimpleNamespace(conversation_id=conversation_id, event_type=event["event"], name=event["name"],
                               value=event["value"]) for event in found["events"]
               if event["event"] == "user" or (event["event"] == "slot" and event["name"] in ANSWER_SLOTS)]
    assert answers_given(answers) == {conversation_id: {"lead_name", "lead_email"}}, "the phone was skipped"
    user_texts = [event["text"] for event in found["events"] if event["event"] == "user"]
    assert CONVERSATIONS["de"]["hello"] in user_texts
    assert any("[EMAIL]" in text for text in user_texts)
    assert any(event["intent"] for event in found["events"] if event["event"] == "user")
