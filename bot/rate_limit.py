"""Flood protection per conversation and per client address, shared by all Rasa servers via Redis.

Fixed one-minute windows counted with INCR; each counter key expires with its window.
"""
from __future__ import annotations

import time
from typing import Any

from actions.config import Settings

WINDOW_SECONDS = 60


class RateLimiter:
    def __init__(self, settings: Settings, redis_client: Any) -> None:
        self.settings = settings
        self.redis = redis_client

    async def _within(self, kind: str, identity: str, limit: int) -> bool:
        window = int(time.time() // WINDOW_SECONDS)
        key = f"{self.settings.redis_key_prefix}:rate:{kind}:{identity}:{window}"  # see bot.redis_keys.rate_pattern
        count = await self.redis.incr(key)
        if count == 1:
            await self.redis.expire(key, WINDOW_SECONDS * 2)
        return count <= limit

    async def allow(self, conversation_id: str, address: str) -> bool:
        """True while both the conversation and the address stay under their per-minute limits."""
        per_session = await self._within("session", conversation_id, self.settings.max_messages_per_minute_session)
        per_address = await self._within("ip", address or "unknown", self.settings.max_messages_per_minute_ip)
        return per_session and per_address
