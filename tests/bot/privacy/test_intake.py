"""Unit tests of the message intake: redaction before Rasa, consented capture, sanitised metadata."""
from __future__ import annotations

import asyncio
import re
from typing import List, Optional

import fakeredis
import fakeredis.aioredis
import pytest

from core.settings import Settings
from core.lead_state import encode_lead_state, lead_state_key
from redaction import RedactionResult, Span
from bot.privacy.intake import MessageIntake, MessageRejected, MessageTooLong, apply_spans

EMAIL = re.compile(r"\S+@\S+")


class EmailOnlyRedactor:
    """A stand-in redactor that only knows e-mail addresses."""

    def redact(self, text: str, lang: Optional[str] = None) -> RedactionResult:
        spans = [Span(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
        return RedactionResult(text=apply_spans(text, spans), spans=spans)


class RecordingVault:
    def __init__(self) -> None:
        self.captured: List[tuple] = []

    def capture(self, conversation_id: str, field: str, value: str) -> None:
        self.captured.append((conversation_id, field, value))


SETTINGS = Settings(max_message_chars=200)


def intake_with(state: Optional[str] = None, consent: bool = False):
    server = fakeredis.FakeServer()
    if consent:
        fakeredis.FakeRedis(server=server).set(lead_state_key(SETTINGS, "conv1"), encode_lead_state(state))
    client = fakeredis.aioredis.FakeRedis(server=server)
    vault = RecordingVault()
    return MessageIntake(SETTINGS, EmailOnlyRedactor(), client, lambda: vault), vault


def test_text_is_redacted_and_metadata_reduced_to_language():
    intake, vault = intake_with()
    prepared = asyncio.run(intake.prepare("conv1", "mail: a.b@example.org", {"language": "en", "email": "a.b@example.org"}))
    assert prepared.text == "mail: [EMAIL]"
    assert prepared.metadata == {"language": "en"}
    assert vault.captured == [], "no capture without consent"


def test_consented_conversation_captures_values_into_the_vault():
    intake, vault = intake_with(state="lead_email", consent=True)
    prepared = asyncio.run(intake.prepare("conv1", "klar: a.b@example.org", {"language": "de"}))
    assert prepared.text == "klar: [EMAIL]"
    assert vault.captured == [("conv1", "email", "a.b@example.org")]


@pytest.mark.parametrize("answer,name", [("Meier", "Meier"), ("ich heiße Anna-Lena Öztürk", "Anna-Lena Öztürk"), ("My name is jo smith.", "jo smith")])
def test_awaited_name_is_taken_from_context(answer, name):
    intake, vault = intake_with(state="lead_name", consent=True)
    prepared = asyncio.run(intake.prepare("conv1", answer, {}))
    assert "[PERSON]" in prepared.text and name not in prepared.text
    assert vault.captured == [("conv1", "name", name)]


@pytest.mark.parametrize("answer", ["nein", "warum?", "12345", "was kostet SEO bei euch eigentlich genau so im Monat"])
def test_non_names_are_not_taken_as_names(answer):
    intake, vault = intake_with(state="lead_name", consent=True)
    prepared = asyncio.run(intake.prepare("conv1", answer, {}))
    assert prepared.text == answer
    assert vault.captured == []


def test_awaited_phone_is_taken_from_context():
    intake, vault = intake_with(state="lead_phone", consent=True)
    prepared = asyncio.run(intake.prepare("conv1", "0151 / 234 567 89", {}))
    assert prepared.text == "[PHONE]"
    assert vault.captured == [("conv1", "phone", "0151 / 234 567 89")]


@pytest.mark.parametrize("payload", [None, 42, {"text": "x"}])
def test_bad_messages_are_rejected(payload):
    intake, _ = intake_with()
    with pytest.raises(MessageRejected):
        asyncio.run(intake.prepare("conv1", payload, {}))


def test_too_long_message_names_the_limit():
    intake, _ = intake_with()
    with pytest.raises(MessageTooLong) as refused:
        asyncio.run(intake.prepare("conv1", "x" * 201, {}))
    assert refused.value.limit == 200
    assert asyncio.run(intake.prepare("conv1", "x" * 200, {})).text == "x" * 200


def test_redactor_failure_propagates():
    class Broken:
        def redact(self, text, lang=None):
            raise RuntimeError("boom")

    intake = MessageIntake(SETTINGS, Broken(), fakeredis.aioredis.FakeRedis(), RecordingVault)
    with pytest.raises(RuntimeError):
        asyncio.run(intake.prepare("conv1", "hallo", {}))
