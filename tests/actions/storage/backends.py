"""Database fixtures shared by the storage and CLI tests: SQLite and real PostgreSQL.

Each PostgreSQL test gets its own freshly created schema, dropped afterwards, so no test
ever sees or touches other data. ``DISKRET_TEST_POSTGRES_URL`` overrides the server.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Iterator, Optional
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from actions.storage.crypto import VaultCrypto
from actions.storage.database import Database
from actions.storage.vault import LeadVault

POSTGRES_URL = os.environ.get("DISKRET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@dataclass(frozen=True)
class Backend:
    name: str
    url: str
    schema: Optional[str]

    @property
    def env_url(self) -> str:
        """The same database as one ``DATABASE_URL``, for subprocesses."""
        if not self.schema:
            return self.url
        return f"{self.url}?options={quote(f'-csearch_path={self.schema}')}"

    def database(self) -> Database:
        return Database(self.url, schema=self.schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'db' / 'diskret.sqlite3'}", None)
        return
    schema = f"diskret_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL, future=True)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Backend("postgresql", POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
