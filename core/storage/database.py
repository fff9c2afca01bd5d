"""Engine and sessions for Diskret's database (SQLite by default, PostgreSQL in production).

A PostgreSQL ``schema`` confines all tables to that schema via ``search_path``, so tests
(and side-by-side deployments) never touch other data.
"""
from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import FrozenSet, Iterator, Optional

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from core.settings import get_settings
from core.storage.models import Base

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class Database:
    """One engine plus a session factory; creates missing tables on first use."""

    def __init__(self, url: Optional[str] = None, schema: Optional[str] = None) -> None:
        self.url = make_url(url or get_settings().database_url)
        self.schema = schema
        self.engine = self._create_engine()
        self._sessions = sessionmaker(bind=self.engine, future=True)
        self._created: FrozenSet[str] = frozenset()
        self._lock = threading.Lock()

    def _create_engine(self) -> Engine:
        if self.url.get_backend_name() == "sqlite":
            database = self.url.database
            if self.schema:
                raise ValueError("a schema is only supported on PostgreSQL")
            if database and database != ":memory:":
                _create_private_file(Path(database))
            return create_engine(self.url, future=True)
        connect_args = {}
        if self.schema:
            if not _SCHEMA_NAME.match(self.schema):
                raise ValueError(f"invalid schema name {self.schema!r}")
            connect_args["options"] = f"-csearch_path={self.schema}"
        return create_engine(self.url, future=True, pool_pre_ping=True, connect_args=connect_args)

    def create_all(self) -> None:
        """Create the schema and every table declared on ``Base`` so far (idempotent)."""
        with self.engine.begin() as connection:
            if self.schema:
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
                # A pooler may drop the startup options; never create tables in another schema then.
                if connection.execute(text("SELECT current_schema()")).scalar() != self.schema:
                    raise RuntimeError(f"search_path did not reach schema {self.schema!r}; refusing to continue")
            Base.metadata.create_all(connection)
            _add_missing_columns(connection)
        self._created = frozenset(Base.metadata.tables)

    def _ensure_tables(self) -> None:
        # Re-checked each time so tables declared by modules imported later are created too.
        if self._created != frozenset(Base.metadata.tables):
            with self._lock:
                if self._created != frozenset(Base.metadata.tables):
                    self.create_all()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block succeeds, rolled back when it raises."""
        self._ensure_tables()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> bool:
        """True if the database answers a trivial query (readiness)."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def _create_private_file(path: Path) -> None:
    """Create a missing SQLite file owner-only (0600; its folder 0700 if created here).

    SQLite itself would create it world-readable (0644 under the usual umask), and it holds
    the lead vault; SQLite gives its journal and WAL files the database file's mode.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:  # existing databases keep the mode their owner gave them
        pass


def _add_missing_columns(connection: Connection) -> None:
    """Tables made by an earlier version get the nullable columns declared since, with their
    indexes: Diskret's schema changes are additive, so no migration tool is needed."""
    inspector = inspect(connection)
    existing = set(inspector.get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in existing:
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing = {column.name for column in table.columns if column.name not in present}
        for name in sorted(missing):
            column = table.columns[name]
            if not column.nullable:
                raise RuntimeError(f"{table.name}.{name} is missing and not nullable; it cannot be added in place")
            kind = column.type.compile(dialect=connection.dialect)
            connection.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{name}" {kind}'))
        for index in table.indexes:
            if missing & {column.name for column in index.columns}:
                index.create(connection, checkfirst=True)


def bulk(session: Session, statement: Executable) -> int:
    """Run an UPDATE/DELETE, returning the row count; sessions are short-lived, so no refresh."""
    return session.execute(statement.execution_options(synchronize_session=False)).rowcount
