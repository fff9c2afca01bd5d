"""Data-subject rights from inside the chat: erasure, access and withdrawal of consent.

Erasure of the conversation itself (the Redis tracker, the transcript archive) happens in
the input channel right after this turn is saved, signalled by ``ERASE_SIGNAL``; this action
deletes what only the action server reaches: the lead and the consent records.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.settings import Settings, get_settings
from actions.consultation import reset_lead_slots
from core.lead_state import clear_lead_state
from core.services import redis_client, vault
from core.signals import ERASE_SIGNAL, EXPORT_KEY

TRANSCRIPT_EVENTS = ("user", "bot")


def transcript(tracker: Tracker) -> List[Dict[str, Any]]:
    """The (already redacted) messages of this conversation, oldest first."""
    return [
        {
            "from": "visitor" if event["event"] == "user" else "assistant",
            "text": event.get("text"),
            "timestamp": event.get("timestamp"),
            **({"intent": (event.get("parse_data") or {}).get("intent", {}).get("name")} if event["event"] == "user" else {}),
        }
        for event in tracker.events
        if event.get("event") in TRANSCRIPT_EVENTS
    ]


def retention_periods(settings: Settings) -> Dict[str, str]:
    """How long each part of the export is kept, as the privacy notice states it (in English, like the keys)."""
    return {
        "conversation": f"{max(1, settings.session_ttl_seconds // 60)} minutes after the last message",
        "transcript": f"{settings.transcript_retention_days} days (redacted, for compliance review)",
        "leads": f"{settings.lead_retention_days} days at most; deleted at once on withdrawal",
        "consents": "as long as the lead they allow, as proof of consent",
    }


class ActionDeleteConversation(Action):
    """Right to erasure (Art. 17): deletes lead and consents now, the conversation after this turn."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        vault().erase_conversation(tracker.sender_id)
        clear_lead_state(redis_client(), get_settings(), tracker.sender_id)
        dispatcher.utter_message(response="utter_data_deleted")
        dispatcher.utter_message(json_message=ERASE_SIGNAL)
        return reset_lead_slots()


class ActionExportConversation(Action):
    """Right of access (Art. 15): everything tied to this conversation, as JSON, to the visitor."""

    def name(self) -> Text:
        return "action_export_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        export = {
            "conversation_id": tracker.sender_id,
            "transcript": transcript(tracker),
            **vault().export_conversation(tracker.sender_id),
            "retention": retention_periods(get_settings()),
        }
        dispatcher.utter_message(response="utter_data_access")
        dispatcher.utter_message(json_message={EXPORT_KEY: export})
        return []


class ActionWithdrawConsent(Action):
    """Withdrawal (Art. 7(3)): as easy as giving consent; the lead is deleted at once."""

    def name(self) -> Text:
        return "action_withdraw_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        withdrawn = vault().withdraw_consent(tracker.sender_id)
        clear_lead_state(redis_client(), get_settings(), tracker.sender_id)
        dispatcher.utter_message(response="utter_consent_withdrawn" if withdrawn else "utter_no_consent_to_withdraw")
        return reset_lead_slots()
