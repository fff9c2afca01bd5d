"""The writer stores redacted events with a summary per conversation, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from bot.archive.models import ArchivedConversation
from bot.archive.store import ConversationFilter, TranscriptArchive
from tests.bot.archive.support import consultation, conversation, slot, user

FUNNEL_FLAGS = ("consultation_requested", "consent_given", "lead_created", "consent_declined", "consultation_cancelled",
                "consent_withdrawn")


def test_events_are_archived_redacted_with_summary(writer, database):
    events = conversation("conv-lead", language="en", lead=True)
    assert writer.write(events) == len(events)
    found = TranscriptArchive(database).transcript("conv-lead")
    assert found["language"] == "en"
    assert found["lead_created"] and found["consent_given"] and found["consultation_requested"]
    assert found["user_messages"] == 3
    texts = [event["text"] for event in found["events"] if event["event"] == "user"]
    assert texts[-1] == "My e-mail is [EMAIL]", "the archive runs redaction again (defence in depth)"
    assert "oliver.sampleton" not in json.dumps(found)
    first_user = next(event for event in found["events"] if event["event"] == "user")
    assert (first_user["intent"], first_user["confidence"]) == ("greet", 0.97)


def test_only_allow_listed_slot_values_are_kept(writer, database):
    writer.write([{"sender_id": "c1", "event": "slot", "timestamp": 1.0, "name": "lead_name", "value": "[PERSON]"},
                  {"sender_id": "c1", "event": "slot", "timestamp": 2.0, "name": "language", "value": "de"},
                  {"sender_id": "c1", "event": "slot", "timestamp": 3.0, "name": "lead_company", "value": "Testfrau Holzbau"},
                  {"sender_id": "c1", "event": "slot", "timestamp": 4.0, "name": "lead_phone", "value": "skipped"},
                  {"sender_id": "c1", "event": "slot", "timestamp": 5.0, "name": "lead_name", "value": None},
                  {"sender_id": "c1", "event": "slot", "timestamp": 6.0, "name": "other", "value": "Frieda"}])
    events = TranscriptArchive(database).transcript("c1")["events"]
    assert [(event["name"], event["value"]) for event in events] == [
        ("lead_name", "set"), ("language", "de"), ("lead_company", "set"), ("lead_phone", "skipped"),
        ("lead_name", None), ("other", None)], "of the form's answers only whether one was given"


@pytest.mark.parametrize("reached, then, flags", [
    ("started", "no", {"consultation_requested", "consent_declined"}),
    ("name", "no", {"consultation_requested", "consent_given", "consultation_cancelled"}),
    ("email", None, {"consultation_requested", "consent_given"}),
    ("lead", "withdraw", {"consultation_requested", "consent_given", "lead_created", "consent_withdrawn"}),
])
def test_the_summary_records_the_form_and_its_ways_out(writer, database, reached, then, flags):
    writer.write(consultation("c1", reached, then=then))
    with database.session() as session:
        summary = session.get(ArchivedConversation, "c1")
        reached_flags = {name for name in FUNNEL_FLAGS if getattr(summary, name)}
    assert reached_flags == flags


def test_events_without_conversation_are_ignored(writer, database):
    assert writer.write([{"event": "user", "text": "no sender"}]) == 0


def test_late_events_of_an_erased_conversation_are_dropped(writer, database):
    archive = TranscriptArchive(database)
    writer.write(conversation("gone"))
    assert archive.erase(["gone"]) == {"archived_conversations": 1, "archived_events": 3}
    assert writer.write([user("gone", "one more message")]) == 0
    assert archive.transcript("gone") is None
    rows, total = archive.conversations()
    assert total == 0


def test_list_filters_and_paging(writer, database):
    for index in range(7):
        writer.write(conversation(f"en-{index}", "en", lead=index < 2, at=1_700_000_000 + index * 60))
    writer.write(conversation("de-1", "de", intent="ask_services", at=1_700_000_000))
    archive = TranscriptArchive(database)
    assert archive.conversations(ConversationFilter(language="de"))[1] == 1
    assert archive.conversations(ConversationFilter(lead_created=True))[1] == 2
    assert [row["conversation_id"] for row in archive.conversations(ConversationFilter(intent="ask_services"))[0]] == ["de-1"]
    page, total = archive.conversations(page=2, page_size=3)
    assert total == 8 and [row["conversation_id"] for row in page] == ["en-3", "en-2", "en-1"]
    assert "ask_services" in archive.intents()


def test_default_writer_uses_the_real_redaction_engine(database):
    from bot.archive.audit import engine_spans
    from bot.archive.writer import ArchiveWriter

    ArchiveWriter(database).write([user("real", "Schreiben Sie an frieda.testfrau@beispiel.example", "inform")])
    (event,) = TranscriptArchive(database).transcript("real")["events"]
    assert "frieda.testfrau" not in event["text"] and "[EMAIL]" in event["text"]
    assert [span.label for span in engine_spans("Mail: frieda.testfrau@beispiel.example", "de")] == ["EMAIL"]


def test_writing_again_stores_each_event_once(writer, database):
    """A redelivered batch (stored, but its acknowledgement lost) changes nothing, summary included."""
    events = conversation("again", lead=True)
    assert writer.write(events) == len(events)
    assert writer.write(events[2:] + [user("again", "one more", at=events[-1]["timestamp"] + 1)]) == 1
    assert writer.write(events + events) == 0, "repeats within one batch count once too"
    found = TranscriptArchive(database).transcript("again")
    assert len(found["events"]) == len(events) + 1
    assert found["user_messages"] == 4


def test_events_differing_only_in_their_exact_time_are_both_kept(writer, database):
    first = user("twice", "Hello", at=1_700_000_000.1234560)
    assert writer.write([first, {**first, "timestamp": 1_700_000_000.1234564}]) == 2  # the same microsecond


def test_an_archive_from_before_the_funnel_gets_its_columns_in_place(writer, database):
    """The summary's newer nullable columns are added to an existing table; old rows read NULL."""
    writer.write(consultation("old", "name"))
    new_columns = ("consent_declined", "consultation_cancelled", "consent_withdrawn")
    with database.engine.begin() as connection:
        for name in new_columns:
            connection.execute(text(f'ALTER TABLE archived_conversations DROP COLUMN "{name}"'))
    database.create_all()
    with database.session() as session:
        assert [getattr(session.get(ArchivedConversation, "old"), name) for name in new_columns] == [None] * 3
    writer.write([user("old", "no", "deny"), slot("old", "contact_consent", False)])
    with database.session() as session:
        summary = session.get(ArchivedConversation, "old")
        assert summary.consultation_cancelled is True and summary.consent_declined is None
