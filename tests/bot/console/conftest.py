"""A console app on the test database, with one compliance and one marketing account."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.archive.audit import ResidualAudit
from bot.archive.writer import ArchiveWriter
from bot.console.app import create_app
from bot.console.users import UserStore
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import settings_for  # noqa: F401
from tests.bot.archive.support import fake_redact, fake_spans

PASSWORDS = {"alice": "correct horse battery", "mark": "marketing staple 42"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def console_settings(settings_for, tmp_path):
    users = UserStore(str(tmp_path / "users.yml"))
    users.add("alice", "compliance", PASSWORDS["alice"])
    users.add("mark", "marketing", PASSWORDS["mark"])
    return replace(settings_for, console_users_file=str(tmp_path / "users.yml"), console_secret_key="test-secret")


@pytest.fixture
def app(console_settings, vault):
    application = create_app(console_settings, vault, ResidualAudit(vault.database, spans=fake_spans))
    application.config["TESTING"] = True
    return application


@pytest.fixture
def writer(vault) -> ArchiveWriter:
    return ArchiveWriter(vault.database, redact=fake_redact)


def csrf(client, path: str = "/login") -> str:
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def sign_in(client, name: str):
    return client.post("/login", data={"username": name, "password": PASSWORDS[name], "csrf_token": csrf(client)})


@pytest.fixture
def compliance(app):
    client = app.test_client()
    assert sign_in(client, "alice").status_code == 302
    return client


@pytest.fixture
def marketing(app):
    client = app.test_client()
    assert sign_in(client, "mark").status_code == 302
    return client
