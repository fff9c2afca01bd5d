"""``python -m bot transcripts list|show|export`` read the archive and log each access."""
from __future__ import annotations

import json
import os

from bot.archive.access_log import AccessLog
from bot.cli import transcripts
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for, writer  # noqa: F401
from tests.bot.archive.support import conversation, run_cli


def test_list_show_export(cli_env, writer, database, capsys, tmp_path):
    writer.write(conversation("conv-en", "en", lead=True))
    writer.write(conversation("conv-de", "de"))
    assert run_cli(transcripts, ["transcripts", "list", "--language", "en", "--lead", "yes"]) == 0
    out, err = capsys.readouterr()
    assert "conv-en" in out and "conv-de" not in out and "1 of 1" in err
    assert run_cli(transcripts, ["transcripts", "show", "conv-en"]) == 0
    out, _ = capsys.readouterr()
    assert "visitor: My e-mail is [EMAIL]   [inform 0.97]" in out and "(active_loop consultation_form)" in out
    target = tmp_path / "conv.json"
    assert run_cli(transcripts, ["transcripts", "export", "conv-en", "--output", str(target)]) == 0
    assert json.loads(target.read_text())["lead_created"] is True
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert run_cli(transcripts, ["transcripts", "show", "missing"]) == 1
    actions = [entry["action"] for entry in AccessLog(database).entries()[0]]
    assert actions == ["export transcript", "view transcript", "view conversation list"]
