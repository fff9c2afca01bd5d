"""Flood protection per conversation and per client address, shared by all Rasa servers via Redis.

Fixed one-minute windows counted with INCR; each counter key expires with its window. Besides,
a conversation may have only a few messages waiting for their turn: Rasa's conversation lock
gives up on a message that waits longer than its ticket lives, and such a message would be
lost without a word, so a burst beyond the limit is answered at once instead.

A client address never reaches Redis: its counter is named by a keyed hash of it.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import time
from typing import Any

from core.settings import Settings
from core.redis_keys import pending_key, rate_key

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60
_ADDRESS_LABEL = b"diskret/rate-limit-address/v1"
_PROCESS_KEY = secrets.token_bytes(32)


@functools.lru_cache(maxsize=4)
def _address_key(lookup_hash_key: str) -> bytes:
    """Derived from LOOKUP_HASH_KEY, so every Rasa server counts one address under one name;
    without it (development) a per-process key."""
    if not lookup_hash_key:
        return _PROCESS_KEY
    return hmac.new(lookup_hash_key.encode("utf-8"), _ADDRESS_LABEL, hashlib.sha256).digest()


def address_digest(settings: Settings, address: str) -> str:
    """The name under which one client address is counted: a keyed hash, never the address."""
    key = _address_key(settings.lookup_hash_key)
    return hmac.new(key, (address or "unknown").encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class RateLimiter:
    """Per-minute limits and the number of messages a conversation may have in progress."""

    def __init__(self, settings: Settings, redis_client: Any) -> None:
        self.settings = settings
        self.redis = redis_client

    async def _within(self, kind: str, identity: str, limit: int) -> bool:
        window = int(time.time() // WINDOW_SECONDS)
        key = rate_key(self.settings, kind, identity, window)
        count = await self.redis.incr(key)
        if count == 1:
            await self.redis.expire(key, WINDOW_SECONDS * 2)
        return count <= limit

    async def allow(self, conversation_id: str, address: str) -> bool:
        """True while both the conversation and the address stay under their per-minute limits."""
        per_session = await self._within("session", conversation_id, self.settings.max_messages_per_minute_session)
        per_address = await self._within(
            "ip", address_digest(self.settings, address), self.settings.max_messages_per_minute_ip)
        return per_session and per_address

    async def enter_turn(self, conversation_id: str) -> bool:
        """Count one more message in progress; False (and not counted) beyond the limit."""
        key = pending_key(self.settings, conversation_id)
        count = await self.redis.incr(key)
        # a server that dies mid-turn never decrements: the counter expires with the lock
        await self.redis.expire(key, self.settings.lock_ttl_seconds)
        if count > self.settings.max_pending_messages_per_session:
            await self.redis.decr(key)
            return False
        return True

    async def leave_turn(self, conversation_id: str) -> None:
        """The message's turn is over (also after an error); Redis being away is only logged."""
        key = pending_key(self.settings, conversation_id)
        try:
            if await self.redis.decr(key) <= 0:
                await self.redis.delete(key)
            else:
                await self.redis.expire(key, self.settings.lock_ttl_seconds)
        except Exception as error:  # the counter expires by itself
            logger.warning("Could not release a turn counter (%s)", type(error).__name__)
