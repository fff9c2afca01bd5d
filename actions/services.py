"""Details behind the short answers about services, prices and references ("Mehr erfahren" / "More details").

The short answers (domain/responses/services.yml) stay within 450 characters however many
services data/agency.yml lists: their "more" button sends ``/ask_services{"detail":"more"}``
(or ``ask_pricing`` / ``ask_references``), which shows one button per service; a service's
button sends ``/ask_services{"service":"<key>"}``, answered with what the service includes,
its price range and, where there is one, an example of the agency's work. Button payloads
reach Rasa as intent and entities directly, so none of this needs NLU training data.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.agency import load_facts, service_names, service_variables
from core.languages import DEFAULT_LANGUAGE


def service_buttons(language: str, facts: Optional[Dict[str, Any]] = None) -> List[Dict[str, str]]:
    """One button per service in data/agency.yml, in the file's order."""
    return [{"title": name, "payload": "/ask_services" + json.dumps({"service": key}, separators=(",", ":"))}
            for key, name in service_names(language, facts).items()]


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    return next((e.get("value") for e in tracker.latest_message.get("entities") or [] if e.get("entity") == name), None)


class ActionShowServices(Action):
    """The services as buttons, to pick one for details."""

    def name(self) -> Text:
        return "action_show_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        language = tracker.get_slot("language") or DEFAULT_LANGUAGE
        dispatcher.utter_message(response="utter_service_picker", buttons=service_buttons(language))
        return []


class ActionServiceInfo(Action):
    """One service: what it includes and its price range, then an example (if any) and the offer of a consultation."""

    def name(self) -> Text:
        return "action_service_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        language = tracker.get_slot("language") or DEFAULT_LANGUAGE
        facts = load_facts()
        variables = service_variables(str(_entity(tracker, "service") or ""), language, facts)
        if variables is None:
            # An unknown key (say, an old button after agency.yml changed): offer the current list.
            dispatcher.utter_message(response="utter_service_picker", buttons=service_buttons(language, facts))
            return []
        dispatcher.utter_message(response="utter_service_info", **variables)
        follow_up = "utter_service_reference" if variables["reference_result"] else "utter_service_offer"
        dispatcher.utter_message(response=follow_up, **variables)
        return []
