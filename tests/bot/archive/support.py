"""Fictitious conversations as Rasa publishes them, and a stand-in redactor for fast, exact tests."""
from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Any, Dict, List, Optional

from core.settings import Settings, load_settings

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
NAME = re.compile(r"Frieda Testfrau|Oliver Sampleton")


class FakeSpan:
    def __init__(self, start: int, end: int, label: str) -> None:
        self.start, self.end, self.label = start, end, label


def fake_spans(text: str, language: Optional[str]) -> List[FakeSpan]:
    """The real engine's job in miniature: e-mails and the fixtures' names."""
    spans = [FakeSpan(m.start(), m.end(), "EMAIL") for m in EMAIL.finditer(text)]
    return spans + [FakeSpan(m.start(), m.end(), "PERSON") for m in NAME.finditer(text)]


def fake_redact(event: Dict[str, Any]) -> Dict[str, Any]:
    """Replaces e-mails and fixture names in every string value (like ``redact_mapping``)."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return NAME.sub("[PERSON]", EMAIL.sub("[EMAIL]", value))
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value
    return clean(event)


def user(sender: str, text: str, intent: str = "greet", confidence: float = 0.97, at: Optional[float] = None) -> dict:
    return {"sender_id": sender, "event": "user", "timestamp": at or time.time(), "text": text,
            "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text},
            "input_channel": "socketio", "metadata": {}}


def bot(sender: str, text: str, utterance: str = "utter_greet", at: Optional[float] = None) -> dict:
    return {"sender_id": sender, "event": "bot", "timestamp": at or time.time(), "text": text,
            "data": {}, "metadata": {"utter_action": utterance}}


def slot(sender: str, name: str, value: Any, at: Optional[float] = None) -> dict:
    return {"sender_id": sender, "event": "slot", "timestamp": at or time.time(), "name": name, "value": value}


def loop(sender: str, name: str, at: Optional[float] = None) -> dict:
    return {"sender_id": sender, "event": "active_loop", "timestamp": at or time.time(), "name": name}


def action(sender: str, name: str, at: Optional[float] = None) -> dict:
    return {"sender_id": sender, "event": "action", "timestamp": at or time.time(), "name": name,
            "policy": "RulePolicy", "confidence": 1.0}


# The consultation form's steps, in order, as ``consultation`` plays them.
FORM_STEPS = ("started", "consented", "name", "email", "phone", "company", "topic", "lead")


def consultation(sender: str, reached: str = "lead", language: str = "en", at: Optional[float] = None,
                 phone: str = "[PHONE]", then: Optional[str] = None) -> List[dict]:
    """A visitor going through the consultation form up to step ``reached`` (``FORM_STEPS``), typing
    raw personal data the stand-in redactor removes; ``then`` ends it: "no" (a no at the next step,
    ``reached`` before "lead") or "withdraw" (withdrawal of consent)."""
    at = at or time.time()
    moments = iter(at + offset for offset in range(100))
    answers = {  # step: (visitor's text, intent, slot, slot value as the form sets it)
        "consented": ("yes, that is fine", "affirm", "contact_consent", True),
        "name": ("Frieda Testfrau", "inform", "lead_name", "[PERSON]"),
        "email": ("frieda.testfrau@example.org", "inform", "lead_email", "[EMAIL]"),
        "phone": ("no phone" if phone == "skipped" else "+49 151 23456789", "inform", "lead_phone", phone),
        "company": ("Testfrau Holzbau", "inform", "lead_company", "Testfrau Holzbau"),
        "topic": ("a new website", "inform", "lead_topic", "a new website"),
    }
    events = [slot(sender, "language", language, next(moments)),
              user(sender, "I would like a consultation", "request_consultation", at=next(moments)),
              loop(sender, "consultation_form", next(moments))]
    for step in FORM_STEPS[1:FORM_STEPS.index(reached) + 1]:
        if step == "lead":
            events += [loop(sender, None, next(moments)), action(sender, "action_submit_consultation", next(moments)),
                       bot(sender, "Thank you, we will be in touch.", "utter_lead_submitted", next(moments))]
            events += [slot(sender, name, None, next(moments)) for name in ("contact_consent", "lead_name", "lead_email")]
            continue
        text, intent, name, value = answers[step]
        events += [user(sender, text, intent, at=next(moments)), slot(sender, name, value, next(moments))]
    if then == "no":
        # Rasa fills the next answer's slot from the "no" first; the form's validation empties it again.
        following = FORM_STEPS[FORM_STEPS.index(reached) + 1]
        filled = [answers[following][2]] if following in answers and following != "consented" else []
        events += [user(sender, "no", "deny", at=next(moments))]
        events += [slot(sender, name, "no", next(moments)) for name in filled]
        events += [slot(sender, "contact_consent", False, next(moments))]
        events += [slot(sender, name, None, next(moments)) for name in filled]
        events += [loop(sender, None, next(moments)),
                   bot(sender, "No problem, nothing was stored.", "utter_consent_declined", next(moments))]
    elif then == "withdraw":
        events += [user(sender, "withdraw consent", "withdraw_consent", at=next(moments)),
                   action(sender, "action_withdraw_consent", next(moments)),
                   bot(sender, "Your consent is withdrawn.", "utter_consent_withdrawn", next(moments))]
    return events


def conversation(sender: str, language: str = "en", lead: bool = False, at: Optional[float] = None,
                 intent: str = "greet") -> List[dict]:
    """A short conversation; with ``lead`` it goes through consent to a submitted lead."""
    at = at or time.time()
    events = [slot(sender, "language", language, at), user(sender, "Hello there", intent, at=at + 1),
              bot(sender, "Hi! I am an AI assistant.", at=at + 2)]
    if lead:
        events += [user(sender, "I would like a consultation", "request_consultation", at=at + 3),
                   loop(sender, "consultation_form", at + 4), slot(sender, "contact_consent", True, at + 5),
                   user(sender, "My e-mail is oliver.sampleton@example.org", "inform", at=at + 6),
                   bot(sender, "Thank you, we will be in touch.", "utter_lead_submitted", at=at + 7)]
    return events


def settings_with(prefix: str, database_url: str = "sqlite://", **changes: Any) -> Settings:
    """Settings for one test: its own Redis prefix on the test Redis database."""
    return replace(load_settings(), redis_url="redis://127.0.0.1:6379/7", redis_key_prefix=prefix,
                   database_url=database_url, **changes)


def run_cli(module: Any, argv: List[str]) -> int:
    """Run one ``bot.cli`` command module in-process, as ``python -m bot`` would."""
    import argparse

    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
