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
