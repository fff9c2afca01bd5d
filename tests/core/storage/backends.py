"""Database fixtures shared by the storage and CLI tests: SQLite and real PostgreSQL.

Each PostgreSQL test gets its own freshly created schema (``tests.support.stack.PostgresSchema``),
dropped afterwards, so no test ever sees or touches other data. ``DISKRET_TEST_POSTGRES`` overrides
the server.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import pytest
from cryptography.fernet import Fernet

from core.storage.crypto import VaultCrypto
from core.storage.database import Database
from core.storage.vault import LeadVault
from tests.support.stack import PostgresSchema

@dataclass(frozen=True)
class Backend:
    name: str
    url: str
    schema: Optional[str]
    env_url: str  # the same database as one ``DATABASE_URL``, for subprocesses

    def database(self) -> Database:
        return Database(self.url, schema=self.schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path) -> Iterator[Backend]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db' / 'diskret.sqlite3'}"
        yield Backend("sqlite", url, None, url)
        return
    schema = PostgresSchema()
    try:
        yield Backend("postgresql", schema.dsn, schema.name, schema.url)
    finally:
        schema.drop()


@pytest.fixture
def database(backend: Backend) -> Iterator[Database]:
    db = backend.database()
    yield db
    db.dispose()


@pytest.fixture
def vault_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def vault(database: Database, vault_key: str) -> LeadVault:
    return LeadVault(database, VaultCrypto(vault_key))
