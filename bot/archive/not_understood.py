"""What visitors wrote that the bot did not understand, grouped so that no single visitor shows.

A visitor message counts as not understood when the NLU gave it a fallback intent, or the
bot answered it with a fallback (``NOT_UNDERSTOOD_REPLIES``). Messages are the archive's
redacted texts, normalised (lower case, whitespace collapsed, placeholders kept upper case
and without their per-conversation number) and grouped by identical text. A group is shown
only if at least ``MIN_GROUP`` different conversations wrote it, so an unusual message that
might point at its writer even when redacted never appears; nor does any message the
residual audit still suspects of holding personal data. How many were hidden is reported,
itself shown as "<5" when small.

Unlike the counts in ``bot.archive.stats``, a group is judged over the whole range, not per
week: texts repeated by five conversations in one week are rare, and a shown text is by then
common. Comparing two ranges can tell that a common text was written in some week, not by whom.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, Iterable, List, Optional, Set, Tuple

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from core.storage.database import Database
from bot.archive.models import ArchivedConversation, ArchivedEvent, AuditFinding
from bot.archive.store import ConversationFilter, filter_conditions
from bot.archive.suppression import MIN_GROUP, show, suppress

NOT_UNDERSTOOD_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# Rasa's fallback action, Diskret's answer to a fallback intent (actions/handoff.py), and the
# fallback's response: each answers the visitor message before it.
NOT_UNDERSTOOD_REPLIES = frozenset({"action_default_fallback", "action_not_understood", "utter_default"})
TOP_GROUPS = 50
# "[PERSON]", "[PERSON_2]", "[DATE_OF_BIRTH]": the label, without the number (linear: no nested repeats).
PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*?)(?:_\d+)?\]")


def normalise(text: str) -> str:
    """Lower case with whitespace collapsed; placeholders stay as ``[LABEL]``."""
    parts: List[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts += [text[position:match.start()].lower(), f"[{match.group(1)}]"]
        position = match.end()
    parts.append(text[position:].lower())
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class Message:
    """One not-understood visitor message as the archive holds it."""

    conversation_id: str
    text: str
    suspect: bool = False  # the residual audit found possible personal data in it


@dataclass(frozen=True)
class Group:
    text: str
    conversations: int
    messages: int


@dataclass
class NotUnderstood:
    """The groups shown (most conversations first), and what was left out."""

    groups: List[Group] = field(default_factory=list)
    hidden_messages: Optional[int] = None  # in groups under MIN_GROUP conversations or suspect; None: "<5"
    more_groups: int = 0  # groups big enough but beyond the first TOP_GROUPS

    def rows(self) -> List[Tuple[str, str, str]]:
        rows = [("not_understood", group.text, str(group.conversations)) for group in self.groups]
        return rows + [("total", "not_understood_hidden", show(self.hidden_messages)),
                       ("total", "not_understood_more_groups", str(self.more_groups))]


def group_messages(messages: Iterable[Message], limit: int = TOP_GROUPS) -> NotUnderstood:
    """Groups by normalised text; only groups from ``MIN_GROUP`` conversations or more are shown."""
    conversations: Dict[str, Set[str]] = defaultdict(set)
    counts: Dict[str, int] = defaultdict(int)
    hidden = 0
    for message in messages:
        text = normalise(message.text)
        if message.suspect:
            hidden += 1
        elif text:
            conversations[text].add(message.conversation_id)
            counts[text] += 1
    groups = []
    for text, writers in conversations.items():
        if len(writers) >= MIN_GROUP:
            groups.append(Group(text, len(writers), counts[text]))
        else:
            hidden += counts[text]
    groups.sort(key=lambda group: (-group.conversations, -group.messages, group.text))
    return NotUnderstood(groups[:limit], suppress(hidden), max(len(groups) - limit, 0))


def not_understood_messages(database: Database, since: date, until: date) -> List[Message]:
    """Not-understood visitor messages of conversations started ``since``..``until``."""
    table, event, marker = ArchivedConversation, ArchivedEvent, aliased(ArchivedEvent)
    conditions = filter_conditions(ConversationFilter(since=since, until=until))

    def is_reply(row):
        return and_(row.event_type.in_(("action", "bot")), row.name.in_(NOT_UNDERSTOOD_REPLIES))

    with_fallbacks = (select(marker.conversation_id).join(table, table.conversation_id == marker.conversation_id)
                      .where(*conditions, or_(is_reply(marker), and_(marker.event_type == "user",
                                                                     marker.intent.in_(NOT_UNDERSTOOD_INTENTS)))))
    suspect = exists().where(AuditFinding.event_id == event.id)
    query = (select(event.conversation_id, event.event_type, event.text, event.intent, suspect.label("suspect"))
             .where(event.conversation_id.in_(with_fallbacks), or_(event.event_type == "user", is_reply(event)))
             .order_by(event.conversation_id, event.timestamp, event.id))
    with database.session() as session:
        rows = session.execute(query).all()
    return _answered_by_fallback(rows)


def _answered_by_fallback(rows: Iterable) -> List[Message]:
    """Visitor messages with a fallback intent or followed by a fallback reply (rows in conversation order)."""
    found: Dict[int, Message] = {}
    latest: Optional[Tuple[int, Message]] = None  # the visitor message a reply now answers
    for index, row in enumerate(rows):
        if row.event_type == "user":
            latest = (index, Message(row.conversation_id, row.text or "", bool(row.suspect)))
            if row.intent in NOT_UNDERSTOOD_INTENTS:
                found[index] = latest[1]
        elif latest is not None and latest[1].conversation_id == row.conversation_id:
            found[latest[0]] = latest[1]
    return list(found.values())
