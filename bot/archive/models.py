"""Archive tables, declared on the vault's ``Base`` so ``Database`` creates them with the rest.

Only what review and statistics need is stored (data minimisation): event type, time,
redacted text, intent and confidence, action/slot/loop name, and slot values of an
allow-list of non-personal slots. Entities, raw slot values and metadata are dropped.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Text

from core.storage.models import Base, UTCDateTime, utcnow


class ArchivedConversation(Base):
    """One conversation's summary, kept in step with its events for filtering and statistics."""

    __tablename__ = "archived_conversations"

    conversation_id = Column(String(128), primary_key=True)
    started_at = Column(UTCDateTime, nullable=False, index=True)
    last_event_at = Column(UTCDateTime, nullable=False)
    language = Column(String(8), nullable=True)
    user_messages = Column(Integer, nullable=False, default=0)
    fallbacks = Column(Integer, nullable=False, default=0)
    consultation_requested = Column(Boolean, nullable=False, default=False)
    consent_given = Column(Boolean, nullable=False, default=False)
    lead_created = Column(Boolean, nullable=False, default=False)
    # The ways out of the consultation form (``bot.archive.funnel``); nullable because they were
    # added later (NULL: archived before, counted as not taken).
    consent_declined = Column(Boolean, nullable=True)
    consultation_cancelled = Column(Boolean, nullable=True)
    consent_withdrawn = Column(Boolean, nullable=True)
    flagged = Column(Boolean, nullable=False, default=False, index=True)


class ArchivedEvent(Base):
    """One redacted Rasa event of an archived conversation."""

    __tablename__ = "archived_events"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        String(128), ForeignKey("archived_conversations.conversation_id", ondelete="CASCADE"), nullable=False, index=True
    )
    timestamp = Column(UTCDateTime, nullable=False)
    event_type = Column(String(32), nullable=False)
    text = Column(Text, nullable=True)
    intent = Column(String(128), nullable=True, index=True)
    confidence = Column(Float, nullable=True)
    name = Column(String(128), nullable=True)
    value = Column(String(64), nullable=True)
    # Identifies the event (``bot.archive.events``): a redelivered copy is not stored twice.
    # Nullable only for rows archived before the column existed.
    event_key = Column(String(64), nullable=True, unique=True, index=True)


class ErasedConversation(Base):
    """Tombstone of an erased conversation, so its late-arriving events are dropped."""

    __tablename__ = "erased_conversations"

    conversation_id = Column(String(128), primary_key=True)
    erased_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class AuditFinding(Base):
    """A stretch of archived text that may still be personal data: offsets and reason, not the value."""

    __tablename__ = "audit_findings"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    event_id = Column(Integer, ForeignKey("archived_events.id", ondelete="CASCADE"), nullable=False, index=True)
    start = Column(Integer, nullable=False)
    end = Column(Integer, nullable=False)
    label = Column(String(32), nullable=False)
    reason = Column(String(64), nullable=False)
    found_at = Column(UTCDateTime, nullable=False, default=utcnow)


class AccessLogEntry(Base):
    """Who (staff account) did what to which conversation or request, when; never visitor data."""

    __tablename__ = "console_access_log"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    actor = Column(String(128), nullable=False)
    action = Column(String(64), nullable=False)
    target = Column(String(200), nullable=True)


class SubjectRequest(Base):
    """A data-subject request (Art. 15/17) and what was done about it, with its Art. 12(3) deadline."""

    __tablename__ = "subject_requests"

    id = Column(Integer, primary_key=True)
    received_at = Column(UTCDateTime, nullable=False, default=utcnow)
    deadline = Column(UTCDateTime, nullable=False)
    requester_reference = Column(String(200), nullable=False)
    kind = Column(String(16), nullable=False)
    lookup = Column(String(16), nullable=False)
    conversation_ids = Column(Text, nullable=False, default="")
    outcome = Column(Text, nullable=False, default="")
    handled_by = Column(String(128), nullable=False)
    completed_at = Column(UTCDateTime, nullable=True)
