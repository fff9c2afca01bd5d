"""Not understood twice in a row: offer a person instead of a third "please rephrase"."""
from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

MISUNDERSTOOD = ("nlu_fallback", "out_of_scope")


def _user_intents(tracker: Tracker) -> List[Optional[str]]:
    return [(event.get("parse_data") or {}).get("intent", {}).get("name")
            for event in tracker.events if event.get("event") == "user"]


class ActionNotUnderstood(Action):
    """The answer to a message the bot could not serve; the second in a row offers a person."""

    def name(self) -> Text:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intents = _user_intents(tracker)
        if len(intents) >= 2 and intents[-2] in MISUNDERSTOOD:
            dispatcher.utter_message(response="utter_offer_human")
        elif intents and intents[-1] == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
