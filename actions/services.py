"""The action server's connections, created once per process on first use."""
from __future__ import annotations

import functools

import redis

from actions.config import settings
from actions.storage.vault import LeadVault


@functools.lru_cache(maxsize=1)
def vault() -> LeadVault:
    return LeadVault.from_settings(settings())


@functools.lru_cache(maxsize=1)
def redis_client() -> "redis.Redis":
    return redis.Redis.from_url(settings().redis_url, socket_timeout=5, socket_connect_timeout=5)
