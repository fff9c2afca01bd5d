"""The residual audit flags what redaction missed, shows where, and redacts it in place."""
from __future__ import annotations

import time

import pytest

from bot.archive.audit import ResidualAudit, suspects
from bot.archive.store import ConversationFilter, TranscriptArchive
from tests.bot.archive.support import conversation, fake_spans, user


def no_spans(text, language):
    return []


@pytest.mark.parametrize("text, reason", [
    ("call me on 0151 2345 6789 please", "digit-run"),
    ("write to frieda at testfrau@beispiel", "at-sign"),
    ("Hallo, ich bin Frieda Testfrau", "name-after-introduction"),
    ("Hi, my name is Oliver Sampleton.", "name-after-introduction"),
])
def test_heuristics_catch_what_the_engine_missed(text, reason):
    assert [suspect.reason for suspect in suspects(text, "en", no_spans)] == [reason]


def test_placeholders_and_ordinary_text_are_not_flagged():
    assert suspects("My e-mail is [EMAIL] and I am [PERSON], budget 5000 EUR", "en", no_spans) == []


def test_planted_leftover_is_flagged_and_redacted_in_place(writer, database):
    writer.write(conversation("clean", lead=True))
    writer.write(conversation("leaky") + [user("leaky", "ring me: +49 151 23456789", "inform", at=time.time() + 60)])
    audit = ResidualAudit(database, spans=fake_spans)
    assert audit.run() == {"findings": 1, "flagged_conversations": 1}
    archive = TranscriptArchive(database)
    assert [row["conversation_id"] for row in archive.conversations(ConversationFilter(flagged=True))[0]] == ["leaky"]
    (finding,) = audit.findings("leaky")
    assert (finding["before"], finding["reason"], finding["label"]) == ("ring me: ", "digit-run", "NUMBER")
    assert audit.redact(finding["id"]) == "leaky"
    texts = [event["text"] for event in archive.transcript("leaky")["events"] if event["event"] == "user"]
    assert texts[-1] == "ring me: [NUMBER]"
    assert audit.findings() == [] and not archive.transcript("leaky")["flagged"]


def test_engine_spans_are_findings_too(writer, database):
    # The stand-in writer would redact this; write it raw as if an older redaction model let it through.
    writer.redact = lambda event: event
    writer.write([user("old-model", "I am Frieda Testfrau from Köln")])
    audit = ResidualAudit(database, spans=fake_spans)
    assert audit.run()["findings"] == 1
    assert audit.findings()[0]["suspect"] == "Frieda Testfrau"
