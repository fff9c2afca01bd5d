"""Erasure, access and withdrawal from inside the chat."""
from __future__ import annotations

import asyncio
import json

import pytest

from actions.consultation import CONSENT_PURPOSE
from core.lead_state import write_lead_state
from core.settings import get_settings
from actions.rights import ActionDeleteConversation, ActionExportConversation, ActionRequestDeletion, ActionWithdrawConsent
from core.rights_request import rights_request_key
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


def slot_events(events) -> dict:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_withdrawal_is_one_step_and_needs_no_confirmation(dispatcher, domain, lead_vault, fake_redis):
    consented_lead(lead_vault)
    events = asyncio.run(ActionWithdrawConsent().run(dispatcher, make_tracker(intent="withdraw_consent"), domain))
    assert [message["response"] for message in dispatcher.messages] == ["utter_consent_withdrawn"]
    assert slot_events(events)["rights_by_email"] is None
    assert not fake_redis.exists(rights_request_key(get_settings(), "conv-test-1"))


def test_withdrawal_without_consent_here_asks_for_the_earlier_chats_address(dispatcher, domain, fake_redis):
    """Issue 16: no longer "nothing stored" while a lead from an earlier chat is kept 180 days."""
    events = asyncio.run(ActionWithdrawConsent().run(dispatcher, make_tracker(intent="withdraw_consent"), domain))
    assert dispatcher.messages == [], "the form's question (utter_ask_rights_email) says it"
    assert slot_events(events)["rights_by_email"] == "withdraw"
    key = rights_request_key(get_settings(), "conv-test-1")
    assert json.loads(fake_redis.get(key)) == {"lookup": None}
    assert 0 < fake_redis.ttl(key) <= get_settings().rights_request_ttl_seconds


def test_deletion_request_asks_before_erasing(dispatcher, domain, lead_vault):
    consented_lead(lead_vault)
    events = asyncio.run(ActionRequestDeletion().run(dispatcher, make_tracker(intent="request_data_deletion"), domain))
    assert [message["response"] for message in dispatcher.messages] == ["utter_confirm_deletion"]
    assert lead_vault.leads(include_drafts=True), "nothing erased before the visitor confirms"
    assert slot_events(events) == {"rights_by_email": None}


def test_deletion_request_without_a_lead_here_asks_for_the_earlier_chats_address(dispatcher, domain, fake_redis):
    events = asyncio.run(ActionRequestDeletion().run(dispatcher, make_tracker(intent="request_data_deletion"), domain))
    assert dispatcher.messages == []
    assert slot_events(events) == {"rights_by_email": "erase"}
    assert fake_redis.exists(rights_request_key(get_settings(), "conv-test-1"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_confirmation_question_has_yes_and_no_buttons_in_the_chats_language(domain, language):
    variant = next(v for v in domain["responses"]["utter_confirm_deletion"]
                   if {"type": "slot", "name": "language", "value": language} in v["condition"])
    assert [button["payload"] for button in variant["buttons"]] == ["/confirm_data_deletion", "/deny"]
    assert variant["buttons"][0]["title"] == {"de": "Ja, löschen", "en": "Yes, delete"}[language]


def test_an_export_of_an_empty_chat_says_why_there_is_no_access_by_email(dispatcher, domain):
    asyncio.run(ActionExportConversation().run(dispatcher, make_tracker(events=EVENTS), domain))
    assert dispatcher.messages[-1]["response"] == "utter_no_access_by_email"


def test_an_export_with_a_lead_has_no_note_about_earlier_chats(dispatcher, domain, lead_vault):
    consented_lead(lead_vault)
    asyncio.run(ActionExportConversation().run(dispatcher, make_tracker(events=EVENTS), domain))
    assert "utter_no_access_by_email" not in [message.get("response") for message in dispatcher.messages]
