"""Unit tests of the message intake: redaction before Rasa, consented capture, sanitised metadata."""
from __future__ import annotations

import asyncio
import re
from typing import List, Optional

import fakeredis
import fakeredis.aioredis
import pytest
from cryptography.fernet import Fernet

from core.settings import Settings
from core.lead_state import encode_lead_state, lead_state_key
from core.rights_request import await_rights_email, pending_lookup, rights_request_key
from core.storage.crypto import VaultCrypto
from core.redis_keys import language_key
from bot.privacy import event_redaction
from bot.privacy.intake import MessageIntake, MessageRejected, MessageTooLong, apply_spans, merge_spans
from bot.privacy.redaction_pool import PooledResult
from redaction import RedactionResult, Span

EMAIL = re.compile(r"\S+@\S+")


class EmailOnlyRedactor:
    """A stand-in for the redaction pool that only knows e-mail addresses."""

    async def redact(self, text: str, lang: Optional[str] = None) -> PooledResult:
        spans = [Span(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
        return PooledResult(RedactionResult(text=apply_spans(text, spans), spans=spans), settled=True)


class RecordingVault:
    def __init__(self) -> None:
        self.captured: List[tuple] = []
        self.crypto = VaultCrypto(Fernet.generate_key().decode())

    def email_lookup(self, email: str) -> List[str]:
        return self.crypto.lookup_hashes(email)

    def capture(self, conversation_id: str, field: str, value: str) -> None:
        self.captured.append((conversation_id, field, value))


SETTINGS = Settings(max_message_chars=200)


def intake_with(state: Optional[str] = None, consent: bool = False, rights_email: bool = False, server=None):
    server = server or fakeredis.FakeServer()
    if consent:
        fakeredis.FakeRedis(server=server).set(lead_state_key(SETTINGS, "conv1"), encode_lead_state(state))
    if rights_email:
        await_rights_email(fakeredis.FakeRedis(server=server), SETTINGS, "conv1")
    client = fakeredis.aioredis.FakeRedis(server=server)
    vault = RecordingVault()
    return MessageIntake(SETTINGS, EmailOnlyRedactor(), client, lambda: vault), vault


def redis_dump(server) -> bytes:
    client = fakeredis.FakeRedis(server=server)
    return b"".join(key + b"=" + (client.get(key) or b"") for key in client.keys())


@pytest.mark.parametrize("message", ["anna.berg@example.org", "Die Adresse war Anna.Berg@example.org – danke"])
def test_the_awaited_rights_email_is_kept_only_as_keyed_hashes(message):
    """Issue 16: a rights request from a later chat, by the address given there."""
    server = fakeredis.FakeServer()
    intake, vault = intake_with(rights_email=True, server=server)
    prepared = asyncio.run(intake.prepare("conv1", message, {"language": "de"}))
    assert "[EMAIL]" in prepared.text and "@" not in prepared.text
    lookup = pending_lookup(fakeredis.FakeRedis(server=server), SETTINGS, "conv1")
    assert lookup == vault.email_lookup("anna.berg@example.org")
    assert vault.captured == [], "an address for a rights request is no lead"
    stored = redis_dump(server).lower()
    assert b"anna" not in stored and b"example.org" not in stored
    ttl = fakeredis.FakeRedis(server=server).ttl(rights_request_key(SETTINGS, "conv1"))
    assert 0 < ttl <= SETTINGS.rights_request_ttl_seconds


def test_an_address_is_taken_for_a_rights_request_only_while_one_is_awaited():
    server = fakeredis.FakeServer()
    intake, vault = intake_with(server=server)
    asyncio.run(intake.prepare("conv1", "anna.berg@example.org", {}))
    assert not fakeredis.FakeRedis(server=server).exists(rights_request_key(SETTINGS, "conv1"))
    assert vault.captured == []


def test_a_reply_without_an_address_leaves_the_rights_request_waiting():
    server = fakeredis.FakeServer()
    intake, _ = intake_with(rights_email=True, server=server)
    prepared = asyncio.run(intake.prepare("conv1", "nein danke", {}))
    assert prepared.text == "nein danke"
    client = fakeredis.FakeRedis(server=server)
    assert client.exists(rights_request_key(SETTINGS, "conv1")) and pending_lookup(client, SETTINGS, "conv1") is None


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


@pytest.mark.parametrize("answer,name", [
    ("Meier", "Meier"), ("ich heiße Anna-Lena Öztürk", "Anna-Lena Öztürk"), ("My name is jo smith.", "jo smith"),
    ("Klein", "Klein"), ("Anna Lang", "Anna Lang"), ("gerne, Max Groß", "Max Groß"), ("Will Young", "Will Young"),
    ("Dana Hall", "Dana Hall"), ("meier", "meier"),
])
def test_awaited_name_is_taken_from_context(answer, name):
    intake, vault = intake_with(state="lead_name", consent=True)
    prepared = asyncio.run(intake.prepare("conv1", answer, {}))
    assert "[PERSON]" in prepared.text and name not in prepared.text
    assert vault.captured == [("conv1", "name", name)]


@pytest.mark.parametrize("answer", [
    "nein", "warum?", "12345", "was kostet SEO bei euch eigentlich genau so im Monat",
    # issue 16: commands, cancelling and rights requests at the name step are no names
    "Einwilligung widerrufen", "nein danke", "Nein danke!", "Abbrechen bitte", "abbrechen", "withdraw consent",
    "delete my data", "Lösch meine Daten", "no thanks", "cancel", "Stop", "hilfe", "Datenschutz",
    "Ich widerrufe", "forget me", "was kostet seo", "wie teuer", "egal", "weiß nicht", "keine Ahnung",
    "/request_data_deletion",
])
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
        async def redact(self, text, lang=None):
            raise RuntimeError("boom")

    intake = MessageIntake(SETTINGS, Broken(), fakeredis.aioredis.FakeRedis(), RecordingVault)
    with pytest.raises(RuntimeError):
        asyncio.run(intake.prepare("conv1", "hallo", {}))


def test_overlapping_spans_leave_no_raw_text_between_them():
    """Finding 6: a name span over the whole answer and an IBAN inside it once rendered as
    '[PERSON][IBAN] geheimname', the cursor jumping back and letting the tail out."""
    text = "kowalczyk DE89 geheimname"
    assert apply_spans(text, [Span(0, 25, "PERSON"), Span(10, 14, "IBAN")]) == "[PERSON]"
    assert apply_spans(text, [Span(10, 14, "IBAN"), Span(0, 9, "PERSON")]) == "[PERSON] [IBAN] geheimname"
    assert apply_spans("a 0151 234 b", [Span(2, 8, "PHONE"), Span(6, 10, "IBAN")]) == "a [PHONE] b"


def test_merged_spans_take_the_label_of_their_longest_part():
    assert merge_spans([Span(0, 4, "PERSON"), Span(2, 12, "EMAIL"), Span(12, 14, "PHONE")]) == [
        Span(0, 12, "EMAIL"), Span(12, 14, "PHONE")]


def test_settled_redacted_text_is_not_redacted_again_in_process(monkeypatch):
    """The worker confirmed that redacting the output again changes nothing: event and log
    redaction in this process take it as it is, without running the patterns on the loop."""
    monkeypatch.setattr(event_redaction, "_redact_uncached", lambda text: pytest.fail("redacted again"))
    intake, _ = intake_with()
    prepared = asyncio.run(intake.prepare("conv1", "mail: settled.canary@example.org", {}))
    assert event_redaction.redact_text(prepared.text) == "mail: [EMAIL]"


def test_a_switch_request_is_kept_for_the_session_with_the_sessions_expiry():
    intake, _ = intake_with()

    async def scenario():
        switched = await intake.prepare("conv1", "English please", {"language": "de"})
        later = await intake.prepare("conv1", "Was kostet SEO?", {"language": "de"})  # too short to be clear
        return switched, later, await intake.redis.ttl(language_key(SETTINGS, "conv1"))

    switched, later, ttl = asyncio.run(scenario())
    assert (switched.language, switched.switched) == ("en", True)
    assert (later.language, later.metadata, later.switched) == ("en", {"language": "en"}, False)
    assert 0 < ttl <= SETTINGS.session_ttl_seconds


def test_a_message_clearly_in_the_other_language_is_answered_in_it():
    intake, _ = intake_with()

    async def scenario():
        clear = await intake.prepare("conv1", "What does SEO cost for my shop, please?", {"language": "de"})
        return clear, await intake.prepare("conv1", "Hallo", {"language": "de"}), await intake.prepare(
            "conv2", "Hallo", {"language": "de"})

    clear, same_conversation, other_conversation = asyncio.run(scenario())
    assert (clear.language, clear.switched) == ("en", False)
    assert same_conversation.language == "en", "the visitor's choice holds"
    assert other_conversation.language == "de", "per conversation"
