"""Marketing statistics from the archive alone, with small groups suppressed.

Any figure resting on fewer than ``MIN_GROUP`` conversations is reported as ``None``
("<5"), so no cell can point at an individual visitor.

Suppressing small cells of one table is not enough when the date range is free: the
figures for 1–31 March and 1–30 March would differ by the conversations of 31 March,
however few. So every figure is built from fixed calendar weeks (Monday to Sunday, UTC):

* a requested range is widened to whole weeks;
* each week's cell (conversations, one language, one intent, requests, leads) counts only
  if it reaches ``MIN_GROUP``, otherwise it adds 0;
* a range's figure is the sum of its weeks' cells.

Two ranges then differ by whole weeks, each adding nothing or at least ``MIN_GROUP``
conversations, so no difference of two queries isolates a smaller group. Rates are taken
over the weeks where their parts are such cells too. The price: a week's cell below the
minimum is missing from the totals (the page says so), and the finest grain is one week.
Weeks were chosen over months as the smallest bucket that still fills on a quiet site.
The rule itself lives in ``bot.archive.suppression``; the consultation funnel
(``bot.archive.funnel``) follows it too, and the not-understood messages
(``bot.archive.not_understood``) are grouped under the same minimum. (A figure taken away from its total, such as all conversations minus English ones, is a
separate question this does not address.)
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, List, Optional, Tuple

from sqlalchemy import select

from core.storage.database import Database
from bot.archive.events import FALLBACK_INTENT
from bot.archive.funnel import Funnel, compute_funnel
from bot.archive.models import ArchivedConversation, ArchivedEvent
from bot.archive.not_understood import NotUnderstood, group_messages, not_understood_messages
from bot.archive.store import ConversationFilter, filter_conditions
from bot.archive.suppression import (
    MIN_GROUP, Cell, cell_rate, csv_text, rate, show, shown, suppress, week_of, whole_weeks,
)

TOP_INTENTS = 10


@dataclass
class Statistics:
    since: date
    until: date
    conversations: Optional[int]
    per_week: List[Tuple[date, Optional[int]]] = field(default_factory=list)
    languages: List[Tuple[str, Optional[int]]] = field(default_factory=list)
    top_intents: List[Tuple[str, int]] = field(default_factory=list)
    fallback_rate: Cell = None
    consultation_requests: Optional[int] = None
    consent_rate: Cell = None
    leads: Optional[int] = None
    funnel: Funnel = field(default_factory=Funnel)
    not_understood: NotUnderstood = field(default_factory=NotUnderstood)

    def rows(self) -> List[Tuple[str, str, str]]:
        """(section, key, value) rows for CSV and the CLI; suppressed cells read "<5"."""
        rows = [("total", "conversations", show(self.conversations))]
        rows += [("per_week", monday.isoformat(), show(count)) for monday, count in self.per_week]
        rows += [("language", language, show(count)) for language, count in self.languages]
        rows += [("top_intent", intent, str(count)) for intent, count in self.top_intents]
        rows += [("total", "fallback_rate", show(self.fallback_rate)),
                 ("total", "consultation_requests", show(self.consultation_requests)),
                 ("total", "consent_rate", show(self.consent_rate)),
                 ("total", "leads", show(self.leads))]
        return rows + self.funnel.rows() + self.not_understood.rows()

    def csv(self) -> str:
        return csv_text(self.rows())


@dataclass
class _Week:
    """One week's raw counts; never shown as they are."""

    conversations: int = 0
    messages: int = 0
    fallbacks: int = 0
    requested: int = 0
    consents: int = 0
    leads: int = 0
    languages: Counter = field(default_factory=Counter)
    intents: Counter = field(default_factory=Counter)


def default_range(today: date, days: int = 30) -> Tuple[date, date]:
    return today - timedelta(days=days - 1), today


def _weeks(database: Database, since: date, until: date) -> Dict[date, _Week]:
    conditions = filter_conditions(ConversationFilter(since=since, until=until))
    table = ArchivedConversation
    columns = select(table.started_at, table.language, table.user_messages, table.fallbacks,
                     table.consultation_requested, table.consent_given, table.lead_created).where(*conditions)
    intents = (select(ArchivedEvent.intent, table.conversation_id, table.started_at)
               .join(table, table.conversation_id == ArchivedEvent.conversation_id)
               .where(ArchivedEvent.intent.is_not(None), *conditions).distinct())
    with database.session() as session:
        rows = session.execute(columns).all()
        intent_rows = session.execute(intents).all()
    weeks: Dict[date, _Week] = defaultdict(_Week)
    for row in rows:
        week = weeks[week_of(row.started_at.date())]
        week.conversations += 1
        week.messages += row.user_messages
        week.fallbacks += row.fallbacks
        week.requested += row.consultation_requested
        week.consents += row.consent_given
        week.leads += row.lead_created
        week.languages[row.language or "unknown"] += 1
    for intent, _, started_at in intent_rows:
        weeks[week_of(started_at.date())].intents[intent] += 1
    return weeks


def compute(database: Database, since: date, until: date) -> Statistics:
    """Aggregate conversations started in the whole weeks around ``since``..``until`` (see the module)."""
    since, until = whole_weeks(since, until)
    by_monday = _weeks(database, since, until)
    mondays = [since + timedelta(weeks=offset) for offset in range((until - since).days // 7 + 1)]
    weeks = list(by_monday.values())
    languages: Counter = Counter()
    intents: Counter = Counter()
    for week in weeks:
        languages.update({language: shown(count) for language, count in week.languages.items()})
        intents.update({intent: shown(count) for intent, count in week.intents.items()})
    return Statistics(
        since=since,
        until=until,
        conversations=suppress(sum(shown(week.conversations) for week in weeks)),
        per_week=[(monday, suppress(by_monday[monday].conversations if monday in by_monday else 0))
                  for monday in mondays],
        languages=[(language, suppress(count)) for language, count in sorted(languages.items())],
        top_intents=sorted(((intent, count) for intent, count in intents.items()
                            if count >= MIN_GROUP and intent != FALLBACK_INTENT), key=lambda item: (-item[1], item[0])
                           )[:TOP_INTENTS],
        fallback_rate=rate((week.fallbacks, week.messages) for week in weeks if week.conversations >= MIN_GROUP),
        consultation_requests=suppress(sum(shown(week.requested) for week in weeks)),
        consent_rate=cell_rate((week.consents, week.requested) for week in weeks),
        leads=suppress(sum(shown(week.leads) for week in weeks)),
        funnel=compute_funnel(database, since, until),
        not_understood=group_messages(not_understood_messages(database, since, until)),
    )
