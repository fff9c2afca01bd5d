"""The action server renders a response exactly as the Rasa server does, and never with a raw ``{template}``."""
from __future__ import annotations

from actions.responses import render_response
from core.agency import response_variables


def domain(text: str):
    return {"responses": {"utter_test": [
        {"condition": [{"type": "slot", "name": "language", "value": "de"}], "text": text}]}}


def test_the_agency_facts_are_filled_in():
    assert render_response(domain("Wir sind {agency_name}."), "utter_test", "de") == \
        f"Wir sind {response_variables('de')['agency_name']}."


def test_a_misspelt_variable_is_left_out_instead_of_failing_the_action():
    """``str.format`` raised KeyError, so the consent question's action failed for the visitor."""
    assert render_response(domain("Wir sind {agency_nam}."), "utter_test", "de") == "Wir sind ."
