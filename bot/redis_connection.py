"""One way to reach Redis from ``REDIS_URL``: password and TLS (``rediss://``) included."""
from __future__ import annotations

from typing import Any, Dict
from urllib.parse import unquote, urlparse

import redis


def redis_kwargs(url: str) -> Dict[str, Any]:
    """Translate ``redis[s]://[user:password@]host:port/db`` into Rasa's Redis store arguments."""
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss"):
        raise ValueError(f"REDIS_URL must start with redis:// or rediss://, got scheme {parsed.scheme!r}")
    db_path = (parsed.path or "/0").lstrip("/") or "0"
    if not db_path.isdigit():
        raise ValueError("REDIS_URL must end with a database number, e.g. redis://127.0.0.1:6379/0")
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 6379,
        "db": int(db_path),
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
        "use_ssl": parsed.scheme == "rediss",
    }


def sync_client(url: str) -> "redis.Redis":
    """A blocking client for code outside the event loop (CLI, action server, stores)."""
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def async_client(url: str) -> "redis.asyncio.Redis":
    """An asyncio client for the input channel, which runs on Sanic's event loop."""
    import redis.asyncio

    return redis.asyncio.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
