"""Rasa's templated responses, in the visitor's language and filled with the agency's facts.

Configured in ``endpoints.yml`` as ``nlg: type: bot.nlg.AgencyResponseGenerator``. Responses
choose their variant by a condition on the ``language`` slot; this generator makes sure the
slot has a value even in the very first turn of a session, before any action has set it.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, Mapping, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import SESSION_START_METADATA_SLOT
from rasa.shared.core.trackers import DialogueStateTracker

from core.agency import find_service, load_facts, response_variables
from core.languages import DEFAULT_LANGUAGE, other_language, resolve_language
from core.templates import fill

# The parts of a response Rasa fills (rasa.core.nlg.response); button payloads are intents, not text.
FILLED_KEYS = ("text", "image", "custom", "buttons", "attachment", "quick_replies")
UNFILLED_KEYS = frozenset({"payload"})
# The service a visitor named (slot filled from the `service` entity), and whether data/agency.yml
# lists it as offered: utter_service picks its variant by this condition (domain/core.yml).
SERVICE_SLOT = "service"
SERVICE_OFFERED_SLOT = "service_offered"


def tracker_language(tracker: DialogueStateTracker) -> str:
    """The language slot, else the language of the page that started the session."""
    slots = tracker.current_slot_values()
    if slots.get("language"):
        return slots["language"]
    latest = tracker.latest_message
    metadata = slots.get(SESSION_START_METADATA_SLOT) or (latest.metadata if latest else None)
    return resolve_language(metadata, latest.text if latest and latest.text else "")


def _filled(part: Any, values: Mapping[str, Any], fallback: Mapping[str, Any], response: str) -> Any:
    if isinstance(part, str):
        return fill(part, values, fallback, response)
    if isinstance(part, list):
        return [_filled(item, values, fallback, response) for item in part]
    if isinstance(part, dict):
        return {key: item if key in UNFILLED_KEYS else _filled(item, values, fallback, response)
                for key, item in part.items()}
    return part


class AgencyResponseGenerator(TemplatedNaturalLanguageGenerator):
    """Picks the response variant for the visitor's language and inserts the agency's facts.

    Filling goes through :func:`core.templates.fill` rather than Rasa's interpolator, which
    would send the raw ``{template}`` when one variable is unknown.
    """

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        language = tracker_language(tracker)
        filled_slots = {**tracker.current_slot_values(), "language": language}
        return self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)

    def generate_from_slots(
        self, utter_action: Text, filled_slots: Dict[Text, Any], output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        language = filled_slots.get("language") or DEFAULT_LANGUAGE
        service = filled_slots.get(SERVICE_SLOT)
        filled_slots = {**filled_slots, SERVICE_OFFERED_SLOT: find_service(service, load_facts())[1]}
        response = self._random_response_for(utter_action, output_channel, filled_slots)
        if response is None:
            return None
        values = {**filled_slots, **response_variables(language, service=service), **kwargs}
        fallback = response_variables(other_language(language), service=service)
        response = copy.deepcopy(response)
        for key in FILLED_KEYS:
            if key in response:
                response[key] = _filled(response[key], values, fallback, utter_action)
        return response
