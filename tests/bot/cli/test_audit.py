"""``python -m bot audit`` flags a planted leftover and ``--redact`` removes it."""
from __future__ import annotations

import time

from bot.archive import audit as audit_module
from bot.archive.store import TranscriptArchive
from bot.cli import audit
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for, writer  # noqa: F401
from tests.bot.archive.support import conversation, fake_spans, run_cli, user


def test_audit_and_redact(cli_env, writer, database, capsys, monkeypatch):
    monkeypatch.setattr(audit_module, "engine_spans", fake_spans)  # the real model is slow to load
    writer.write(conversation("leaky") + [user("leaky", "reach me at frieda(at)beispiel or 030 1234567", "inform",
                                               at=time.time() + 60)])
    assert run_cli(audit, ["audit"]) == 0
    out, _ = capsys.readouterr()
    assert "1 finding(s) in 1 conversation(s)" in out and ">>030 1234567<<" in out
    finding_id = int(out.split("#")[1].split()[0])
    assert run_cli(audit, ["audit", "--redact", str(finding_id)]) == 0
    assert TranscriptArchive(database).transcript("leaky")["events"][-1]["text"].endswith("or [NUMBER]")
    assert run_cli(audit, ["audit", "--redact", str(finding_id)]) == 1
