"""Archive fixtures: the storage tests' SQLite/PostgreSQL backends plus a writer with a stand-in redactor."""
from __future__ import annotations

import uuid
from typing import Iterator

import pytest
import redis

from bot.archive.writer import ArchiveWriter
from tests.actions.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.support import fake_redact, settings_with


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
