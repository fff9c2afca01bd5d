"""Erasure and withdrawal reach the CRM: signed, only the lead's id, retried until accepted, then deleted."""
from __future__ import annotations

import json
import time
from typing import Callable

import pytest
from sqlalchemy import select

from core.storage import crm_events
from core.storage.crypto import VaultCrypto
from core.storage.models import CrmEvent
from core.storage.vault import LEAD_PURPOSE, LeadVault
from core.storage.webhook import LeadWebhook
from tests.core.storage.crm import SECRET, verify

NAME = "Erika Mustermann"
EMAIL = "erika.mustermann@example.org"
PHONE = "+49 30 12345678"
EVENT_KEYS = {"event", "event_id", "lead_id", "occurred_at"}


def crm_vault(database, vault_key, crm, attempts: int = 3) -> LeadVault:
    webhook = LeadWebhook(crm.url, SECRET, attempts=attempts, backoff_seconds=0.01, allow_loopback_http=True)
    return LeadVault(database, VaultCrypto(vault_key), webhook)


def submitted(vault: LeadVault, conversation: str) -> int:
    vault.record_consent(conversation, LEAD_PURPOSE, "Einwilligung", "v1", "de")
    vault.capture(conversation, "name", NAME)
    vault.capture(conversation, "email", EMAIL)
    vault.capture(conversation, "phone", PHONE)
    return vault.submit(conversation, "Beispiel GmbH", "SEO", "de")


def waiting(vault: LeadVault) -> list:
    with vault.database.session() as session:
        return [(row.event, row.lead_id) for row in session.execute(select(CrmEvent)).scalars()]


def eventually(condition: Callable[[], bool], timeout: float = 10) -> bool:
    """Background delivery finishes after the CRM has answered: wait for its effect."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def assert_only_ids(body: bytes) -> None:
    text = body.decode().lower()
    for personal in (NAME, EMAIL, PHONE, "mustermann", "conv-"):
        assert personal.lower() not in text


@pytest.mark.parametrize("act, event", [
    (lambda vault: vault.erase_conversation("conv-a"), "lead.erased"),
    (lambda vault: vault.withdraw_consent("conv-a"), "consent.withdrawn"),
    (lambda vault: vault.withdraw_consent("conv-a", LEAD_PURPOSE), "consent.withdrawn"),
    (lambda vault: vault.erase_by_lookup(vault.email_lookup(EMAIL)), "lead.erased"),
    (lambda vault: vault.withdraw_by_lookup(vault.email_lookup(EMAIL)), "consent.withdrawn"),
], ids=["erase", "withdraw-everything", "withdraw-lead-purpose", "erase-by-email", "withdraw-by-email"])
def test_erasure_and_withdrawal_reach_the_crm_with_the_lead_id_only(database, vault_key, crm_factory, act, event):
    crm = crm_factory([200, 200])
    vault = crm_vault(database, vault_key, crm)
    lead_id = submitted(vault, "conv-a")
    act(vault)
    assert crm.done.wait(10)
    created, notice = crm.bodies()
    assert created["event"] == "lead.created" and created["id"] == lead_id
    assert set(notice) == EVENT_KEYS
    assert (notice["event"], notice["lead_id"]) == (event, lead_id)
    headers, body = crm.requests[1]
    assert verify(headers, body)
    assert_only_ids(body)
    assert eventually(lambda: waiting(vault) == []), "a delivered event is deleted"


def test_a_failing_crm_gets_the_event_again_later(database, vault_key, crm_factory):
    crm = crm_factory([200, 500, 500, 500, 200])
    vault = crm_vault(database, vault_key, crm)
    lead_id = submitted(vault, "conv-a")
    vault.erase_conversation("conv-a")
    assert eventually(lambda: len(crm.requests) == 4)
    time.sleep(0.2)  # the background delivery has given up after its three attempts
    assert len(crm.requests) == 4 and waiting(vault) == [("lead.erased", lead_id)]
    with vault.database.engine.connect() as connection:
        stored = json.dumps([dict(row._mapping) for row in connection.execute(select(CrmEvent))], default=str)
    assert_only_ids(stored.encode())

    assert crm_events.deliver_pending(vault.database, vault.webhook) == {"delivered": 1, "pending": 0}
    assert waiting(vault) == []
    refused, accepted = crm.bodies()[1], crm.bodies()[-1]
    assert accepted == refused and accepted["event"] == "lead.erased"
    assert verify(*crm.requests[-1])


def test_delivery_stops_at_the_first_refusal_and_keeps_the_order(database, vault_key, crm_factory):
    crm = crm_factory([200, 200, 500])
    vault = crm_vault(database, vault_key, crm, attempts=1)
    first, second = submitted(vault, "conv-a"), submitted(vault, "conv-b")
    assert eventually(lambda: len(crm.requests) == 2)
    with vault.database.session() as session:
        crm_events.queue(session, "lead.erased", [first, second])
    assert crm_events.deliver_pending(vault.database, vault.webhook) == {"delivered": 0, "pending": 2}
    assert len(crm.requests) == 3, "one refusal, no hammering"
    crm.statuses.append(200)
    crm.statuses.append(200)
    assert crm_events.deliver_pending(vault.database, vault.webhook) == {"delivered": 2, "pending": 0}
    assert [body["lead_id"] for body in crm.bodies()[3:]] == [first, second]


def test_nothing_is_queued_for_drafts_or_without_a_crm(database, vault_key, crm_factory):
    crm = crm_factory([200])
    vault = crm_vault(database, vault_key, crm)
    vault.record_consent("conv-draft", LEAD_PURPOSE, "Einwilligung", "v1", "de")
    vault.capture("conv-draft", "email", EMAIL)
    vault.erase_conversation("conv-draft")
    offline = LeadVault(database, VaultCrypto(vault_key))
    submitted(offline, "conv-offline")
    offline.withdraw_consent("conv-offline")
    assert waiting(vault) == [] and crm.requests == []


def test_withdrawing_another_purpose_tells_the_crm_nothing(database, vault_key, crm_factory):
    crm = crm_factory([200])
    vault = crm_vault(database, vault_key, crm)
    submitted(vault, "conv-a")
    assert crm.done.wait(10)
    vault.record_consent("conv-a", "newsletter", "Newsletter?", "1", "de")
    vault.withdraw_consent("conv-a", "newsletter")
    assert waiting(vault) == [] and len(crm.requests) == 1


def test_unknown_events_are_refused(database):
    with database.session() as session, pytest.raises(ValueError):
        crm_events.queue(session, "lead.updated", [1])


def test_a_lead_past_retention_is_erased_in_the_crm_too(database, vault_key, crm_factory):
    """The vault's retention period would mean little if the CRM kept the lead on."""
    from datetime import timedelta

    from core.storage.models import utcnow

    crm = crm_factory([200, 200])
    vault = crm_vault(database, vault_key, crm)
    expired = submitted(vault, "conv-old")
    assert eventually(lambda: len(crm.requests) == 1)
    vault.record_consent("conv-draft", LEAD_PURPOSE, "Einwilligung", "v1", "de")
    vault.capture("conv-draft", "email", EMAIL)  # a draft never reached the CRM: nothing to tell
    vault.purge(now=utcnow() + timedelta(days=vault.retention_days + 1))
    assert waiting(vault) == [("lead.erased", expired)]
    assert crm_events.deliver_pending(vault.database, vault.webhook) == {"delivered": 1, "pending": 0}
    notice = crm.bodies()[-1]
    assert (notice["event"], notice["lead_id"]) == ("lead.erased", expired)
    assert_only_ids(crm.requests[-1][1])


@pytest.mark.parametrize("act, event", [
    (lambda vault: vault.erase_by_lookup(vault.email_lookup(EMAIL)), "lead.erased"),
    (lambda vault: vault.withdraw_by_lookup(vault.email_lookup(EMAIL)), "consent.withdrawn"),
], ids=["erase", "withdraw"])
def test_a_request_by_email_tells_the_crm_once_per_lead(database, vault_key, crm_factory, act, event):
    """Several conversations with the address: one delivery run, so no event is sent twice."""
    crm = crm_factory([200] * 4)
    vault = crm_vault(database, vault_key, crm)
    first, second = submitted(vault, "conv-a"), submitted(vault, "conv-b")
    assert eventually(lambda: len(crm.requests) == 2)
    assert act(vault) == 2
    assert crm.done.wait(10)
    time.sleep(0.3)  # a second delivery run would send its copies now
    notices = [(body["event"], body["lead_id"]) for body in crm.bodies()[2:]]
    assert sorted(notices) == sorted([(event, first), (event, second)])
    assert eventually(lambda: waiting(vault) == [])
