"""Tables of Diskret's database, all on one declarative ``Base``.

Other stores (e.g. the transcript archive) declare their tables on the same
``Base`` so that ``Database`` creates everything in one place.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from sqlalchemy import CheckConstraint, Column, DateTime, Integer, String, Text
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

Base = declarative_base()

LEAD_DRAFT = "draft"
LEAD_SUBMITTED = "submitted"


def utcnow() -> datetime:
    """Timezone-aware now, so every stored time is unambiguous UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC on every backend (SQLite drops zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Lead(Base):
    """A visitor's request for a consultation; personal fields are Fernet ciphertexts."""

    __tablename__ = "leads"
    __table_args__ = (CheckConstraint(f"status IN ('{LEAD_DRAFT}', '{LEAD_SUBMITTED}')", name="leads_status"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    submitted_at = Column(UTCDateTime, nullable=True)
    language = Column(String(8), nullable=False, default="de")
    status = Column(String(16), nullable=False, default=LEAD_DRAFT)
    name_encrypted = Column(Text, nullable=True)
    email_encrypted = Column(Text, nullable=True)
    phone_encrypted = Column(Text, nullable=True)
    email_lookup = Column(String(64), nullable=True, index=True)
    company = Column(String(200), nullable=True)
    topic = Column(String(200), nullable=True)


class Consent(Base):
    """Proof of a consent exactly as shown to the visitor, and of its withdrawal."""

    __tablename__ = "consents"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    purpose = Column(String(64), nullable=False)
    consent_text = Column(Text, nullable=False)
    consent_version = Column(String(64), nullable=False)
    language = Column(String(8), nullable=False)
    given_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    withdrawn_at = Column(UTCDateTime, nullable=True)


class CrmEvent(Base):
    """An erasure or withdrawal the CRM has not yet accepted: only the lead's id, never personal data.

    Deleted as soon as the CRM answers 2xx; see ``crm_events``.
    """

    __tablename__ = "crm_events"

    id = Column(Integer, primary_key=True)
    event_id = Column(String(32), nullable=False, unique=True)
    event = Column(String(32), nullable=False)
    lead_id = Column(Integer, nullable=False)
    occurred_at = Column(UTCDateTime, nullable=False, default=utcnow)
