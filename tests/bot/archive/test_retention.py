"""``python -m bot purge`` also deletes transcripts past TRANSCRIPT_RETENTION_DAYS."""
from __future__ import annotations

import time

from core import settings as config
from bot.archive.store import TranscriptArchive
from bot.cli.purge import purge_transcripts
from core.storage.models import utcnow
from tests.bot.archive.support import conversation

DAY = 86400


def test_purge_deletes_old_transcripts_and_tombstones(monkeypatch, backend, writer, database):
    writer.write(conversation("old", at=time.time() - 31 * DAY))
    writer.write(conversation("recent", at=time.time() - 29 * DAY))
    TranscriptArchive(database).erase(["erased-long-ago"])
    monkeypatch.setenv("DATABASE_URL", backend.env_url)
    monkeypatch.setenv("TRANSCRIPT_RETENTION_DAYS", "30")
    config.get_settings.cache_clear()
    try:
        counts = purge_transcripts(utcnow().replace(year=utcnow().year + 1))
        assert counts == {"transcripts": 2, "events": 6, "tombstones": 1}
    finally:
        config.get_settings.cache_clear()


def test_retention_keeps_recent_transcripts(writer, database):
    writer.write(conversation("old", at=time.time() - 31 * DAY))
    writer.write(conversation("recent", at=time.time() - 29 * DAY))
    assert TranscriptArchive(database).purge(30) == {"transcripts": 1, "events": 3, "tombstones": 0}
    assert [row["conversation_id"] for row in TranscriptArchive(database).conversations()[0]] == ["recent"]
