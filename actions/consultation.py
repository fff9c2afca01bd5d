"""The consultation form: consent first, then name, e-mail, optional phone, company and topic.

Personal values never reach this server: the input channel captures them into the
encrypted vault (only after consent) and the tracker holds placeholders such as
``[EMAIL]``. Validation therefore checks that the placeholder is there.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.languages import DEFAULT_LANGUAGE
from core.lead_state import clear_lead_state, write_lead_state
from actions.responses import render_response, text_version
from core.services import redis_client, vault
from core.settings import get_settings
from core.storage.vault import MAX_COMPANY_CHARS, MAX_TOPIC_CHARS

logger = logging.getLogger(__name__)

CONSENT_PURPOSE = "consultation_contact"
LEAD_SLOTS = ("lead_name", "lead_email", "lead_phone", "lead_company", "lead_topic")
PHONE_SKIPPED = "skipped"
# Questions and rights requests are no answers to any step (the domain's slot mappings skip
# them, so the form is rejected and a rule answers); validation refuses them too, silently.
QUESTION_INTENTS = frozenset({
    "ask_pricing", "ask_services", "ask_privacy", "ask_bot", "request_human", "ask_contact", "ask_references", "faq",
})
RIGHTS_INTENTS = frozenset({"request_data_deletion", "request_data_access", "withdraw_consent"})
NOT_AN_ANSWER = {
    "lead_name": QUESTION_INTENTS | RIGHTS_INTENTS | {"out_of_scope"},
    "lead_email": QUESTION_INTENTS | RIGHTS_INTENTS | {"out_of_scope"},
    "lead_phone": QUESTION_INTENTS | RIGHTS_INTENTS | {"out_of_scope"},
    "lead_company": QUESTION_INTENTS | RIGHTS_INTENTS,
    "lead_topic": (QUESTION_INTENTS - {"ask_services"}) | RIGHTS_INTENTS,
}
SKIP_ANSWERS = frozenset({
    "keine", "keine nummer", "nein", "nö", "lieber nicht", "überspringen", "möchte ich nicht angeben",
    "no", "none", "nope", "skip", "no thanks", "no phone", "rather not", "-",
})


def _placeholder(value: Any, label: str) -> Optional[str]:
    """``[LABEL]`` when the visitor's answer contained a redacted value of that kind."""
    return f"[{label}]" if isinstance(value, str) and f"[{label}" in value else None


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def reset_lead_slots() -> List[EventType]:
    return [SlotSet(slot, None) for slot in ("contact_consent",) + LEAD_SLOTS]


class ValidateConsultationForm(FormValidationAction):
    """Validates each answer and keeps the channel informed which field comes next."""

    def name(self) -> Text:
        return "validate_consultation_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("contact_consent") is False:
            return []
        return domain_slots

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        self._announce_next_field(tracker, events)
        return events

    def _announce_next_field(self, tracker: Tracker, events: List[EventType]) -> None:
        """Tell the channel which lead field the form will ask for next (consented conversations only)."""
        values = dict(tracker.slots)
        values.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
        if values.get("contact_consent") is not True:
            return
        awaiting = next((slot for slot in LEAD_SLOTS if values.get(slot) is None), None)
        write_lead_state(redis_client(), get_settings(), tracker.sender_id, awaiting)

    @staticmethod
    def _not_an_answer(tracker: Tracker, slot: str) -> bool:
        """A question or rights request in place of the answer (by intent, not by its shape)."""
        return _latest_intent(tracker) in NOT_AN_ANSWER[slot]

    def _cancelled(self, tracker: Tracker, slot: str) -> Optional[Dict[Text, Any]]:
        """A "no" instead of an answer ends the form; what was captured so far is deleted."""
        if _latest_intent(tracker) != "deny":
            return None
        vault().withdraw_consent(tracker.sender_id, CONSENT_PURPOSE)
        clear_lead_state(redis_client(), get_settings(), tracker.sender_id)
        return {"contact_consent": False, slot: None}

    def validate_contact_consent(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if slot_value is True:
            language = tracker.get_slot("language") or DEFAULT_LANGUAGE
            text = render_response(domain, "utter_ask_contact_consent", language)
            vault().record_consent(tracker.sender_id, CONSENT_PURPOSE, text, text_version(text), language)
            return {"contact_consent": True}
        if slot_value is False:
            return {"contact_consent": False}
        return {"contact_consent": None}

    def _placeholder_answer(
        self, slot: str, label: str, invalid_response: str, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        """Accept the answer when it carried a redacted value of ``label``; else ask again."""
        if self._not_an_answer(tracker, slot):
            return {slot: None}
        cancelled = self._cancelled(tracker, slot)
        if cancelled:
            return cancelled
        value = _placeholder(slot_value, label)
        if value is None:
            dispatcher.utter_message(response=invalid_response)
        return {slot: value}

    def _text_answer(self, slot: str, limit: int, slot_value: Any, tracker: Tracker) -> Dict[Text, Any]:
        if self._not_an_answer(tracker, slot):
            return {slot: None}
        cancelled = self._cancelled(tracker, slot)
        if cancelled:
            return cancelled
        return {slot: str(slot_value or "").strip()[:limit] or None}

    def validate_lead_name(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._placeholder_answer("lead_name", "PERSON", "utter_invalid_name", slot_value, dispatcher, tracker)

    def validate_lead_email(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._placeholder_answer("lead_email", "EMAIL", "utter_invalid_email", slot_value, dispatcher, tracker)

    def validate_lead_phone(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        """Optional: a "no" (or "skip") skips it instead of ending the form."""
        if self._not_an_answer(tracker, "lead_phone"):
            return {"lead_phone": None}
        answer = str(slot_value or "").strip().lower().rstrip(".!")
        if _placeholder(slot_value, "PHONE") is None and (_latest_intent(tracker) == "deny" or answer in SKIP_ANSWERS):
            return {"lead_phone": PHONE_SKIPPED}
        return self._placeholder_answer("lead_phone", "PHONE", "utter_invalid_phone", slot_value, dispatcher, tracker)

    def validate_lead_company(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._text_answer("lead_company", MAX_COMPANY_CHARS, slot_value, tracker)

    def validate_lead_topic(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return self._text_answer("lead_topic", MAX_TOPIC_CHARS, slot_value, tracker)


class ActionSubmitConsultation(Action):
    """Hands a completed, consented request to the lead vault, or explains the way without consent."""

    def name(self) -> Text:
        return "action_submit_consultation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("contact_consent") is not True:
            dispatcher.utter_message(response="utter_consent_declined")
            return reset_lead_slots()
        vault().submit(
            tracker.sender_id,
            company=tracker.get_slot("lead_company") or "",
            topic=tracker.get_slot("lead_topic") or "",
            language=tracker.get_slot("language") or DEFAULT_LANGUAGE,
        )
        clear_lead_state(redis_client(), get_settings(), tracker.sender_id)
        dispatcher.utter_message(response="utter_lead_submitted")
        return reset_lead_slots()
