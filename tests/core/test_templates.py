"""A response's variables are filled so that a visitor never sees a raw ``{template}``."""
from __future__ import annotations

import logging

from core.templates import fill, variables_in


def test_known_variables_are_filled():
    assert fill("Call {agency_phone}.", {"agency_phone": "+49 30 1"}, {}, "utter_contact") == "Call +49 30 1."


def test_an_unknown_variable_is_left_out_and_only_its_name_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="core.templates"):
        text = fill("Call {agency_phon} now.", {"agency_phone": "+49 30 1", "lead_name": "Frieda"}, {}, "utter_contact")
    assert text == "Call  now." and "{" not in text
    assert "utter_contact" in caplog.text and "{agency_phon}" in caplog.text
    assert "+49 30 1" not in caplog.text and "Frieda" not in caplog.text


def test_a_value_missing_in_one_language_takes_the_other_languages():
    text = fill("Erreichbar: {agency_hours}", {"agency_hours": ""}, {"agency_hours": "Mon–Fri"}, "utter_contact")
    assert text == "Erreichbar: Mon–Fri"


def test_an_empty_slot_is_never_shown_as_none():
    assert fill("Hallo {lead_name}!", {"lead_name": None}, {}, "utter_greet") == "Hallo !"


def test_a_name_with_a_space_counts_as_a_variable():
    assert variables_in("{agency name} und {agency_phone}") == ["agency name", "agency_phone"]
    assert fill("{agency name}", {}, {}, "utter_x") == ""
