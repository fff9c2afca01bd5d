"""``python -m bot redis``: make sure Redis answers at REDIS_URL, for ``make run``.

Uses a Redis that already answers; else starts the installed ``redis-server`` with an
append-only file in ``var/redis`` (conversations survive a restart; every key still expires,
and Redis holds only redacted data); else runs an embedded Redis-compatible stand-in
(fakeredis) so the demo still works. Stays in the foreground so the process runner can stop it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import threading
from urllib.parse import urlparse

import redis

from core.redis_connection import sync_client
from core.settings import PROJECT_ROOT, get_settings

DATA_DIR = PROJECT_ROOT / "var" / "redis"


def redis_answers(url: str) -> bool:
    try:
        return bool(sync_client(url, timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def run(args: argparse.Namespace) -> int:
    url = get_settings().redis_url
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 6379
    if redis_answers(url):
        print(f"Redis answers at {host}:{port}; using it.", flush=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        return 0
    server = shutil.which("redis-server")
    if server:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        print(f"Starting a local redis-server on {host}:{port} (append-only file in {DATA_DIR}).", flush=True)
        os.execv(server, [server, "--bind", host, "--port", str(port), "--dir", str(DATA_DIR), "--save", "",
                          "--appendonly", "yes", "--appendfsync", "everysec"])
    from fakeredis import TcpFakeServer

    print(f"No Redis installed: starting an embedded Redis stand-in (fakeredis) on {host}:{port}. "
          "Fine for a demo; use a real Redis in production.", flush=True)
    TcpFakeServer((host, port), server_type="redis").serve_forever()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("redis", help="use, start or stand in for Redis (for make run)")
    parser.set_defaults(func=run)
