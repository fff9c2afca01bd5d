"""``python -m bot stats`` prints aggregated figures with small groups suppressed."""
from __future__ import annotations

from bot.cli import stats
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for, writer  # noqa: F401
from tests.bot.archive.support import conversation, run_cli


def test_stats_csv_suppresses_small_groups(cli_env, writer, capsys):
    for index in range(5):
        writer.write(conversation(f"en-{index}", "en"))
    writer.write(conversation("de-0", "de", lead=True))
    assert run_cli(stats, ["stats", "--csv"]) == 0
    out, _ = capsys.readouterr()
    assert "total,conversations,6" in out and "language,en,5" in out and "language,de,<5" in out
    assert "total,leads,<5" in out
