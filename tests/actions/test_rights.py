"""Erasure, access and withdrawal from inside the chat."""
from __future__ import annotations

import asyncio

from actions.consultation import CONSENT_PURPOSE
from core.lead_state import write_lead_state
from core.settings import get_settings
from actions.rights import ActionDeleteConversation, ActionExportConversation, ActionWithdrawConsent
from core.signals import ERASE_SIGNAL
from tests.actions.conftest import make_tracker

EVENTS = [
    {"event": "user", "text": "ich bin [PERSON]", "timestamp": 1.0, "parse_data": {"intent": {"name": "inform"}}},
    {"event": "bot", "text": "Danke!", "timestamp": 2.0},
    {"event": "action", "name": "action_listen", "timestamp": 3.0},
]


def consented_lead(vault):
    vault.record_consent("conv-test-1", CONSENT_PURPOSE, "Einwilligungstext", "v1", "de")
    vault.capture("conv-test-1", "email", "anna@example.org")


def test_delete_erases_lead_consents_and_signals_the_channel(dispatcher, domain, lead_vault, fake_redis):
    consented_lead(lead_vault)
    write_lead_state(fake_redis, get_settings(), "conv-test-1", "lead_phone")
    asyncio.run(ActionDeleteConversation().run(dispatcher, make_tracker(), domain))
    assert lead_vault.export_conversation("conv-test-1")["consents"] == []
    assert lead_vault.leads(include_drafts=True) == []
    assert not fake_redis.keys()
    assert dispatcher.messages[0]["response"] == "utter_data_deleted"
    assert dispatcher.messages[1]["custom"] == ERASE_SIGNAL


def test_export_contains_transcript_lead_and_consent(dispatcher, domain, lead_vault):
    consented_lead(lead_vault)
    asyncio.run(ActionExportConversation().run(dispatcher, make_tracker(events=EVENTS), domain))
    export = dispatcher.messages[1]["custom"]["diskret_export"]
    assert export["transcript"] == [
        {"from": "visitor", "text": "ich bin [PERSON]", "timestamp": 1.0, "intent": "inform"},
        {"from": "assistant", "text": "Danke!", "timestamp": 2.0},
    ]
    assert export["leads"][0]["email"] == "anna@example.org"
    assert export["consents"][0]["consent_text"] == "Einwilligungstext"


def test_export_states_how_long_each_part_is_kept(dispatcher, domain, lead_vault):
    """The answer promises "how long each item is kept": the export carries it, from the settings."""
    asyncio.run(ActionExportConversation().run(dispatcher, make_tracker(events=EVENTS), domain))
    retention = dispatcher.messages[1]["custom"]["diskret_export"]["retention"]
    settings = get_settings()
    assert set(retention) == {"conversation", "transcript", "leads", "consents"}
    assert retention["conversation"].startswith(f"{settings.session_ttl_seconds // 60} minutes")
    assert retention["transcript"].startswith(f"{settings.transcript_retention_days} days")
    assert retention["leads"].startswith(f"{settings.lead_retention_days} days")


def test_withdrawal_deletes_the_lead_and_marks_the_consent(dispatcher, domain, lead_vault):
    consented_lead(lead_vault)
    asyncio.run(ActionWithdrawConsent().run(dispatcher, make_tracker(), domain))
    assert lead_vault.leads(include_drafts=True) == []
    assert lead_vault.export_conversation("conv-test-1")["consents"][0]["withdrawn_at"]
    assert dispatcher.messages[-1]["response"] == "utter_consent_withdrawn"


def test_withdrawal_without_consent_says_so(dispatcher, domain):
    asyncio.run(ActionWithdrawConsent().run(dispatcher, make_tracker(), domain))
    assert dispatcher.messages[-1]["response"] == "utter_no_consent_to_withdraw"
