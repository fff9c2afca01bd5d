"""The one way Diskret reaches Redis: from ``REDIS_URL``, password and TLS (``rediss://``) included."""
from __future__ import annotations

import redis

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
