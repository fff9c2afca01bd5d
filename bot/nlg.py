"""Rasa's templated responses, in the visitor's language and filled with the agency's facts.

Configured in ``endpoints.yml`` as ``nlg: type: bot.nlg.AgencyResponseGenerator``. Responses
choose their variant by a condition on the ``language`` slot; this generator makes sure the
slot has a value even in the very first turn of a session, before any action has set it.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import SESSION_START_METADATA_SLOT
from rasa.shared.core.trackers import DialogueStateTracker

from core.agency import response_variables
from core.languages import resolve_language


def tracker_language(tracker: DialogueStateTracker) -> str:
    """The language slot, else the language of the page that started the session."""
    slots = tracker.current_slot_values()
    if slots.get("language"):
        return slots["language"]
    latest = tracker.latest_message
    metadata = slots.get(SESSION_START_METADATA_SLOT) or (latest.metadata if latest else None)
    return resolve_language(metadata, latest.text if latest and latest.text else "")


class AgencyResponseGenerator(TemplatedNaturalLanguageGenerator):
    """Picks the response variant for the visitor's language and inserts the agency's facts."""

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        language = tracker_language(tracker)
        filled_slots = {**tracker.current_slot_values(), "language": language}
        variables = {**response_variables(language), **kwargs}
        return self.generate_from_slots(utter_action, filled_slots, output_channel, **variables)
