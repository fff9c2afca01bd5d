"""The answers within a topic (retrieval intents) and about one service: short, filled, truthful in tone."""
from __future__ import annotations

from typing import Dict, Iterator, List, Tuple

import pytest
import yaml

from core.agency import load_facts, response_variables
from core.settings import PROJECT_ROOT
from core.templates import variables_in

MAX_CHARACTERS = 450


def responses() -> Dict[str, List[dict]]:
    found: Dict[str, List[dict]] = {}
    for path in sorted((PROJECT_ROOT / "domain" / "responses").glob("*.yml")):
        found.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return found


def language_of(variant: dict) -> str:
    return next(c["value"] for c in variant["condition"] if c["name"] == "language")


def rendered(name: str) -> Iterator[Tuple[str, str]]:
    """(language, text) of each variant, filled like the assistant does; utter_service for an offered and a not-offered service."""
    facts = load_facts()
    for variant in responses()[name]:
        language = language_of(variant)
        offered = {c["name"]: c["value"] for c in variant["condition"]}.get("service_offered", True)
        service = facts["services"][0]["key"] if offered else facts["not_offered"][0]["key"]
        values = response_variables(language, service=service)
        text = variant["text"]
        for variable in variables_in(text):
            text = text.replace(f"{{{variable}}}", values[variable])
        yield language, text


def short_answers() -> List[str]:
    return sorted(name for name in responses() if ("/" in name and not name.endswith("/general")) or name == "utter_service")


def test_there_are_answers_within_topics():
    assert {"utter_faq/jobs", "utter_faq/vendor_pitch", "utter_ask_pricing/chf", "utter_ask_bot/human"} <= set(short_answers())


@pytest.mark.parametrize("name", short_answers())
def test_answers_within_a_topic_are_short_and_filled(name):
    for language, text in rendered(name):
        assert len(text) <= MAX_CHARACTERS, (name, language, len(text))
        assert "{" not in text and text.strip(), (name, language, text)


def test_a_vendors_pitch_is_not_offered_a_consultation():
    """A vendor is no lead: the answer points to e-mail and has no button into the consultation form."""
    for variant in responses()["utter_faq/vendor_pitch"]:
        assert all(button["payload"] != "/request_consultation" for button in variant.get("buttons") or [])
        assert "{agency_email}" in variant["text"]


def test_are_you_human_is_answered_no_and_are_you_a_bot_never_yes():
    human = dict(rendered("utter_ask_bot/human"))
    assert human["de"].startswith("Nein, ich bin ein KI-Assistent") and human["en"].startswith("No, I'm an AI assistant")
    for _, text in rendered("utter_ask_bot/general"):
        assert not text.lower().startswith(("ja", "yes")), text


def test_a_service_the_agency_does_not_offer_is_said_plainly():
    texts = dict(rendered("utter_service"))  # the last variant per language: not offered
    assert "Amazon Ads betreuen wir nicht" in texts["de"] and "We don't manage Amazon Ads" in texts["en"]
