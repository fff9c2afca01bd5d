"""Rasa's responses in the visitor's language, filled with the agency's facts, never with a raw ``{template}``."""
from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

from rasa.shared.core.events import SlotSet
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import AgencyResponseGenerator
from core.agency import response_variables


def variant(language: str, text: str, **extra):
    return {"condition": [{"type": "slot", "name": "language", "value": language}], "text": text, **extra}


def generate(responses, language="en", **slots):
    declared = [TextSlot(name, mappings=[{}]) for name in ("language", "lead_name")]
    tracker = DialogueStateTracker("visitor", slots=declared)
    tracker.update(SlotSet("language", language))
    for name, value in slots.items():
        tracker.update(SlotSet(name, value))
    generator = AgencyResponseGenerator(domain=SimpleNamespace(responses=responses))
    return asyncio.run(generator.generate("utter_test", tracker, "socketio"))


def test_the_agency_facts_are_filled_in_the_visitors_language():
    reply = generate({"utter_test": [variant("de", "Tel. {agency_phone}, {agency_hours}"),
                                     variant("en", "Phone {agency_phone}, {agency_hours}")]})
    english = response_variables("en")
    assert reply["text"] == f"Phone {english['agency_phone']}, {english['agency_hours']}"


def test_a_misspelt_variable_never_reaches_the_visitor(caplog):
    """Rasa's interpolator sent the whole raw text, ``{agency_phone}`` and all, when one name was unknown."""
    buttons = [{"title": "Call {agency_phon}", "payload": "/request_human"}]
    with caplog.at_level(logging.WARNING, logger="core.templates"):
        reply = generate({"utter_test": [variant("en", "{agency_name}: call {agency_phon}", buttons=buttons)]})
    assert reply["text"] == f"{response_variables('en')['agency_name']}: call "
    assert reply["buttons"] == [{"title": "Call ", "payload": "/request_human"}]
    assert "utter_test" in caplog.text and "{agency_phon}" in caplog.text


def test_an_empty_slot_is_left_out_rather_than_shown_as_none():
    assert generate({"utter_test": [variant("en", "Thanks{lead_name}!")]})["text"] == "Thanks!"


def test_button_payloads_stay_as_written():
    buttons = [{"title": "SEO", "payload": '/inform{"service":"seo"}'}]
    reply = generate({"utter_test": [variant("en", "Pick one", buttons=buttons)]})
    assert reply["buttons"] == buttons


def service_variant(language: str, offered: bool, text: str):
    return {"condition": [{"type": "slot", "name": "language", "value": language},
                          {"type": "slot", "name": "service_offered", "value": offered}], "text": text}


def answer_about(service: str, language: str, action: str = "utter_service", responses=None):
    responses = responses or {"utter_service": [
        service_variant("de", True, "{service_name}: {service_price}"), service_variant("de", False, "{service_summary}"),
        service_variant("en", True, "{service_name}: {service_price}"), service_variant("en", False, "{service_summary}")]}
    tracker = DialogueStateTracker("visitor", slots=[TextSlot(name, mappings=[{}]) for name in ("language", "service")])
    tracker.update(SlotSet("language", language))
    tracker.update(SlotSet("service", service))
    generator = AgencyResponseGenerator(domain=SimpleNamespace(responses=responses))
    return asyncio.run(generator.generate(action, tracker, "socketio"))["text"]


def test_a_named_service_gets_its_own_facts_in_the_visitors_language():
    assert answer_about("seo", "de") == "Suchmaschinenoptimierung (SEO): ab 890 € pro Monat"
    assert answer_about("SEA", "en") == "Search engine advertising (SEA / Google Ads): from €690 per month plus ad budget"


def test_a_service_the_agency_does_not_offer_says_so():
    """Amazon Ads is under not_offered in data/agency.yml: the other variant, with the agency's own words."""
    assert answer_about("amazon_ads", "de").startswith("Amazon Ads betreuen wir nicht.")
    assert answer_about("amazon_ads", "en").startswith("We don't manage Amazon Ads.")


def test_retrieval_answers_are_filled_and_in_the_visitors_language():
    responses = {"utter_faq/jobs": [variant("de", "Bewerbungen an {agency_email}"), variant("en", "Apply at {agency_email}")]}
    email = response_variables("en")["agency_email"]
    assert answer_about("", "en", "utter_faq/jobs", responses) == f"Apply at {email}"
    assert answer_about("", "de", "utter_faq/jobs", responses) == f"Bewerbungen an {email}"
