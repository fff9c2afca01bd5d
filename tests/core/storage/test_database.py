"""The database layer: parent directory creation, schema isolation, late-declared tables."""
from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import Column, Integer, String, Table, inspect, text
from sqlalchemy.exc import IntegrityError

from core.storage.database import Database
from core.storage.models import Base


def test_sqlite_parent_directory_is_created(tmp_path):
    path = tmp_path / "nested" / "dir" / "diskret.sqlite3"
    database = Database(f"sqlite:///{path}")
    with database.session() as session:
        session.execute(text("SELECT 1"))
    assert path.exists()
    assert {"leads", "consents"} <= set(inspect(database.engine).get_table_names())


def test_sqlite_file_and_its_new_folder_are_owner_only(tmp_path):
    path = tmp_path / "var" / "diskret.sqlite3"
    previous = os.umask(0o022)  # the usual umask, under which SQLite would create 0644
    try:
        database = Database(f"sqlite:///{path}")
        with database.session() as session:
            session.execute(text("CREATE TABLE IF NOT EXISTS probe (id INTEGER)"))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_sqlite_file_keeps_its_mode(tmp_path):
    path = tmp_path / "shared.sqlite3"
    path.touch(mode=0o640)
    path.chmod(0o640)
    Database(f"sqlite:///{path}").create_all()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_schema_is_rejected_on_sqlite(tmp_path):
    with pytest.raises(ValueError):
        Database(f"sqlite:///{tmp_path / 'x.sqlite3'}", schema="other")


def test_tables_live_in_the_test_schema_only(backend, database):
    with database.session() as session:
        session.execute(text("SELECT count(*) FROM leads"))
    if backend.schema:
        assert {"leads", "consents"} <= set(inspect(database.engine).get_table_names(schema=backend.schema))
        with database.engine.connect() as connection:
            assert connection.execute(text("SHOW search_path")).scalar() == backend.schema


def test_tables_declared_later_are_created(database):
    with database.session():
        pass

    # stands in for another store's table (e.g. transcripts) whose module is imported later
    late = Table("diskret_test_late_table", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        with database.session() as session:
            assert session.execute(text("SELECT count(*) FROM diskret_test_late_table")).scalar() == 0
    finally:
        Base.metadata.remove(late)


def test_columns_declared_later_are_added_to_existing_tables(database):
    """A table from an earlier version gets new nullable columns and their indexes in place."""
    old = Table("diskret_test_grown", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        with database.session() as session:
            session.execute(text("INSERT INTO diskret_test_grown (id) VALUES (1)"))
        grown = Column("tag", String(16), nullable=True, unique=True, index=True)
        old.append_column(grown)
        database.create_all()
        with database.session() as session:
            session.execute(text("INSERT INTO diskret_test_grown (id, tag) VALUES (2, 'x')"))
            assert session.execute(text("SELECT count(tag) FROM diskret_test_grown")).scalar() == 1
        with pytest.raises(IntegrityError), database.session() as session:
            session.execute(text("INSERT INTO diskret_test_grown (id, tag) VALUES (3, 'x')"))
    finally:
        with database.engine.begin() as connection:
            old.drop(connection)
        Base.metadata.remove(old)
