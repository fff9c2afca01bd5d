"""No bot message is longer than 450 characters once its {variables} are filled with the real agency facts.

Every variant of every response in domain/responses/, in both languages, goes through the NLG
the Rasa server uses (bot/nlg.py) with data/agency.yml and the default settings. The answers
filled per service by the action server (actions/services.py) are rendered for every service,
and {team_availability} takes its longest wording over a week of opening and closing times.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import yaml

import core.agency
from actions.consultation import CONSENT_RESPONSES
from actions.services import service_buttons
from bot.nlg import AgencyResponseGenerator
from core.agency import SERVICE_VARIABLES, load_facts, service_variables
from core.opening_hours import availability
from core.settings import PROJECT_ROOT

MAX_CHARS = 450
LANGUAGES = ("de", "en")


def all_responses() -> Dict[str, List[Dict[str, Any]]]:
    responses: Dict[str, List[Dict[str, Any]]] = {}
    for path in sorted((PROJECT_ROOT / "domain" / "responses").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return responses


def language_of(variant: Dict[str, Any]) -> str:
    return next((c.get("value") for c in variant.get("condition") or [] if c.get("name") == "language"), "")


def longest_availability(language: str) -> str:
    """The longest "the team answers now / from …" sentence over one week, hour by hour."""
    facts = load_facts()
    start = datetime(2026, 3, 23, tzinfo=timezone.utc)  # a Monday in winter time, the week DST starts
    return max((availability(facts, language, start + timedelta(minutes=30 * step)) for step in range(2 * 24 * 8)), key=len)


@pytest.fixture(autouse=True)
def longest_team_availability(monkeypatch):
    monkeypatch.setattr(core.agency, "availability", lambda facts, language, moment: longest_availability(language))


def rendered() -> Iterator[Tuple[str, str, str]]:
    """(response, language, filled text) for every variant; service answers once per service."""
    responses = all_responses()
    keys = [service["key"] for service in load_facts().get("services", [])]
    for name, variants in sorted(responses.items()):
        for variant in variants:
            language = language_of(variant)
            per_service = any(f"{{{variable}}}" in variant.get("text", "") for variable in SERVICE_VARIABLES)
            for key in keys if per_service else [None]:
                extra = service_variables(key, language) if key else {}
                # Only this variant: the generator picks by the language slot.
                single = AgencyResponseGenerator(domain=SimpleNamespace(responses={name: [variant]}))
                slots = {c["name"]: c.get("value") for c in variant.get("condition") or []}  # what picks this variant
                reply = single.generate_from_slots(name, slots, "socketio", **extra)
                yield f"{name}{'[' + key + ']' if key else ''}", language, reply["text"]


def test_every_variant_has_a_language():
    assert all(language_of(v) in LANGUAGES for variants in all_responses().values() for v in variants)


def test_no_message_is_longer_than_450_characters():
    too_long = [(name, language, len(text)) for name, language, text in rendered() if len(text) > MAX_CHARS]
    assert too_long == [], f"shorten these (or move details behind 'Mehr erfahren'): {too_long}"


def test_the_check_sees_the_long_lists_and_every_service():
    names = {name for name, _, _ in rendered()}
    keys = [service["key"] for service in load_facts()["services"]]
    assert {"utter_privacy", "utter_services", "utter_pricing", "utter_references"} <= names
    assert {f"utter_service_info[{key}]" for key in keys} <= names


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_short_answers_offer_the_details(language):
    """Each shortened answer keeps a way to the details: a button that needs no NLU training data."""
    payloads = {name: [button["payload"] for variant in variants if language_of(variant) == language
                       for button in variant.get("buttons") or []]
                for name, variants in all_responses().items()}
    assert '/ask_privacy{"detail":"more"}' in payloads["utter_privacy"]
    assert '/ask_services{"detail":"more"}' in payloads["utter_services"]
    assert '/ask_pricing{"detail":"more"}' in payloads["utter_pricing"]
    assert '/ask_references{"detail":"more"}' in payloads["utter_references"]
    assert [b["payload"] for b in service_buttons(language)] == \
        [f'/ask_services{{"service":"{s["key"]}"}}' for s in load_facts()["services"]]


@pytest.mark.parametrize("language, words", [
    ("de", ["Nordlicht Digital GmbH", "CRM", "freiwillig", "widerruf", "Einwilligung widerrufen", "@", "Datenschutzerklärung: http"]),
    ("en", ["Nordlicht Digital GmbH", "CRM", "voluntary", "withdraw", "withdraw consent", "@", "Privacy notice: http"]),
])
def test_the_consent_text_keeps_every_element_across_its_two_messages(language, words):
    texts = {name: text for name, lang, text in rendered() if lang == language}
    consent = "\n\n".join(texts[name] for name in CONSENT_RESPONSES)
    assert all(word in consent for word in words), consent
    assert all(len(texts[name]) <= MAX_CHARS for name in CONSENT_RESPONSES)
