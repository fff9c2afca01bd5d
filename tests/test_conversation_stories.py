"""Conversation tests: every flow in tests/test_stories.yml, in both languages, no prediction errors."""
from __future__ import annotations

import subprocess
import sys

from tests.support.stack import MODEL_PATH
from core.settings import PROJECT_ROOT


def test_stories_predict_without_errors(tmp_path):
    result = subprocess.run(
        [
            sys.executable, "-m", "rasa", "test", "core",
            "--model", str(MODEL_PATH),
            "--stories", str(PROJECT_ROOT / "tests" / "test_stories.yml"),
            "--fail-on-prediction-errors",
            "--out", str(tmp_path),
        ],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, details
