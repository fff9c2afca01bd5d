"""Data-subject rights from inside the chat: erasure, access and withdrawal of consent.

Erasure of the conversation itself (the Redis tracker, the transcript archive) happens in
the input channel right after this turn is saved, signalled by ``ERASE_SIGNAL``; this action
deletes what only the action server reaches: the lead and the consent records. Erasure is
confirmed first; withdrawal is one step, as easy as consenting.

When the current chat holds nothing, a request from an earlier chat is found by the e-mail
address given there (``actions.rights_by_email``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.settings import Settings, get_settings
from actions.consultation import reset_lead_slots
from core.lead_state import clear_lead_state
from core.rights_request import await_rights_email
from core.services import redis_client, vault
from core.signals import ERASE_SIGNAL, EXPORT_KEY

TRANSCRIPT_EVENTS = ("user", "bot")
# Slot naming the request from an earlier chat the visitor is asked an address for (domain/core.yml).
RIGHTS_BY_EMAIL_SLOT = "rights_by_email"
ERASE, WITHDRAW = "erase", "withdraw"


def ask_for_earlier_email(tracker: Tracker, purpose: str) -> List[EventType]:
    """Nothing here: the rule runs ``rights_email_form`` next, whose question (``utter_ask_rights_email``)
    says so and asks for the address; the input channel will keep only its keyed hashes."""
    await_rights_email(redis_client(), get_settings(), tracker.sender_id)
    return [SlotSet(RIGHTS_BY_EMAIL_SLOT, purpose)]


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


class ActionRequestDeletion(Action):
    """"Lösch meine Daten": asks before erasing; a chat without a lead is asked for an earlier chat's address."""

    def name(self) -> Text:
        return "action_request_deletion"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if vault().holds_data(tracker.sender_id):
            dispatcher.utter_message(response="utter_confirm_deletion")
            return [SlotSet(RIGHTS_BY_EMAIL_SLOT, None)]
        return ask_for_earlier_email(tracker, ERASE)


class ActionDeleteConversation(Action):
    """Right to erasure (Art. 17): deletes lead and consents now, the conversation after this turn."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        vault().erase_conversation(tracker.sender_id)
        clear_lead_state(redis_client(), get_settings(), tracker.sender_id)
        dispatcher.utter_message(response="utter_data_deleted")
        dispatcher.utter_message(json_message=ERASE_SIGNAL)
        return reset_lead_slots() + [SlotSet(RIGHTS_BY_EMAIL_SLOT, None)]


class ActionExportConversation(Action):
    """Right of access (Art. 15): everything tied to this conversation, as JSON, to the visitor."""

    def name(self) -> Text:
        return "action_export_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        stored = vault().export_conversation(tracker.sender_id)
        export = {
            "conversation_id": tracker.sender_id,
            "transcript": transcript(tracker),
            **stored,
            "retention": retention_periods(get_settings()),
        }
        dispatcher.utter_message(response="utter_data_access")
        dispatcher.utter_message(json_message={EXPORT_KEY: export})
        if not stored["leads"] and not stored["consents"]:
            # an export by e-mail would show anyone who types an address what is stored under it
            dispatcher.utter_message(response="utter_no_access_by_email")
        return []


class ActionWithdrawConsent(Action):
    """Withdrawal (Art. 7(3)): as easy as giving consent, one step; the lead is deleted at once.
    A chat without a consent is asked for the address of an earlier chat's request."""

    def name(self) -> Text:
        return "action_withdraw_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        withdrawn = vault().withdraw_consent(tracker.sender_id)
        clear_lead_state(redis_client(), get_settings(), tracker.sender_id)
        if not withdrawn:
            return reset_lead_slots() + ask_for_earlier_email(tracker, WITHDRAW)
        dispatcher.utter_message(response="utter_consent_withdrawn")
        return reset_lead_slots() + [SlotSet(RIGHTS_BY_EMAIL_SLOT, None)]
