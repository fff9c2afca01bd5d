"""A production install (``uv sync --no-dev``) starts the action server and registers every action.

The environment is built from uv's cache (``--offline``: nothing is downloaded), with the locked
versions and without the development group, so Faker, pytest and Playwright are absent.
"""
from __future__ import annotations

import os
import subprocess

import pytest
import requests

from core.settings import PROJECT_ROOT
from tests.support.stack import free_port, terminate, wait_for_http
from tests.support.uv import find_uv

pytestmark = pytest.mark.integration
EXPECTED_ACTIONS = {
    "action_session_start", "validate_consultation_form", "action_submit_consultation",
    "action_delete_conversation", "action_export_conversation", "action_withdraw_consent",
}


@pytest.fixture(scope="module")
def production_python(tmp_path_factory) -> str:
    uv = find_uv()
    assert uv, "uv is missing: 'make venv' installs it"
    venv = tmp_path_factory.mktemp("no-dev") / "venv"
    subprocess.run([uv, "sync", "--frozen", "--no-dev", "--offline", "--quiet"], cwd=PROJECT_ROOT, check=True,
                   timeout=300, env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)})
    return str(venv / "bin" / "python")


def test_the_production_install_has_no_development_packages(production_python):
    for module in ("faker", "pytest", "playwright"):
        probe = subprocess.run([production_python, "-c", f"import {module}"], capture_output=True, timeout=60)
        assert probe.returncode != 0, f"{module} is installed without the dev group"


def test_action_server_starts_without_development_packages(production_python, tmp_path):
    port = free_port()
    log = tmp_path / "actions.log"
    token = f"nodev-{port}"
    env = {**os.environ, "ACTION_PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "REDIS_KEY_PREFIX": f"nodev{port}", "ACTION_SERVER_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as output:
        process = subprocess.Popen([production_python, "-m", "bot", "actions"], cwd=PROJECT_ROOT, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", process, log, timeout=120)
        registered = {action["name"] for action in requests.get(f"http://127.0.0.1:{port}/actions", timeout=10,
                                                              headers={"Authorization": f"Bearer {token}"}).json()}
        assert EXPECTED_ACTIONS <= registered, log.read_text()[-2000:]
        assert "ModuleNotFoundError" not in log.read_text()
    finally:
        terminate(process)
