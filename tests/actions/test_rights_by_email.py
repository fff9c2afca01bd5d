"""Withdrawal and erasure of an earlier chat's request by its e-mail address (issue 16)."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation import CONSENT_PURPOSE
from actions.rights_by_email import (
    ActionCancelRightsByEmail, ActionConfirmRightsByEmail, ActionRightsByEmail, ValidateRightsEmailForm,
)
from core.rights_request import await_rights_email, encode_rights_request, rights_request_key
from core.settings import get_settings
from tests.actions.conftest import make_tracker

ADDRESS = "anna.berg@example.org"


def earlier_lead(vault, conversation: str = "conv-earlier") -> None:
    vault.record_consent(conversation, CONSENT_PURPOSE, "Einwilligungstext", "v1", "de")
    vault.capture(conversation, "email", ADDRESS)


def address_given(fake_redis, vault, address: str = ADDRESS) -> None:
    """What the input channel leaves in Redis after the visitor typed the address."""
    fake_redis.set(rights_request_key(get_settings(), "conv-test-1"), encode_rights_request(vault.email_lookup(address)),
                   ex=get_settings().rights_request_ttl_seconds)


def responses(dispatcher) -> list:
    return [message.get("response") for message in dispatcher.messages]


def slots(events) -> dict:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


@pytest.mark.parametrize("intent, text, kept", [
    ("inform", "[EMAIL]", "[EMAIL]"),
    ("inform", "die war [EMAIL], danke", "[EMAIL]"),
    ("deny", "nein danke", "declined"),
    ("deny", "no thanks", "declined"),
    ("ask_pricing", "Was kostet SEO?", "missing"),
    ("inform", "anna punkt berg bei example", "missing"),
])
def test_one_answer_ends_the_address_step(dispatcher, domain, intent, text, kept):
    result = ValidateRightsEmailForm().validate_rights_email(text, dispatcher, make_tracker(intent=intent, text=text), domain)
    assert result == {"rights_email": kept}
    assert dispatcher.messages == []


@pytest.mark.parametrize("purpose", ["withdraw", "erase"])
def test_a_given_address_is_confirmed_before_acting(dispatcher, domain, lead_vault, fake_redis, purpose):
    earlier_lead(lead_vault)
    address_given(fake_redis, lead_vault)
    tracker = make_tracker(slots={"rights_by_email": purpose, "rights_email": "[EMAIL]"})
    events = asyncio.run(ActionConfirmRightsByEmail().run(dispatcher, tracker, domain))
    assert responses(dispatcher) == [f"utter_confirm_{purpose}_by_email"]
    assert slots(events) == {"rights_email": None}, "the request stays pending for the answer"
    assert lead_vault.find_conversations_by_email(ADDRESS) == ["conv-earlier"], "nothing happens before 'Ja'"


@pytest.mark.parametrize("answer, response", [
    ("declined", "utter_rights_by_email_cancelled"),
    ("missing", "utter_rights_email_missing"),
    ("[EMAIL]", "utter_rights_by_email_expired"),  # the address's hashes expired (or never arrived)
])
def test_without_an_address_nothing_is_asked_and_the_request_forgotten(dispatcher, domain, fake_redis, answer, response):
    await_rights_email(fake_redis, get_settings(), "conv-test-1")
    tracker = make_tracker(slots={"rights_by_email": "withdraw", "rights_email": answer})
    events = asyncio.run(ActionConfirmRightsByEmail().run(dispatcher, tracker, domain))
    assert responses(dispatcher) == [response]
    assert slots(events) == {"rights_by_email": None, "rights_email": None}
    assert not fake_redis.keys()


def test_yes_withdraws_every_lead_of_the_address(dispatcher, domain, lead_vault, fake_redis):
    earlier_lead(lead_vault)
    earlier_lead(lead_vault, "conv-earlier-2")
    address_given(fake_redis, lead_vault, " Anna.Berg@EXAMPLE.org")
    tracker = make_tracker(slots={"rights_by_email": "withdraw"}, intent="affirm")
    events = asyncio.run(ActionRightsByEmail().run(dispatcher, tracker, domain))
    assert responses(dispatcher) == ["utter_withdraw_by_email_done"]
    assert lead_vault.leads(include_drafts=True) == []
    consents = lead_vault.export_conversation("conv-earlier")["consents"]
    assert consents and all(consent["withdrawn_at"] for consent in consents)
    assert slots(events) == {"rights_by_email": None, "rights_email": None}
    assert not fake_redis.keys()


def test_yes_erases_every_lead_of_the_address_and_its_consents(dispatcher, domain, lead_vault, fake_redis):
    earlier_lead(lead_vault)
    address_given(fake_redis, lead_vault)
    asyncio.run(ActionRightsByEmail().run(dispatcher, make_tracker(slots={"rights_by_email": "erase"}), domain))
    assert responses(dispatcher) == ["utter_erase_by_email_done"]
    assert lead_vault.export_conversation("conv-earlier") == {"conversation_id": "conv-earlier", "leads": [], "consents": []}


def test_the_answer_does_not_tell_whether_the_address_had_a_lead(domain, lead_vault, fake_redis):
    """Whoever types someone else's address must learn nothing."""
    earlier_lead(lead_vault)
    answers = []
    for address in (ADDRESS, "nobody@example.net"):
        dispatcher = CollectingDispatcher()
        address_given(fake_redis, lead_vault, address)
        asyncio.run(ActionRightsByEmail().run(dispatcher, make_tracker(slots={"rights_by_email": "erase"}), domain))
        answers.append(dispatcher.messages)
    assert answers[0] == answers[1]


def test_yes_after_the_request_expired_changes_nothing(dispatcher, domain, lead_vault):
    earlier_lead(lead_vault)
    asyncio.run(ActionRightsByEmail().run(dispatcher, make_tracker(slots={"rights_by_email": "erase"}), domain))
    assert responses(dispatcher) == ["utter_rights_by_email_expired"]
    assert lead_vault.find_conversations_by_email(ADDRESS) == ["conv-earlier"]


def test_no_keeps_everything_and_forgets_the_address(dispatcher, domain, lead_vault, fake_redis):
    earlier_lead(lead_vault)
    address_given(fake_redis, lead_vault)
    tracker = make_tracker(slots={"rights_by_email": "withdraw"}, intent="deny")
    asyncio.run(ActionCancelRightsByEmail().run(dispatcher, tracker, domain))
    assert responses(dispatcher) == ["utter_rights_by_email_cancelled"]
    assert lead_vault.find_conversations_by_email(ADDRESS) == ["conv-earlier"]
    assert not fake_redis.keys()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("purpose", ["erase", "withdraw"])
def test_the_address_question_exists_for_each_request_in_both_languages(domain, language, purpose):
    variants = [v for v in domain["responses"]["utter_ask_rights_email"]
                if {"type": "slot", "name": "language", "value": language} in v["condition"]
                and {"type": "slot", "name": "rights_by_email", "value": purpose} in v["condition"]]
    assert len(variants) == 1
    assert "{agency_email}" in variants[0]["text"], "the e-mail route is offered too"
    assert "/deny" in [button["payload"] for button in variants[0]["buttons"]], "the visitor may decline"
