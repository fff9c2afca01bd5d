"""Custom slot mappings, run after every visitor message: keeps the ``language`` slot current."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher

from core.languages import resolve_language


class ValidateSlotMappings(ValidationAction):
    """Fills the ``language`` slot from the page language or, failing that, the message."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        message = tracker.latest_message or {}
        language = resolve_language(message.get("metadata"), message.get("text") or "", tracker.get_slot("language"))
        return {"language": language}
