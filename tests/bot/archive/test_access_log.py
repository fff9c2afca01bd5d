"""The access log keeps entries for ACCESS_LOG_RETENTION_DAYS and then lets ``purge`` delete them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.archive.access_log import AccessLog
from bot.archive.models import AccessLogEntry
from core.storage.models import utcnow


def age(database, target: str, days: float) -> None:
    with database.session() as session:
        session.execute(update(AccessLogEntry).where(AccessLogEntry.target == target)
                        .values(at=utcnow() - timedelta(days=days)))


def test_purge_deletes_entries_past_retention_only(database):
    log = AccessLog(database)
    for target in ("old", "edge", "recent"):
        log.record("alice", "view transcript", target)
    age(database, "old", 366)
    age(database, "edge", 364)
    assert log.purge(365) == {"entries": 1}
    entries, total = log.entries()
    assert total == 2 and [entry["target"] for entry in entries] == ["recent", "edge"]
    assert log.purge(365) == {"entries": 0}
