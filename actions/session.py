"""Session start: every session opens by saying that the visitor talks to an AI (AI Act Art. 50)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from core.languages import resolve_language


class ActionSessionStart(Action):
    """Starts the session in the page's language and discloses the AI before anything else."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        metadata = tracker.get_slot("session_started_metadata") or {}
        language = resolve_language(metadata, tracker.latest_message.get("text") or "")
        dispatcher.utter_message(response="utter_ai_disclosure")
        return [SessionStarted(), SlotSet("language", language), ActionExecuted("action_listen")]
