"""The staff access log: every view, export and erasure, by whom and when (Art. 5(2) accountability).

Targets are conversation ids, request numbers or a description such as "lookup by e-mail";
a visitor's e-mail address or text is never written here.
"""
from __future__ import annotations

import getpass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import delete, func, select

from core.storage.database import Database, bulk
from core.storage.models import utcnow
from bot.archive.models import AccessLogEntry


class AccessLog:
    """Append-only from the console and CLI; read by compliance staff; purged after its retention."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record(self, actor: str, action: str, target: Optional[str] = None) -> None:
        with self.database.session() as session:
            session.add(AccessLogEntry(at=utcnow(), actor=actor[:128], action=action[:64],
                                       target=None if target is None else target[:200]))

    def entries(self, page: int = 1, page_size: int = 100) -> Tuple[List[Dict[str, Any]], int]:
        """One page of entries, newest first, and the total count."""
        query = select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
        with self.database.session() as session:
            total = session.execute(select(func.count()).select_from(AccessLogEntry)).scalar() or 0
            rows = session.execute(query.offset((max(page, 1) - 1) * page_size).limit(page_size)).scalars()
            return [_entry_dict(row) for row in rows], int(total)

    def purge(self, retention_days: int, now: Optional[datetime] = None) -> Dict[str, int]:
        """Delete entries older than ``retention_days``: the log names staff and the conversations
        they read, so it too is personal data, kept only as long as accountability needs it."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        with self.database.session() as session:
            return {"entries": bulk(session, delete(AccessLogEntry).where(AccessLogEntry.at < cutoff))}


def _entry_dict(entry: AccessLogEntry) -> Dict[str, Any]:
    return {"at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action, "target": entry.target}


def cli_actor() -> str:
    """The access-log name of whoever runs a command-line tool (their OS account)."""
    return f"cli:{getpass.getuser()}"
