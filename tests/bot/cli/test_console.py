"""``python -m bot console serve`` redacts every log line of the console process, Flask's and waitress's too."""
from __future__ import annotations

import argparse
import logging
import re

import pytest

from bot.cli import console
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for  # noqa: F401

CANARY_EMAIL = "anna.canary@example.org"
CANARY_ADDRESS = "203.0.113.77"


@pytest.fixture
def restored_log_factory():
    original = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(original)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_serve_redacts_log_records_before_anything_logs(cli_env, monkeypatch, tmp_path, caplog,
                                                        restored_log_factory):
    import waitress

    monkeypatch.setenv("CONSOLE_SECRET_KEY", "test-secret")
    monkeypatch.setenv("CONSOLE_USERS_FILE", str(tmp_path / "users.yml"))
    served = []

    def fake_serve(app, **options):
        """Stands in for waitress: one failing request through Flask, one waitress log line."""
        served.append(options)
        app.extensions["diskret"].limiter.blocked = lambda name, address: (_ for _ in ()).throw(
            RuntimeError(f"lookup failed for {name}"))
        client = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
        response = client.post(f"/login?next=/stats/%3Fmail%3D{CANARY_EMAIL}", data={
            "username": CANARY_EMAIL, "password": "x", "csrf_token": token}, environ_base={"REMOTE_ADDR": CANARY_ADDRESS})
        assert response.status_code == 500
        logging.getLogger("waitress").warning("client %s sent %s", CANARY_ADDRESS, CANARY_EMAIL)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    caplog.set_level(logging.INFO)
    assert console.run(argparse.Namespace(console_command="serve")) == 0
    assert served and served[0]["host"] == "127.0.0.1"
    logged = caplog.text
    assert "Exception on /login [POST]" in logged and "RuntimeError" in logged, "Flask logged the failure"
    assert "[EMAIL]" in logged and "[IP_ADDRESS]" in logged
    assert CANARY_EMAIL not in logged and CANARY_ADDRESS not in logged
    assert "mail=" not in logged and "next=" not in logged, "no query strings in Flask's log lines"
