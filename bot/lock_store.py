"""Rasa's Redis lock store with an expiry on every lock key (Rasa's own sets none)."""
from __future__ import annotations

from typing import Any, Optional

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore

from actions.config import Settings, settings as load_settings
from bot.redis_keys import lock_prefix


class ExpiringRedisLockStore(RedisLockStore):
    """Conversation locks shared by several Rasa servers, each key expiring after ``LOCK_TTL_SECONDS``."""

    def __init__(self, endpoint_config: Any = None, settings: Optional[Settings] = None, **kwargs: Any) -> None:
        self.settings = settings or load_settings()
        super().__init__()
        self.red = redis.Redis.from_url(self.settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
        self.key_prefix = lock_prefix(self.settings)

    def save_lock(self, lock: TicketLock) -> None:
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), ex=self.settings.lock_ttl_seconds)
