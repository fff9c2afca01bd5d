"""Names of every Redis key Diskret writes, so expiry checks and erasure can find them all."""
from __future__ import annotations

from typing import Any, List, Union

from core.settings import Settings
from core.lead_state import lead_state_key
from core.rights_request import rights_request_key


def tracker_prefix(settings: Settings) -> str:
    return f"{settings.redis_key_prefix}:tracker:"


def lock_prefix(settings: Settings) -> str:
    return f"{settings.redis_key_prefix}:lock:"


def pending_key(settings: Settings, conversation_id: str) -> str:
    """How many messages of one conversation are in progress (see ``bot.rate_limit``)."""
    return f"{settings.redis_key_prefix}:pending:{conversation_id}"


def language_key(settings: Settings, conversation_id: str) -> str:
    """The language a conversation switched to (asked for, or clearly written in); expires with it."""
    return f"{settings.redis_key_prefix}:language:{conversation_id}"


def rate_key(settings: Settings, kind: str, identity: str, window: Union[int, str]) -> str:
    """One flood counter: messages of one ``kind`` of sender ("session", "ip") in one window
    (``"*"`` as the window: a pattern for all of them)."""
    return f"{settings.redis_key_prefix}:rate:{kind}:{identity}:{window}"


def rate_pattern(settings: Settings, conversation_id: str) -> str:
    """The flood counters of one conversation (see ``bot.rate_limit``)."""
    return rate_key(settings, "session", conversation_id, "*")


def console_session_key(settings: Settings, id_digest: str) -> str:
    """One compliance-console sign-in, named by a hash of its cookie's id (see ``bot.console.sessions``)."""
    return f"{settings.redis_key_prefix}:console:session:{id_digest}"


def conversation_keys(settings: Settings, conversation_id: str, client: Any) -> List[str]:
    """Every key that holds something about one conversation."""
    return [
        tracker_prefix(settings) + conversation_id,
        lock_prefix(settings) + conversation_id,
        lead_state_key(settings, conversation_id),
        rights_request_key(settings, conversation_id),
        pending_key(settings, conversation_id),
        language_key(settings, conversation_id),
        *(key.decode() if isinstance(key, bytes) else key for key in client.scan_iter(match=rate_pattern(settings, conversation_id))),
    ]
