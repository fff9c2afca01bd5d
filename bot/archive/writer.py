"""Writes batches of events into the archive: redacted again, summaries updated, erased ones dropped."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.storage.database import Database
from bot.archive.events import (
    CONSENT_WITHDRAWN_UTTERANCE, CONSULTATION_LOOP, FALLBACK_INTENT, LEAD_SUBMITTED_UTTERANCE,
    EventRecord, to_record,
)
from bot.archive.models import ArchivedConversation, ArchivedEvent, ErasedConversation

Redact = Callable[[Dict[str, Any]], Dict[str, Any]]


def _default_redact(event: Dict[str, Any]) -> Dict[str, Any]:
    from bot.privacy.event_redaction import redact_mapping  # loads the redaction model only when first needed

    return redact_mapping(event)


class ArchiveWriter:
    """Stores events; one transaction per batch, so a failed batch can simply be retried."""

    def __init__(self, database: Database, redact: Redact = _default_redact) -> None:
        self.database = database
        self.redact = redact

    def write(self, events: Sequence[Dict[str, Any]]) -> int:
        """Redact (again: defence in depth) and store ``events``; returns how many were kept.

        Events of erased conversations and events stored before are dropped, so a batch may be
        written again after a failure or a redelivery. Raises if redaction or the database fails.
        A batch costs a fixed handful of statements however many conversations it holds.
        """
        records = [record for record in (to_record(self.redact(event)) for event in events) if record is not None]
        if not records:
            return 0
        with self.database.session() as session:
            conversations = sorted({record.conversation_id for record in records})
            # Lock the summaries first (in one order): erasure deletes one under the same lock, then sees our events.
            summaries = {summary.conversation_id: summary for summary in session.execute(
                select(ArchivedConversation).where(ArchivedConversation.conversation_id.in_(conversations))
                .order_by(ArchivedConversation.conversation_id).with_for_update()).scalars()}
            erased = set(session.execute(select(ErasedConversation.conversation_id).where(
                ErasedConversation.conversation_id.in_(conversations))).scalars())
            fresh = [record for record in _not_yet_stored(session, records) if record.conversation_id not in erased]
            for record in fresh:
                summary = summaries.get(record.conversation_id)
                if summary is None:
                    summary = summaries[record.conversation_id] = _new_summary(record)
                    session.add(summary)
                _summarise(summary, record)
            if fresh:
                session.flush()  # new summaries first: the events refer to them
                session.execute(insert(ArchivedEvent), [record.__dict__ for record in fresh])
        return len(fresh)


def _new_summary(first: EventRecord) -> ArchivedConversation:
    return ArchivedConversation(conversation_id=first.conversation_id, started_at=first.timestamp,
                                last_event_at=first.timestamp, user_messages=0, fallbacks=0,
                                consultation_requested=False, consent_given=False, lead_created=False, flagged=False,
                                consent_declined=False, consultation_cancelled=False, consent_withdrawn=False)


def _not_yet_stored(session: Session, records: List[EventRecord]) -> List[EventRecord]:
    """Drops events already archived (a queue redelivers what was stored but not yet acknowledged)
    and repeats within the batch, so storing a batch twice changes nothing, summaries included."""
    keys = {record.event_key for record in records}
    seen = set(session.execute(select(ArchivedEvent.event_key).where(ArchivedEvent.event_key.in_(keys))).scalars())
    fresh = []
    for record in records:
        if record.event_key not in seen:
            seen.add(record.event_key)
            fresh.append(record)
    return fresh


def _summarise(summary: ArchivedConversation, record: EventRecord) -> None:
    summary.started_at = min(summary.started_at, record.timestamp)
    summary.last_event_at = max(summary.last_event_at, record.timestamp)
    if record.event_type == "user":
        summary.user_messages += 1
        summary.fallbacks += int(record.intent == FALLBACK_INTENT)
    elif record.event_type == "slot" and record.name == "language" and record.value:
        summary.language = record.value
    elif record.event_type == "slot" and record.name == "contact_consent" and record.value == "True":
        summary.consent_given = True
    elif record.event_type == "slot" and record.name == "contact_consent" and record.value == "False":
        # A "no" at the consent question declines; a "no" at a later step cancels the form.
        if summary.consent_given:
            summary.consultation_cancelled = True
        else:
            summary.consent_declined = True
    elif record.event_type == "active_loop" and record.name == CONSULTATION_LOOP:
        summary.consultation_requested = True
    elif record.event_type == "bot" and record.name == LEAD_SUBMITTED_UTTERANCE:
        summary.lead_created = True
    elif record.event_type == "bot" and record.name == CONSENT_WITHDRAWN_UTTERANCE:
        summary.consent_withdrawn = True
