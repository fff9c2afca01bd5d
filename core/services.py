"""Connections both servers share, created once per process on first use."""
from __future__ import annotations

import functools

import redis

from core.redis_connection import sync_client
from core.settings import get_settings
from core.storage.vault import LeadVault


@functools.lru_cache(maxsize=1)
def vault() -> LeadVault:
    """The process's lead vault; its first use refuses unsafe settings (``core.settings.check_production``)."""
    return LeadVault.from_settings(get_settings())


@functools.lru_cache(maxsize=1)
def redis_client() -> "redis.Redis":
    return sync_client(get_settings().redis_url)
