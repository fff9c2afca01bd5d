"""The consultation funnel: how many conversations reached each step of the form, and who left.

Each step counts conversations (flags the writer sets from the redacted events: the form
started, consent, a name and an e-mail given, a lead submitted), per language and in all.
Every count follows the small-group rule of ``bot.archive.suppression``: weekly cells,
a cell under ``MIN_GROUP`` adds nothing, and a step's share of the step before it is taken
over the weeks where both are cells.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Optional, Tuple

from sqlalchemy import or_, select

from core.storage.database import Database
from bot.archive.models import ArchivedConversation
from bot.archive.store import ConversationFilter, filter_conditions
from bot.archive.suppression import Cell, cell_rate, show, shown, suppress, week_of

ALL = "all"


@dataclass(frozen=True)
class Figure:
    """One count of the funnel: its key, the summary flag it counts and what its share is of."""

    key: str
    label: str
    column: str
    share_of: Optional[str]


# The form's steps in order; each one's share is of the step before.
STEPS = (
    Figure("started", "Consultation started (asked for, or accepted the offer)", "consultation_requested", None),
    Figure("consented", "Gave consent", "consent_given", "started"),
    Figure("name", "Gave a name", "name_given", "consented"),
    Figure("email", "Gave an e-mail address", "email_given", "name"),
    Figure("lead", "Lead created", "lead_created", "email"),
)
# Beside the steps: the optional phone number, and the ways out.
OTHERS = (
    Figure("phone", "Gave a phone number (optional)", "phone_given", "email"),
    Figure("declined", "Declined consent", "consent_declined", "started"),
    Figure("cancelled", "Cancelled after consenting", "consultation_cancelled", "consented"),
    Figure("withdrawn", "Withdrew consent", "consent_withdrawn", None),
)
FIGURES = STEPS + OTHERS


@dataclass(frozen=True)
class Count:
    figure: Figure
    count: Optional[int]
    share: Cell  # of ``figure.share_of``; None if suppressed or nothing to divide


@dataclass
class Funnel:
    """Counts per segment: ``ALL`` first, then each language with a shown first step."""

    segments: List[Tuple[str, List[Count]]] = field(default_factory=list)

    def steps(self, segment: str = ALL) -> List[Count]:
        """The form's steps in order (for the chart)."""
        return [count for count in dict(self.segments).get(segment, []) if count.figure in STEPS]

    def by_figure(self) -> List[Tuple[Figure, List[Count]]]:
        """Each figure with its count in every segment, in ``segments`` order (for the table)."""
        return [(figure, [counts[index] for _, counts in self.segments]) for index, figure in enumerate(FIGURES)]

    def rows(self) -> List[Tuple[str, str, str]]:
        """(section, key, value) rows: "funnel" counts and "funnel_share" shares, per segment."""
        rows = []
        for segment, counts in self.segments:
            rows += [("funnel", f"{segment} {count.figure.key}", show(count.count)) for count in counts]
            rows += [("funnel_share", f"{segment} {count.figure.key}", show(count.share))
                     for count in counts if count.figure.share_of]
        return rows


def count_weeks(weekly: Dict[date, Counter]) -> List[Count]:
    """The figures of one segment from its weeks' raw counts (see the module)."""
    counts = []
    for figure in FIGURES:
        share = None
        if figure.share_of:
            share = cell_rate((week[figure.key], week[figure.share_of]) for week in weekly.values())
        counts.append(Count(figure, suppress(sum(shown(week[figure.key]) for week in weekly.values())), share))
    return counts


def compute_funnel(database: Database, since: date, until: date) -> Funnel:
    """The funnel of conversations started ``since``..``until`` (whole weeks: the caller widens them)."""
    table = ArchivedConversation
    columns = [getattr(table, figure.column) for figure in FIGURES]
    query = select(table.started_at, table.language, *columns).where(
        *filter_conditions(ConversationFilter(since=since, until=until)),
        or_(table.consultation_requested.is_(True), table.consent_withdrawn.is_(True)))
    with database.session() as session:
        rows = session.execute(query).all()
    weeks: Dict[str, Dict[date, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for row in rows:
        reached = Counter({figure.key: int(bool(getattr(row, figure.column))) for figure in FIGURES})
        monday = week_of(row.started_at.date())
        weeks[ALL][monday].update(reached)
        weeks[row.language or "unknown"][monday].update(reached)
    segments = [(ALL, count_weeks(weeks.get(ALL, {})))]
    for language in sorted(set(weeks) - {ALL}):
        counts = count_weeks(weeks[language])
        if counts[0].count is not None:
            segments.append((language, counts))
    return Funnel(segments)
