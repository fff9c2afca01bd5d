"""Second line of defence: redact every free-text value inside Rasa events before they persist.

The input channel already redacts what the visitor types. This pass catches what could
slip through another way: entity and slot values, bot replies that echo input, custom
payloads. Structural fields (event type, intent and action names, timestamps) are kept.
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from typing import Any, Dict, List, Optional

from bot.privacy.redactor import agency_allow_list, configured_redactor
from redaction import AllowList

STRUCTURAL_KEYS = frozenset(
    {
        "event", "timestamp", "name", "policy", "confidence", "intent_name", "action_name",
        "input_channel", "message_id", "sender_id", "rasa_version", "model_id", "assistant_id",
        "entity", "extractor", "start", "end", "language", "action_text", "payload",
        "intent_ranking", "response_selector", "prediction", "active_loop", "requested_slot",
    }
)


SETTLED_TEXTS = 8192
_settled: "OrderedDict[str, None]" = OrderedDict()


def remember_redacted(text: str) -> None:
    """Note a text that is the intake's redacted output and that redacting again leaves unchanged
    (checked in a redaction worker), so this process need not run the patterns on it again."""
    _settled[text] = None
    _settled.move_to_end(text)
    while len(_settled) > SETTLED_TEXTS:
        _settled.popitem(last=False)


def redact_text(text: str, allow: Optional[AllowList] = None) -> str:
    """Redacted form of ``text``: settled texts as they are, others through the (cached) redactor;
    the agency's own facts (or what ``allow`` permits) stay as written."""
    if text in _settled:
        return text
    return _redact_uncached(text, agency_allow_list() if allow is None else allow)


@functools.lru_cache(maxsize=8192)
def _redact_uncached(text: str, allow: AllowList) -> str:
    """Cached because trackers re-save the same texts every turn."""
    return configured_redactor().redact(text, allow=allow).text


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
