"""Fail closed at start-up: a Rasa server whose redactor cannot load refuses to run at all."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core.settings import PROJECT_ROOT
from tests.support.stack import MODEL_PATH, free_port

pytestmark = pytest.mark.integration


def test_server_without_a_working_redactor_refuses_to_start(tmp_path):
    env_overrides = {
        "REDACTOR_MODEL_PATH": str(tmp_path / "no-such-pipeline"),
        "RASA_PORT": str(free_port()),
        "REDIS_URL": "redis://127.0.0.1:6379/7",
        "REDIS_KEY_PREFIX": "tfailclosed",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--model", str(MODEL_PATH)],
        cwd=PROJECT_ROOT, env={**os.environ, **env_overrides}, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode != 0
    assert "RedactionError: no redaction pipeline" in result.stdout + result.stderr
