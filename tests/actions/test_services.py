"""'Mehr erfahren' behind the short answers: one button per service, then that service's details."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker

from actions.consultation import ActionAskContactConsent
from actions.services import ActionServiceInfo, ActionShowServices
from core.agency import load_facts, service_names
from tests.actions.conftest import make_tracker


def clicked(language: str, intent: str, **entities) -> Tracker:
    tracker = make_tracker({"language": language}, intent=intent, text=f"/{intent}")
    tracker.latest_message["entities"] = [{"entity": name, "value": value} for name, value in entities.items()]
    return tracker


@pytest.mark.parametrize("language", ["de", "en"])
def test_more_details_shows_one_button_per_service(dispatcher, domain, language):
    asyncio.run(ActionShowServices().run(dispatcher, clicked(language, "ask_pricing", detail="more"), domain))
    [message] = dispatcher.messages
    assert message["response"] == "utter_service_picker"
    assert [b["title"] for b in message["buttons"]] == list(service_names(language).values())
    assert message["buttons"][0]["payload"] == '/ask_services{"service":"%s"}' % load_facts()["services"][0]["key"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_service_with_a_reference_gets_its_details_then_the_example(dispatcher, domain, language):
    asyncio.run(ActionServiceInfo().run(dispatcher, clicked(language, "ask_services", service="sea"), domain))
    info, example = dispatcher.messages
    assert info["response"] == "utter_service_info" and example["response"] == "utter_service_reference"
    service = next(s for s in load_facts()["services"] if s["key"] == "sea")
    assert info["service_name"] == service["name"][language] and info["service_price"] == service["price"][language]
    assert example["reference_result"]


def test_a_service_without_a_reference_gets_the_offer_instead(dispatcher, domain):
    keys = {r["service"] for r in load_facts()["references"]}
    key = next(s["key"] for s in load_facts()["services"] if s["key"] not in keys)
    asyncio.run(ActionServiceInfo().run(dispatcher, clicked("de", "ask_services", service=key), domain))
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_info", "utter_service_offer"]


def test_an_unknown_service_offers_the_current_list(dispatcher, domain):
    asyncio.run(ActionServiceInfo().run(dispatcher, clicked("de", "ask_services", service="fax"), domain))
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_picker"]
    assert len(dispatcher.messages[0]["buttons"]) == len(load_facts()["services"])


def test_the_consent_step_sends_the_information_then_the_question(dispatcher, domain):
    asyncio.run(ActionAskContactConsent().run(dispatcher, make_tracker(), domain))
    assert [m["response"] for m in dispatcher.messages] == ["utter_contact_consent_info", "utter_ask_contact_consent"]
