"""Turn one redacted Rasa event (as published) into the few fields the archive keeps."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Dict, Optional

# Slots whose values say nothing about the visitor and drive the conversation summary.
ARCHIVED_SLOT_VALUES = frozenset({"language", "contact_consent"})
# The form's answers: only whether one was given is kept ("set", or "skipped" for the optional
# phone number, the form's own marker), never the value, not even its placeholder.
ANSWER_SLOTS = frozenset({"lead_name", "lead_email", "lead_phone", "lead_company", "lead_topic"})
ANSWER_SET = "set"
ANSWER_SKIPPED = "skipped"
FALLBACK_INTENT = "nlu_fallback"
CONSULTATION_LOOP = "consultation_form"
LEAD_SUBMITTED_UTTERANCE = "utter_lead_submitted"
CONSENT_WITHDRAWN_UTTERANCE = "utter_consent_withdrawn"


@dataclass(frozen=True)
class EventRecord:
    """The archived form of one event."""

    conversation_id: str
    timestamp: datetime
    event_type: str
    text: Optional[str] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    name: Optional[str] = None
    value: Optional[str] = None
    event_key: Optional[str] = None


def _timestamp(raw: Any) -> datetime:
    try:
        return datetime.fromtimestamp(float(raw), tz=timezone.utc)
    except (TypeError, ValueError):
        return datetime.now(timezone.utc)


def _short(value: Any, limit: int) -> Optional[str]:
    return None if value is None else str(value)[:limit]


def _slot_value(name: Any, value: Any) -> Optional[str]:
    """What the archive keeps of a slot's value: allow-listed values, whether a form answer was given."""
    if name in ARCHIVED_SLOT_VALUES:
        return _short(value, 64)
    if name in ANSWER_SLOTS and value not in (None, ""):
        return ANSWER_SKIPPED if value == ANSWER_SKIPPED else ANSWER_SET
    return None


def to_record(event: Dict[str, Any]) -> Optional[EventRecord]:
    """The archive record of ``event`` with its ``event_key``, or None if it belongs to no conversation."""
    record = _record(event)
    return None if record is None else replace(record, event_key=_key(record, event.get("timestamp")))


def _key(record: EventRecord, raw_timestamp: Any) -> str:
    """Identifies one event, so a redelivered or re-sent copy is stored once: a hash of what the
    archive keeps of it (nothing more personal than the stored row) and its exact original timestamp."""
    basis = [record.conversation_id, raw_timestamp, record.event_type, record.text, record.intent,
             record.confidence, record.name, record.value]
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _record(event: Dict[str, Any]) -> Optional[EventRecord]:
    conversation_id = event.get("sender_id")
    event_type = event.get("event")
    if not conversation_id or not event_type:
        return None
    base = dict(conversation_id=str(conversation_id)[:128], timestamp=_timestamp(event.get("timestamp")),
                event_type=str(event_type)[:32])
    if event_type == "user":
        intent = (event.get("parse_data") or {}).get("intent") or {}
        return EventRecord(**base, text=event.get("text"), intent=_short(intent.get("name"), 128),
                           confidence=intent.get("confidence"))
    if event_type == "bot":
        utterance = (event.get("metadata") or {}).get("utter_action")
        return EventRecord(**base, text=event.get("text"), name=_short(utterance, 128))
    if event_type == "slot":
        name = event.get("name")
        return EventRecord(**base, name=_short(name, 128), value=_slot_value(name, event.get("value")))
    if event_type == "action":
        return EventRecord(**base, name=_short(event.get("name"), 128), confidence=event.get("confidence"))
    return EventRecord(**base, name=_short(event.get("name"), 128))
