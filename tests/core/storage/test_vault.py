"""The lead vault's rules, on SQLite and PostgreSQL (fictitious people only)."""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text, update

from core.storage.crypto import DecryptionError, VaultCrypto
from core.storage.models import Consent, Lead
from core.storage.vault import LEAD_PURPOSE, LeadVault, NoConsentError, NoDraftError

CONSENT_TEXT_DE = (
    "Ich willige ein, dass Diskret meine Kontaktdaten zur Terminvereinbarung speichert.\n  (Widerruf jederzeit.)"
)
CONSENT_VERSION = "2024-05-01.de.1"
NAME = "Erika Mustermann"
EMAIL = "erika.mustermann@example.org"
PHONE = "+49 30 12345678"


def consent(vault: LeadVault, conversation: str = "conv-a") -> int:
    return vault.record_consent(conversation, LEAD_PURPOSE, CONSENT_TEXT_DE, CONSENT_VERSION, "de")


def full_lead(vault: LeadVault, conversation: str = "conv-a") -> int:
    consent(vault, conversation)
    vault.capture(conversation, "name", NAME)
    vault.capture(conversation, "email", EMAIL)
    vault.capture(conversation, "phone", PHONE)
    return vault.submit(conversation, "Beispiel GmbH", "SEO-Beratung", "de")


def raw_rows(vault: LeadVault, table: str) -> list:
    with vault.database.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(f"SELECT * FROM {table}"))]


def test_personal_fields_are_encrypted_at_rest(vault):
    full_lead(vault)
    [row] = raw_rows(vault, "leads")
    dump = json.dumps(row, default=str).lower()
    for secret in (NAME, EMAIL, PHONE, "mustermann", "12345678"):
        assert secret.lower() not in dump
    assert row["email_lookup"] == vault.crypto.lookup_hash(EMAIL) != EMAIL
    assert vault.crypto.decrypt(row["email_encrypted"]) == EMAIL
    assert row["company"] == "Beispiel GmbH" and row["status"] == "submitted"


def test_capture_without_consent_is_refused(vault):
    with pytest.raises(NoConsentError):
        vault.capture("conv-a", "email", EMAIL)
    vault.record_consent("conv-a", "newsletter", "Newsletter?", "1", "de")
    with pytest.raises(NoConsentError):
        vault.capture("conv-a", "email", EMAIL)
    assert raw_rows(vault, "leads") == []


def test_capture_rejects_unknown_fields_and_submit_needs_a_draft(vault):
    consent(vault)
    with pytest.raises(ValueError):
        vault.capture("conv-a", "address", "Musterstraße 1")
    with pytest.raises(NoDraftError):
        vault.submit("conv-a", "Beispiel GmbH", "SEO", "de")


def test_consent_record_keeps_text_and_version_exactly(vault):
    before = datetime.now(timezone.utc)
    consent_id = consent(vault)
    [record] = vault.export_conversation("conv-a")["consents"]
    assert record["id"] == consent_id
    assert record["consent_text"] == CONSENT_TEXT_DE
    assert record["consent_version"] == CONSENT_VERSION
    assert (record["purpose"], record["language"], record["withdrawn_at"]) == (LEAD_PURPOSE, "de", None)
    assert before - timedelta(seconds=5) <= datetime.fromisoformat(record["given_at"]) <= datetime.now(timezone.utc)
    assert vault.has_active_consent("conv-a", LEAD_PURPOSE)
    assert not vault.has_active_consent("conv-b", LEAD_PURPOSE)


def test_last_value_wins(vault):
    consent(vault)
    vault.capture("conv-a", "email", "old.address@example.org")
    vault.capture("conv-a", "email", EMAIL)
    [lead] = vault.leads(include_drafts=True)
    assert lead["email"] == EMAIL and lead["status"] == "draft"
    assert vault.leads() == []
    assert vault.find_conversations_by_email("old.address@example.org") == []


def test_withdrawal_deletes_lead_and_records_time(vault):
    full_lead(vault)
    full_lead(vault, "conv-b")
    assert vault.withdraw_consent("conv-a") is True
    assert not vault.has_active_consent("conv-a", LEAD_PURPOSE)
    [record] = vault.export_conversation("conv-a")["consents"]
    assert record["withdrawn_at"] is not None
    assert datetime.fromisoformat(record["withdrawn_at"]) >= datetime.fromisoformat(record["given_at"])
    assert [lead["conversation_id"] for lead in vault.leads(include_drafts=True)] == ["conv-b"]
    with pytest.raises(NoConsentError):
        vault.capture("conv-a", "email", EMAIL)
    assert vault.withdraw_consent("conv-a") is False


def test_withdrawing_another_purpose_keeps_the_lead(vault):
    full_lead(vault)
    vault.record_consent("conv-a", "newsletter", "Newsletter?", "1", "de")
    assert vault.withdraw_consent("conv-a", "newsletter") is True
    assert len(vault.leads()) == 1 and vault.has_active_consent("conv-a", LEAD_PURPOSE)


def test_export_is_complete_and_json_serialisable(vault):
    lead_id = full_lead(vault)
    full_lead(vault, "conv-b")
    export = json.loads(json.dumps(vault.export_conversation("conv-a")))
    assert export["conversation_id"] == "conv-a"
    [lead] = export["leads"]
    assert lead["id"] == lead_id
    assert (lead["name"], lead["email"], lead["phone"]) == (NAME, EMAIL, PHONE)
    assert (lead["company"], lead["topic"], lead["language"]) == ("Beispiel GmbH", "SEO-Beratung", "de")
    assert lead["submitted_at"] is not None
    assert len(export["consents"]) == 1


def test_erase_removes_everything_of_the_conversation_only(vault):
    full_lead(vault)
    full_lead(vault, "conv-b")
    assert vault.erase_conversation("conv-a") == {"leads": 1, "consents": 1}
    assert vault.export_conversation("conv-a") == {"conversation_id": "conv-a", "leads": [], "consents": []}
    assert {row["conversation_id"] for row in raw_rows(vault, "consents")} == {"conv-b"}
    assert vault.erase_conversation("conv-a") == {"leads": 0, "consents": 0}


def test_find_by_email(vault):
    full_lead(vault)
    consent(vault, "conv-b")
    vault.capture("conv-b", "email", "John.Doe@example.com")
    assert vault.find_conversations_by_email(" ERIKA.mustermann@example.org") == ["conv-a"]
    assert vault.find_conversations_by_email("john.doe@example.com") == ["conv-b"]
    assert vault.find_conversations_by_email("nobody@example.net") == []


def test_withdrawal_by_email_from_a_later_chat_reaches_every_lead_of_the_address(vault):
    """A request from a later chat: found by the keyed hash, never by the address itself."""
    full_lead(vault)
    full_lead(vault, "conv-b")
    consent(vault, "conv-other")
    vault.capture("conv-other", "email", "someone.else@example.org")
    lookup = vault.email_lookup(" Erika.Mustermann@EXAMPLE.org")
    assert EMAIL not in json.dumps(lookup) and "mustermann" not in json.dumps(lookup).lower()
    assert vault.withdraw_by_lookup(lookup) == 2
    assert vault.find_conversations_by_email(EMAIL) == []
    for conversation in ("conv-a", "conv-b"):
        assert vault.export_conversation(conversation)["leads"] == []
        assert all(record["withdrawn_at"] for record in vault.export_conversation(conversation)["consents"])
    assert vault.find_conversations_by_email("someone.else@example.org") == ["conv-other"]
    assert vault.withdraw_by_lookup(lookup) == 0


def test_erasure_by_email_from_a_later_chat_deletes_leads_and_consents(vault):
    full_lead(vault)
    consent(vault, "conv-b")
    vault.capture("conv-b", "email", "someone.else@example.org")
    assert vault.erase_by_lookup(vault.email_lookup(EMAIL)) == 1
    assert vault.export_conversation("conv-a") == {"conversation_id": "conv-a", "leads": [], "consents": []}
    assert vault.find_conversations_by_email("someone.else@example.org") == ["conv-b"]
    assert vault.erase_by_lookup(vault.email_lookup("nobody@example.net")) == 0
    assert vault.erase_by_lookup([]) == 0


def test_holds_data_tells_whether_a_conversation_has_a_lead_or_consent(vault):
    assert not vault.holds_data("conv-a")
    consent(vault)
    assert vault.holds_data("conv-a")
    vault.erase_conversation("conv-a")
    assert not vault.holds_data("conv-a")


def test_key_rotation_as_documented_keeps_finding_and_erasing_by_email(database, vault_key):
    """docs/operations.md, "Rotating keys", with LOOKUP_HASH_KEY unset (the default)."""
    old_key, new_key = vault_key, Fernet.generate_key().decode()
    full_lead(LeadVault(database, VaultCrypto(old_key)), "conv-old")
    # step 2: the new key in front of the old one, on every server
    rotating = LeadVault(database, VaultCrypto(f"{new_key},{old_key}"))
    full_lead(rotating, "conv-new")
    assert rotating.find_conversations_by_email(EMAIL) == ["conv-new", "conv-old"]
    # step 3: re-key the stored leads; step 4: drop the old key
    assert rotating.rekey() == 2
    rotated = LeadVault(database, VaultCrypto(new_key))
    assert rotated.find_conversations_by_email(EMAIL) == ["conv-new", "conv-old"]
    assert {lead["email"] for lead in rotated.leads()} == {EMAIL}
    with pytest.raises(DecryptionError):
        VaultCrypto(old_key).decrypt(raw_rows(rotated, "leads")[0]["email_encrypted"])
    for conversation in rotated.find_conversations_by_email(EMAIL):
        rotated.erase_conversation(conversation)
    assert raw_rows(rotated, "leads") == [] and rotated.find_conversations_by_email(EMAIL) == []


def test_setting_a_lookup_key_later_keeps_old_leads_findable(database, vault_key):
    full_lead(LeadVault(database, VaultCrypto(vault_key)), "conv-derived")
    explicit = LeadVault(database, VaultCrypto(vault_key, lookup_hash_key="production-lookup-key"))
    assert explicit.find_conversations_by_email(EMAIL) == ["conv-derived"]
    explicit.rekey()
    assert raw_rows(explicit, "leads")[0]["email_lookup"] == explicit.crypto.lookup_hash(EMAIL)
    new_lookup = LeadVault(database, VaultCrypto(vault_key, lookup_hash_key="next-lookup-key,production-lookup-key"))
    assert new_lookup.find_conversations_by_email(EMAIL) == ["conv-derived"]


def test_topic_is_kept_short(vault):
    consent(vault)
    vault.capture("conv-a", "email", EMAIL)
    vault.submit("conv-a", "Beispiel GmbH", "Website-Relaunch " * 50, "de")
    [lead] = vault.leads()
    assert len(lead["topic"]) <= 200


def age(vault: LeadVault, conversation: str, lead_age: timedelta, consent_age: timedelta) -> None:
    """Pretend a conversation's rows were written in the past."""
    now = datetime.now(timezone.utc)
    with vault.database.session() as session:
        session.execute(update(Lead).where(Lead.conversation_id == conversation).values(created_at=now - lead_age))
        session.execute(
            update(Consent).where(Consent.conversation_id == conversation).values(given_at=now - consent_age)
        )


def test_purge_by_age(vault):
    full_lead(vault, "conv-old")
    age(vault, "conv-old", timedelta(days=181), timedelta(days=181))
    consent(vault, "conv-abandoned")
    vault.capture("conv-abandoned", "email", EMAIL)
    age(vault, "conv-abandoned", timedelta(hours=25), timedelta(hours=25))
    consent(vault, "conv-typing")
    vault.capture("conv-typing", "name", NAME)
    age(vault, "conv-typing", timedelta(hours=1), timedelta(hours=1))
    full_lead(vault, "conv-recent-lead-old-consent")
    age(vault, "conv-recent-lead-old-consent", timedelta(days=10), timedelta(days=200))
    vault.record_consent("conv-newsletter", "newsletter", "Newsletter?", "1", "en")
    age(vault, "conv-newsletter", timedelta(0), timedelta(days=181))
    full_lead(vault, "conv-new")

    assert vault.purge() == {"leads": 2, "consents": 2}
    remaining = {lead["conversation_id"] for lead in vault.leads(include_drafts=True)}
    assert remaining == {"conv-typing", "conv-recent-lead-old-consent", "conv-new"}
    consents = {row["conversation_id"] for row in raw_rows(vault, "consents")}
    assert consents == {"conv-abandoned", "conv-typing", "conv-recent-lead-old-consent", "conv-new"}
    assert vault.purge() == {"leads": 0, "consents": 0}
    assert vault.purge(datetime.now(timezone.utc) + timedelta(days=365)) == {"leads": 3, "consents": 4}


def test_logs_carry_no_personal_data(vault, caplog):
    with caplog.at_level(logging.DEBUG):
        full_lead(vault)
        vault.export_conversation("conv-a")
        vault.withdraw_consent("conv-a")
        vault.erase_conversation("conv-a")
    for secret in (NAME, EMAIL, PHONE, "conv-a"):
        assert secret not in caplog.text
