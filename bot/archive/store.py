"""Reading, erasing and purging the archive: the queries behind the console and the CLI."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Dict, List, Optional, Sequence, Tuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.storage.database import Database
from bot.archive.models import ArchivedConversation, ArchivedEvent, AuditFinding, ErasedConversation
from core.storage.models import utcnow

PAGE_SIZE = 50


@dataclass(frozen=True)
class ConversationFilter:
    """The console's and CLI's list filters; ``None`` means "any"."""

    since: Optional[date] = None
    until: Optional[date] = None
    language: Optional[str] = None
    intent: Optional[str] = None
    lead_created: Optional[bool] = None
    flagged: Optional[bool] = None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def filter_conditions(chosen: ConversationFilter) -> List[Any]:
    """SQL conditions on ``ArchivedConversation`` for ``chosen`` (shared with statistics)."""
    table = ArchivedConversation
    conditions: List[Any] = []
    if chosen.since:
        conditions.append(table.started_at >= day_start(chosen.since))
    if chosen.until:
        conditions.append(table.started_at < day_start(chosen.until + timedelta(days=1)))
    if chosen.language:
        conditions.append(table.language == chosen.language)
    if chosen.intent:
        conditions.append(table.conversation_id.in_(
            select(ArchivedEvent.conversation_id).where(ArchivedEvent.intent == chosen.intent)))
    if chosen.lead_created is not None:
        conditions.append(table.lead_created.is_(chosen.lead_created))
    if chosen.flagged is not None:
        conditions.append(table.flagged.is_(chosen.flagged))
    return conditions


def conversation_dict(conversation: ArchivedConversation) -> Dict[str, Any]:
    return {
        "conversation_id": conversation.conversation_id,
        "started_at": conversation.started_at.isoformat(),
        "last_event_at": conversation.last_event_at.isoformat(),
        "language": conversation.language,
        "user_messages": conversation.user_messages,
        "fallbacks": conversation.fallbacks,
        "consultation_requested": conversation.consultation_requested,
        "consent_given": conversation.consent_given,
        "lead_created": conversation.lead_created,
        "flagged": conversation.flagged,
    }


def event_dict(event: ArchivedEvent) -> Dict[str, Any]:
    return {
        "id": event.id,
        "timestamp": event.timestamp.isoformat(),
        "event": event.event_type,
        "text": event.text,
        "intent": event.intent,
        "confidence": event.confidence,
        "name": event.name,
        "value": event.value,
    }


class TranscriptArchive:
    """The archived conversations in one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def conversations(self, chosen: ConversationFilter = ConversationFilter(), page: int = 1,
                      page_size: int = PAGE_SIZE) -> Tuple[List[Dict[str, Any]], int]:
        """One page of conversations, newest first, and the total number matching."""
        conditions = filter_conditions(chosen)
        query = select(ArchivedConversation).where(*conditions).order_by(
            ArchivedConversation.started_at.desc(), ArchivedConversation.conversation_id)
        with self.database.session() as session:
            total = session.execute(select(func.count()).select_from(ArchivedConversation).where(*conditions)).scalar()
            rows = session.execute(query.offset((max(page, 1) - 1) * page_size).limit(page_size)).scalars()
            return [conversation_dict(row) for row in rows], int(total or 0)

    def intents(self) -> List[str]:
        """Intents seen in the archive, for the filter menu."""
        query = select(ArchivedEvent.intent).where(ArchivedEvent.intent.is_not(None)).distinct()
        with self.database.session() as session:
            return sorted(session.execute(query).scalars())

    def transcript(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        """The conversation's summary and events in order, or None if it is not archived."""
        with self.database.session() as session:
            conversation = session.get(ArchivedConversation, conversation_id)
            if conversation is None:
                return None
            events = session.execute(select(ArchivedEvent).where(ArchivedEvent.conversation_id == conversation_id)
                                     .order_by(ArchivedEvent.timestamp, ArchivedEvent.id)).scalars()
            return dict(conversation_dict(conversation), events=[event_dict(event) for event in events])

    def erase(self, conversation_ids: Sequence[str]) -> Dict[str, int]:
        """Delete conversations and leave tombstones, so late events of them are dropped."""
        counts = {"archived_conversations": 0, "archived_events": 0}
        with self.database.session() as session:
            for conversation_id in conversation_ids:
                if session.get(ErasedConversation, conversation_id) is None:
                    session.add(ErasedConversation(conversation_id=conversation_id, erased_at=utcnow()))
                    session.flush()
                deleted = _delete_conversations(session, ArchivedConversation.conversation_id == conversation_id)
                for name, count in deleted.items():
                    counts[name] += count
        return counts

    def purge(self, retention_days: int, now: Optional[datetime] = None) -> Dict[str, int]:
        """Delete conversations whose last event is older than the retention, and old tombstones."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        with self.database.session() as session:
            counts = _delete_conversations(session, ArchivedConversation.last_event_at < cutoff)
            counts["tombstones"] = session.execute(
                delete(ErasedConversation).where(ErasedConversation.erased_at < cutoff)
                .execution_options(synchronize_session=False)).rowcount
        return {"transcripts": counts["archived_conversations"], "events": counts["archived_events"],
                "tombstones": counts["tombstones"]}


def _delete_conversations(session: Session, condition: Any) -> Dict[str, int]:
    """Delete matching conversations with their events and findings (summary rows locked first)."""
    ids = select(ArchivedConversation.conversation_id).where(condition)
    locked = list(session.execute(ids.with_for_update()).scalars())
    if not locked:
        return {"archived_conversations": 0, "archived_events": 0}
    options = {"synchronize_session": False}
    session.execute(delete(AuditFinding).where(AuditFinding.conversation_id.in_(locked)).execution_options(**options))
    events = session.execute(delete(ArchivedEvent).where(ArchivedEvent.conversation_id.in_(locked))
                             .execution_options(**options)).rowcount
    conversations = session.execute(delete(ArchivedConversation).where(
        ArchivedConversation.conversation_id.in_(locked)).execution_options(**options)).rowcount
    return {"archived_conversations": conversations, "archived_events": events}
