"""Withdrawal and erasure of a request from an earlier chat, found by the e-mail address given there.

The address never reaches this server: the input channel keeps only its keyed hashes under a
short-lived Redis key (``core.rights_request``) and Rasa sees ``[EMAIL]``. The visitor confirms
before anything happens. The answer is the same whether or not a lead existed for the address,
so whoever types someone else's address learns nothing; for the same reason there is no export
by e-mail (``utter_no_access_by_email``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.rights import ERASE, RIGHTS_BY_EMAIL_SLOT, WITHDRAW
from core.rights_request import clear_rights_request, pending_lookup
from core.services import redis_client, vault
from core.settings import get_settings

EMAIL_SLOT = "rights_email"
# What the form's one step keeps: the placeholder of a given address, or why there is none.
GIVEN, DECLINED, MISSING = "[EMAIL]", "declined", "missing"
QUESTIONS = {ERASE: "utter_confirm_erase_by_email", WITHDRAW: "utter_confirm_withdraw_by_email"}
ANSWERS = {ERASE: "utter_erase_by_email_done", WITHDRAW: "utter_withdraw_by_email_done"}


def _latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _finished() -> List[EventType]:
    return [SlotSet(RIGHTS_BY_EMAIL_SLOT, None), SlotSet(EMAIL_SLOT, None)]


class ValidateRightsEmailForm(FormValidationAction):
    """One answer ends the form: an address, a "no", or something else; the next action says what follows."""

    def name(self) -> Text:
        return "validate_rights_email_form"

    def validate_rights_email(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if _latest_intent(tracker) == "deny":
            return {EMAIL_SLOT: DECLINED}
        if isinstance(slot_value, str) and "[EMAIL" in slot_value:
            return {EMAIL_SLOT: GIVEN}
        return {EMAIL_SLOT: MISSING}


class ActionConfirmRightsByEmail(Action):
    """Asks "really withdraw / delete?" for the address given; or says why nothing happens."""

    def name(self) -> Text:
        return "action_confirm_rights_by_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        purpose = tracker.get_slot(RIGHTS_BY_EMAIL_SLOT)
        answer = tracker.get_slot(EMAIL_SLOT)
        client, settings = redis_client(), get_settings()
        if purpose in QUESTIONS and answer == GIVEN and pending_lookup(client, settings, tracker.sender_id):
            dispatcher.utter_message(response=QUESTIONS[purpose])
            return [SlotSet(EMAIL_SLOT, None)]
        clear_rights_request(client, settings, tracker.sender_id)
        if answer == DECLINED:
            dispatcher.utter_message(response="utter_rights_by_email_cancelled")
        elif answer == MISSING:
            dispatcher.utter_message(response="utter_rights_email_missing")
        else:
            dispatcher.utter_message(response="utter_rights_by_email_expired")
        return _finished()


class ActionRightsByEmail(Action):
    """"Ja": withdraws or erases every lead of the address, tells the CRM, answers the same either way."""

    def name(self) -> Text:
        return "action_rights_by_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        purpose = tracker.get_slot(RIGHTS_BY_EMAIL_SLOT)
        client, settings = redis_client(), get_settings()
        lookup = pending_lookup(client, settings, tracker.sender_id)
        clear_rights_request(client, settings, tracker.sender_id)
        if purpose not in ANSWERS:
            dispatcher.utter_message(response="utter_anything_else")
        elif lookup is None:
            dispatcher.utter_message(response="utter_rights_by_email_expired")
        else:
            if purpose == WITHDRAW:
                vault().withdraw_by_lookup(lookup)
            else:
                vault().erase_by_lookup(lookup)
            dispatcher.utter_message(response=ANSWERS[purpose])
        return _finished()


class ActionCancelRightsByEmail(Action):
    """"Nein": nothing is changed, and the address's hashes are forgotten at once."""

    def name(self) -> Text:
        return "action_cancel_rights_by_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        clear_rights_request(redis_client(), get_settings(), tracker.sender_id)
        dispatcher.utter_message(response="utter_rights_by_email_cancelled")
        return _finished()
