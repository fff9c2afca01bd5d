"""Deleted keys leave Redis's append-only file too (finding 5: erased trackers stayed on disk)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.redis_connection import compact_append_only_file, sync_client
from tests.support.services import TempRedis

CANARY = "aof-canary-7Hq2"


@pytest.fixture
def persistent_redis():
    server = TempRedis().start()
    try:
        yield server
    finally:
        server.remove()


def on_disk(directory: Path) -> bytes:
    return b"".join(path.read_bytes() for path in directory.rglob("*") if path.is_file())


def wait_for_rewrite(client) -> None:
    deadline = time.monotonic() + 30
    while client.info("persistence")["aof_rewrite_in_progress"] and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_deleted_key_is_gone_from_the_append_only_file(persistent_redis):
    client = sync_client(persistent_redis.url)
    client.set("diskret:tracker:erased", CANARY, ex=600)
    client.set("diskret:tracker:kept", "placeholder text", ex=600)
    client.delete("diskret:tracker:erased")
    assert CANARY.encode() in on_disk(persistent_redis.directory), "the append-only file keeps the deleted write"
    assert compact_append_only_file(client)
    wait_for_rewrite(client)
    assert CANARY.encode() not in on_disk(persistent_redis.directory)
    assert client.get("diskret:tracker:kept") == b"placeholder text"


def test_without_an_append_only_file_nothing_is_written(persistent_redis):
    client = sync_client(persistent_redis.url)
    client.config_set("appendonly", "no")
    assert not compact_append_only_file(client)
