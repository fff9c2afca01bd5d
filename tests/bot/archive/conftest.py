"""Archive fixtures: the storage tests' SQLite/PostgreSQL backends, a writer with a stand-in redactor, a RabbitMQ queue."""
from __future__ import annotations

import uuid
from typing import Iterator

import pytest
import redis

from bot.archive.writer import ArchiveWriter
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.support import fake_redact, settings_with
from tests.support import rabbitmq


@pytest.fixture
def writer(database) -> ArchiveWriter:
    return ArchiveWriter(database, redact=fake_redact)


@pytest.fixture
def settings_for(backend):
    """Settings pointing at this test's database and its own Redis key prefix (keys removed after)."""
    prefix = f"t{uuid.uuid4().hex[:12]}"
    cfg = settings_with(prefix, backend.env_url)
    yield cfg
    client = redis.Redis.from_url(cfg.redis_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def cli_env(monkeypatch, settings_for, vault_key):
    """The process environment a staff member's shell would have, pointing at this test's stores."""
    from core import settings as config, services

    for name, value in {"DATABASE_URL": settings_for.database_url, "REDIS_URL": settings_for.redis_url,
                        "REDIS_KEY_PREFIX": settings_for.redis_key_prefix, "VAULT_KEY": vault_key,
                        "LOOKUP_HASH_KEY": ""}.items():
        monkeypatch.setenv(name, value)
    config.get_settings.cache_clear()
    services.vault.cache_clear()
    yield settings_for
    config.get_settings.cache_clear()
    services.vault.cache_clear()


@pytest.fixture
def archive_queue(run) -> Iterator[str]:
    """A queue (and exchange) of this test's own on the machine's RabbitMQ, deleted afterwards."""
    if not rabbitmq.reachable():
        pytest.skip(f"no RabbitMQ at {rabbitmq.RABBITMQ_URL} (set DISKRET_TEST_RABBITMQ)")
    name = rabbitmq.unique_queue()
    yield name
    run(rabbitmq.delete(rabbitmq.RABBITMQ_URL, name, f"{name}.tap"))
