"""The short-lived Redis marker for a conversation whose visitor agreed to be contacted.

The action server sets it when consent is given and updates which lead field the
form asks for next; the input channel reads it to capture that field from the raw
message into the encrypted vault. It holds no personal data and always expires.
"""
from __future__ import annotations

import json
from typing import Optional

from core.redis_connection import stored_object
from core.settings import Settings


def lead_state_key(settings: Settings, conversation_id: str) -> str:
    return f"{settings.redis_key_prefix}:lead:{conversation_id}"


def encode_lead_state(awaiting: Optional[str]) -> str:
    return json.dumps({"consent": True, "awaiting": awaiting})


def decode_lead_state(raw: Optional[bytes]) -> Optional[dict]:
    """The stored state, or None when there is none or it is unreadable."""
    state = stored_object(raw)
    return state if state and state.get("consent") else None


def write_lead_state(client, settings: Settings, conversation_id: str, awaiting: Optional[str]) -> None:
    client.set(lead_state_key(settings, conversation_id), encode_lead_state(awaiting), ex=settings.session_ttl_seconds)


def clear_lead_state(client, settings: Settings, conversation_id: str) -> None:
    client.delete(lead_state_key(settings, conversation_id))
