"""``python -m bot export`` writes everything about a data subject to a private file."""
from __future__ import annotations

import json
import os

from core.storage.vault import LEAD_PURPOSE
from bot.archive.access_log import AccessLog
from bot.cli import export
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for, writer  # noqa: F401
from tests.bot.archive.support import conversation, run_cli


def test_export_by_conversation(cli_env, writer, vault, tmp_path):
    writer.write(conversation("subj", lead=True))
    vault.record_consent("subj", LEAD_PURPOSE, "I agree.", "v1", "en")
    vault.capture("subj", "phone", "+44 20 7946 0958")
    target = tmp_path / "export.json"
    assert run_cli(export, ["export", "--conversation", "subj", "--output", str(target)]) == 0
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    (exported,) = json.loads(target.read_text())["conversations"]
    assert exported["leads"][0]["phone"] == "+44 20 7946 0958"
    assert exported["consents"][0]["purpose"] == LEAD_PURPOSE
    assert exported["transcript"]["events"] and exported["live_tracker"] is None
    assert [entry["action"] for entry in AccessLog(vault.database).entries()[0]] == ["export"]
