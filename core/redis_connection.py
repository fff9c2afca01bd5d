"""The one way Diskret reaches Redis: from ``REDIS_URL``, password and TLS (``rediss://``) included."""
from __future__ import annotations

import json
import logging
from typing import Optional

import redis

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5


def sync_client(url: str, decode_responses: bool = False, timeout: float = TIMEOUT_SECONDS) -> "redis.Redis":
    """A blocking client for code outside the event loop (CLI, action server, stores)."""
    return redis.Redis.from_url(
        url, decode_responses=decode_responses, socket_timeout=timeout, socket_connect_timeout=timeout
    )


def async_client(url: str) -> "redis.asyncio.Redis":
    """An asyncio client for the input channel, which runs on Sanic's event loop."""
    import redis.asyncio

    return redis.asyncio.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)


def compact_append_only_file(client: "redis.Redis") -> bool:
    """Ask Redis to rewrite its append-only file, if it keeps one, so deleted keys leave the disk too.

    The file otherwise keeps every write, an erased conversation's included, until Redis rewrites
    it on its own schedule. Best effort (a managed Redis may forbid CONFIG): True if a rewrite was
    started or is already running.
    """
    try:
        setting = client.config_get("appendonly")
        value = setting.get("appendonly", setting.get(b"appendonly", b""))
        if (value.decode() if isinstance(value, bytes) else value) != "yes":
            return False
        client.bgrewriteaof()
        return True
    except redis.ResponseError as error:
        if "already in progress" in str(error):
            return True
        logger.warning("Could not compact Redis's append-only file (%s)", type(error).__name__)
    except redis.RedisError as error:
        logger.warning("Could not compact Redis's append-only file (%s)", type(error).__name__)
    return False


def stored_object(raw: Optional[bytes]) -> Optional[dict]:
    """A JSON object Diskret stored under a Redis key, or None when there is none or it is unreadable."""
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
