"""The consultation funnel: how many conversations reached each step of the form, and who left.

The form's start, consent, the submitted lead and the ways out are flags of the conversation
summary. The answers (name, e-mail, phone) come from the archived slot events, which keep
only whether a value was set: an answer counts as given when its slot still holds a value
at the end of the visitor's turn. Within a turn Rasa first fills the slot from the message,
then the form's validation may empty it again (not a name, a "no", a question), so a slot
set for a moment was no answer.

Every count follows the small-group rule of ``bot.archive.suppression``: weekly cells,
a cell under ``MIN_GROUP`` adds nothing, and a figure's share of another is taken over the
weeks where both are cells.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import attrgetter
from typing import Dict, Iterable, List, Optional, Set, Tuple

from sqlalchemy import or_, select

from core.storage.database import Database
from bot.archive.events import ANSWER_SET
from bot.archive.models import ArchivedConversation, ArchivedEvent
from bot.archive.store import ConversationFilter, filter_conditions
from bot.archive.suppression import Cell, cell_rate, show, shown, suppress, week_of

ALL = "all"


@dataclass(frozen=True)
class Figure:
    """One count of the funnel: a summary flag (``column``) or a form answer (``slot``), and
    the figure its share is of."""

    key: str
    label: str
    column: Optional[str] = None
    slot: Optional[str] = None
    share_of: Optional[str] = None


# The form's steps in order; each one's share is of the step before.
STEPS = (
    Figure("started", "Consultation started (asked for, or accepted the offer)", column="consultation_requested"),
    Figure("consented", "Gave consent", column="consent_given", share_of="started"),
    Figure("name", "Gave a name", slot="lead_name", share_of="consented"),
    Figure("email", "Gave an e-mail address", slot="lead_email", share_of="name"),
    Figure("lead", "Lead created", column="lead_created", share_of="email"),
)
# Beside the steps: the optional phone number, and the ways out.
OTHERS = (
    Figure("phone", "Gave a phone number (optional)", slot="lead_phone", share_of="email"),
    Figure("declined", "Declined consent", column="consent_declined", share_of="started"),
    Figure("cancelled", "Cancelled after consenting", column="consultation_cancelled", share_of="consented"),
    Figure("withdrawn", "Withdrew consent", column="consent_withdrawn"),
)
FIGURES = STEPS + OTHERS
ANSWER_SLOTS = frozenset(figure.slot for figure in FIGURES if figure.slot)


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


def answers_given(rows: Iterable) -> Dict[str, Set[str]]:
    """The answer slots holding a value at the end of some visitor turn, per conversation, from
    user and answer-slot events (``conversation_id``, ``event_type``, ``name``, ``value``) in order."""
    given: Dict[str, Set[str]] = {}
    for conversation, events in groupby(rows, key=attrgetter("conversation_id")):
        held: Set[str] = set()
        turn: Dict[str, Optional[str]] = {}
        for row in events:
            if row.event_type == "user":
                held |= {slot for slot, value in turn.items() if value == ANSWER_SET}
                turn = {}
            else:
                turn[row.name] = row.value
        given[conversation] = held | {slot for slot, value in turn.items() if value == ANSWER_SET}
    return given


def compute_funnel(database: Database, since: date, until: date) -> Funnel:
    """The funnel of conversations started ``since``..``until`` (whole weeks: the caller widens them)."""
    table, event = ArchivedConversation, ArchivedEvent
    in_funnel = [*filter_conditions(ConversationFilter(since=since, until=until)),
                 or_(table.consultation_requested.is_(True), table.consent_withdrawn.is_(True))]
    columns = [getattr(table, figure.column) for figure in FIGURES if figure.column]
    events = (select(event.conversation_id, event.event_type, event.name, event.value)
              .where(event.conversation_id.in_(select(table.conversation_id).where(*in_funnel)),
                     or_(event.event_type == "user", (event.event_type == "slot") & event.name.in_(ANSWER_SLOTS)))
              .order_by(event.conversation_id, event.timestamp, event.id))
    with database.session() as session:
        conversations = session.execute(select(table.conversation_id, table.started_at, table.language, *columns)
                                        .where(*in_funnel)).all()
        answers = answers_given(session.execute(events))
    weeks: Dict[str, Dict[date, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for row in conversations:
        reached = Counter({figure.key: int(bool(getattr(row, figure.column)) if figure.column
                                           else figure.slot in answers.get(row.conversation_id, ()))
                           for figure in FIGURES})
        monday = week_of(row.started_at.date())
        weeks[ALL][monday].update(reached)
        weeks[row.language or "unknown"][monday].update(reached)
    segments = [(ALL, count_weeks(weeks.get(ALL, {})))]
    for language in sorted(set(weeks) - {ALL}):
        counts = count_weeks(weeks[language])
        if counts[0].count is not None:
            segments.append((language, counts))
    return Funnel(segments)
