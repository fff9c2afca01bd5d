"""Marketing statistics from the archive alone, with small groups suppressed.

Any figure resting on fewer than ``MIN_GROUP`` conversations is reported as ``None``
("<5"), so no cell can point at an individual visitor.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, List, Optional, Tuple

from sqlalchemy import func, select

from core.storage.database import Database
from bot.archive.events import FALLBACK_INTENT
from bot.archive.models import ArchivedConversation, ArchivedEvent
from bot.archive.store import ConversationFilter, filter_conditions

MIN_GROUP = 5
TOP_INTENTS = 10
SUPPRESSED = "<5"

Cell = Optional[float]


def suppress(count: int) -> Optional[int]:
    return count if count >= MIN_GROUP else None


def rate(part: int, whole: int) -> Cell:
    """``part/whole`` rounded, or None when ``whole`` is a small group."""
    return round(part / whole, 3) if whole >= MIN_GROUP else None


@dataclass
class Statistics:
    since: date
    until: date
    conversations: Optional[int]
    per_day: List[Tuple[date, Optional[int]]] = field(default_factory=list)
    languages: List[Tuple[str, Optional[int]]] = field(default_factory=list)
    top_intents: List[Tuple[str, int]] = field(default_factory=list)
    fallback_rate: Cell = None
    consultation_requests: Optional[int] = None
    consent_rate: Cell = None
    leads: Optional[int] = None

    def rows(self) -> List[Tuple[str, str, str]]:
        """(section, key, value) rows for CSV and the CLI; suppressed cells read "<5"."""
        def show(value: object) -> str:
            return SUPPRESSED if value is None else str(value)

        rows = [("total", "conversations", show(self.conversations))]
        rows += [("per_day", day.isoformat(), show(count)) for day, count in self.per_day]
        rows += [("language", language, show(count)) for language, count in self.languages]
        rows += [("top_intent", intent, str(count)) for intent, count in self.top_intents]
        rows += [("total", "fallback_rate", show(self.fallback_rate)),
                 ("total", "consultation_requests", show(self.consultation_requests)),
                 ("total", "consent_rate", show(self.consent_rate)),
                 ("total", "leads", show(self.leads))]
        return rows

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(("section", "key", "value"))
        writer.writerows(self.rows())
        return buffer.getvalue()


def default_range(today: date, days: int = 30) -> Tuple[date, date]:
    return today - timedelta(days=days - 1), today


def compute(database: Database, since: date, until: date) -> Statistics:
    """Aggregate conversations started between ``since`` and ``until`` (inclusive)."""
    conditions = filter_conditions(ConversationFilter(since=since, until=until))
    table = ArchivedConversation
    columns = select(table.started_at, table.language, table.user_messages, table.fallbacks,
                     table.consultation_requested, table.consent_given, table.lead_created).where(*conditions)
    intents = (select(ArchivedEvent.intent, func.count(func.distinct(ArchivedEvent.conversation_id)))
               .join(table, table.conversation_id == ArchivedEvent.conversation_id)
               .where(ArchivedEvent.intent.is_not(None), *conditions).group_by(ArchivedEvent.intent))
    with database.session() as session:
        rows = session.execute(columns).all()
        intent_counts = session.execute(intents).all()
    days: Dict[date, int] = Counter(row.started_at.date() for row in rows)
    languages = Counter(row.language or "unknown" for row in rows)
    requested = sum(row.consultation_requested for row in rows)
    messages = sum(row.user_messages for row in rows)
    return Statistics(
        since=since,
        until=until,
        conversations=suppress(len(rows)),
        per_day=[(since + timedelta(days=offset), suppress(days.get(since + timedelta(days=offset), 0)))
                 for offset in range((until - since).days + 1)],
        languages=[(language, suppress(count)) for language, count in sorted(languages.items())],
        top_intents=sorted(((intent, count) for intent, count in intent_counts
                            if count >= MIN_GROUP and intent != FALLBACK_INTENT), key=lambda item: (-item[1], item[0])
                           )[:TOP_INTENTS],
        fallback_rate=round(sum(row.fallbacks for row in rows) / messages, 3) if len(rows) >= MIN_GROUP and messages
        else None,
        consultation_requests=suppress(requested),
        consent_rate=rate(sum(row.consent_given for row in rows), requested),
        leads=suppress(sum(row.lead_created for row in rows)),
    )
