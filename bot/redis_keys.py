"""Names of every Redis key Diskret writes, so expiry checks and erasure can find them all."""
from __future__ import annotations

from typing import List

from actions.config import Settings
from actions.lead_state import lead_state_key


def tracker_prefix(settings: Settings) -> str:
    return f"{settings.redis_key_prefix}:tracker:"


def lock_prefix(settings: Settings) -> str:
    return f"{settings.redis_key_prefix}:lock:"


def conversation_keys(settings: Settings, conversation_id: str) -> List[str]:
    """Every key that can hold something about one conversation."""
    return [
        tracker_prefix(settings) + conversation_id,
        lock_prefix(settings) + conversation_id,
        lead_state_key(settings, conversation_id),
    ]
