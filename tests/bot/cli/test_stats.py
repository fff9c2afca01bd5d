"""``python -m bot stats`` prints aggregated figures with small groups suppressed."""
from __future__ import annotations

from bot.cli import stats
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.bot.archive.conftest import cli_env, settings_for, writer  # noqa: F401
from tests.bot.archive.support import consultation, conversation, run_cli, user


def test_stats_csv_suppresses_small_groups(cli_env, writer, capsys):
    for index in range(5):
        writer.write(conversation(f"en-{index}", "en"))
    writer.write(conversation("de-0", "de", lead=True))
    assert run_cli(stats, ["stats", "--csv"]) == 0
    out, _ = capsys.readouterr()
    assert "total,conversations,6" in out and "language,en,5" in out and "language,de,<5" in out
    assert "total,leads,<5" in out


def test_stats_shows_the_funnel_and_common_not_understood_texts(cli_env, writer, capsys):
    for index in range(5):
        writer.write(consultation(f"lead-{index}", "lead") + [user(f"lead-{index}", "Macht ihr  TikTok?", "out_of_scope")])
    writer.write(consultation("rare", "started") + [user("rare", "Kennt ihr Obermüller?", "nlu_fallback")])
    assert run_cli(stats, ["stats"]) == 0
    lines = [" ".join(line.split()) for line in capsys.readouterr()[0].splitlines()]
    assert "funnel all started 6" in lines and "funnel all lead 5" in lines and "funnel_share all lead 1.0" in lines
    assert "not_understood macht ihr tiktok? 5" in lines and "total not_understood_hidden <5" in lines
    assert not any("obermüller" in line for line in lines)
