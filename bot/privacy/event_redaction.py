"""Second line of defence: redact every free-text value inside Rasa events before they persist.

The input channel already redacts what the visitor types. This pass catches what could
slip through another way: entity and slot values, bot replies that echo input, custom
payloads. Structural fields (event type, intent and action names, timestamps) are kept.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List

from bot.privacy.redactor import configured_redactor

STRUCTURAL_KEYS = frozenset(
    {
        "event", "timestamp", "name", "policy", "confidence", "intent_name", "action_name",
        "input_channel", "message_id", "sender_id", "rasa_version", "model_id", "assistant_id",
        "entity", "extractor", "start", "end", "language", "action_text", "payload",
        "intent_ranking", "response_selector", "prediction", "active_loop", "requested_slot",
    }
)


@functools.lru_cache(maxsize=8192)
def redact_text(text: str) -> str:
    """Redacted form of ``text``; cached because trackers re-save the same texts every turn."""
    return configured_redactor().redact(text).text


def redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value) if value.strip() else value
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    if isinstance(value, dict):
        return redact_mapping(value)
    return value


def redact_mapping(mapping: Dict[str, Any]) -> Dict[str, Any]:
    return {key: (value if key in STRUCTURAL_KEYS and not isinstance(value, (dict, list)) else redact_value(value))
            for key, value in mapping.items()}


def redact_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Redacted copies of serialised events; raises if redaction cannot run (fail closed)."""
    return [redact_mapping(event) for event in events]
