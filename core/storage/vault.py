"""The lead vault: the rules under which Diskret may hold a visitor's contact data.

Personal fields are stored only with an active "consultation_contact" consent, only
encrypted, and only until withdrawal, erasure or the retention period ends.
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.settings import Settings, check_production, get_settings
from core.storage import crm_events
from core.storage.crypto import VaultCrypto
from core.storage.database import Database, bulk
from core.storage.models import LEAD_DRAFT, LEAD_SUBMITTED, Consent, Lead, utcnow
from core.storage.retention import purge_expired
from core.storage.webhook import CONSENT_WITHDRAWN, LEAD_CREATED, LEAD_ERASED, LeadWebhook

logger = logging.getLogger(__name__)

LEAD_PURPOSE = "consultation_contact"
PERSONAL_FIELDS = ("name", "email", "phone")
MAX_TOPIC_CHARS = 200
MAX_COMPANY_CHARS = 200


class NoConsentError(PermissionError):
    """Personal data offered without an active consent for the lead purpose."""


class NoDraftError(LookupError):
    """``submit`` called before any contact detail was captured in the conversation."""


def _iso(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value else None


def _short(value: Optional[str], limit: int) -> Optional[str]:
    """Collapse whitespace and cut, so free text cannot grow into a message archive."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed[:limit] or None


class LeadVault:
    """Consent records and encrypted leads, with the visitor's rights (export, erase, withdraw)."""

    def __init__(
        self,
        database: Database,
        crypto: VaultCrypto,
        webhook: Optional[LeadWebhook] = None,
        retention_days: int = 180,
        draft_retention_hours: int = 24,
    ) -> None:
        self.database = database
        self.crypto = crypto
        self.webhook = webhook
        self.retention_days = retention_days
        self.draft_retention_hours = draft_retention_hours

    @classmethod
    def from_settings(cls, cfg: Optional[Settings] = None, database: Optional[Database] = None) -> "LeadVault":
        """The vault as configured; raises ``ConfigurationError`` on unsafe settings (see ``check_production``)."""
        cfg = cfg or get_settings()
        check_production(cfg)
        return cls(
            database or Database(cfg.database_url),
            VaultCrypto.from_settings(cfg),
            LeadWebhook.from_settings(cfg),
            cfg.lead_retention_days,
            cfg.draft_lead_retention_hours,
        )

    # --- consent -------------------------------------------------------------------------

    def record_consent(self, conversation_id: str, purpose: str, text: str, version: str, language: str) -> int:
        """Store the consent exactly as shown (text and version unaltered); returns its id."""
        if not text or not version or not purpose:
            raise ValueError("a consent needs a purpose, the text shown and its version")
        consent = Consent(
            conversation_id=conversation_id,
            purpose=purpose,
            consent_text=text,
            consent_version=version,
            language=language,
            given_at=utcnow(),
        )
        with self.database.session() as session:
            session.add(consent)
            session.flush()
            consent_id = consent.id
        logger.info("Consent %d recorded for purpose %s", consent_id, purpose)
        return consent_id

    def has_active_consent(self, conversation_id: str, purpose: str) -> bool:
        with self.database.session() as session:
            return self._has_active_consent(session, conversation_id, purpose)

    @staticmethod
    def _has_active_consent(session: Session, conversation_id: str, purpose: str) -> bool:
        query = select(Consent.id).where(
            Consent.conversation_id == conversation_id, Consent.purpose == purpose, Consent.withdrawn_at.is_(None)
        )
        return session.execute(query.limit(1)).first() is not None

    def withdraw_consent(self, conversation_id: str, purpose: Optional[str] = None) -> bool:
        """Mark active consents (of ``purpose``, or all) withdrawn now; True if any was active.

        Withdrawing the lead purpose (or everything) deletes the conversation's leads at once:
        they exist only on that consent, and the CRM is told (``consent.withdrawn``). The
        withdrawn record stays, as proof, until retention.
        """
        with self.database.session() as session:
            withdrawn, deleted, notices = self._withdraw(session, conversation_id, purpose)
        logger.info("Consent withdrawn (%d records); %d lead(s) deleted", withdrawn, deleted)
        self._notify_crm(notices)
        return withdrawn > 0

    def _withdraw(self, session: Session, conversation_id: str, purpose: Optional[str]) -> Tuple[int, int, int]:
        """Withdraw in ``session``; returns the consents withdrawn, leads deleted and CRM events queued."""
        conditions = [Consent.conversation_id == conversation_id, Consent.withdrawn_at.is_(None)]
        if purpose is not None:
            conditions.append(Consent.purpose == purpose)
        withdrawn = bulk(session, update(Consent).where(*conditions).values(withdrawn_at=utcnow()))
        deleted = notices = 0
        if purpose in (None, LEAD_PURPOSE):
            notices = self._queue_crm_events(session, CONSENT_WITHDRAWN, conversation_id)
            deleted = bulk(session, delete(Lead).where(Lead.conversation_id == conversation_id))
        return withdrawn, deleted, notices

    def _queue_crm_events(self, session: Session, event: str, conversation_id: str) -> int:
        """Queue ``event`` for each lead of the conversation the CRM received (submitted ones)."""
        if self.webhook is None:
            return 0
        query = select(Lead.id).where(Lead.conversation_id == conversation_id, Lead.status == LEAD_SUBMITTED)
        return crm_events.queue(session, event, session.execute(query).scalars().all())

    def _notify_crm(self, queued: int) -> None:
        if queued and self.webhook is not None:
            crm_events.deliver_in_background(self.database, self.webhook)

    # --- leads ---------------------------------------------------------------------------

    def capture(self, conversation_id: str, field: str, value: str) -> None:
        """Encrypt one contact detail into the conversation's draft lead (last value wins)."""
        if field not in PERSONAL_FIELDS:
            raise ValueError(f"unknown lead field {field!r}; expected one of {PERSONAL_FIELDS}")
        value = value.strip()
        if not value:
            raise ValueError(f"empty {field}")
        with self.database.session() as session:
            if not self._has_active_consent(session, conversation_id, LEAD_PURPOSE):
                raise NoConsentError(f"no active {LEAD_PURPOSE} consent for this conversation")
            lead = self._draft(session, conversation_id)
            if lead is None:
                lead = Lead(conversation_id=conversation_id, status=LEAD_DRAFT, created_at=utcnow())
                session.add(lead)
            setattr(lead, f"{field}_encrypted", self.crypto.encrypt(value))
            if field == "email":
                lead.email_lookup = self.crypto.lookup_hash(value)

    @staticmethod
    def _draft(session: Session, conversation_id: str) -> Optional[Lead]:
        query = select(Lead).where(Lead.conversation_id == conversation_id, Lead.status == LEAD_DRAFT)
        return session.execute(query.order_by(Lead.id.desc()).limit(1)).scalars().first()

    def submit(self, conversation_id: str, company: Optional[str], topic: Optional[str], language: str) -> int:
        """Turn the draft into a submitted lead and push it to the CRM webhook (if configured)."""
        with self.database.session() as session:
            consent = self._active_lead_consent(session, conversation_id)
            if consent is None:
                raise NoConsentError(f"no active {LEAD_PURPOSE} consent for this conversation")
            lead = self._draft(session, conversation_id)
            if lead is None:
                raise NoDraftError("no contact details captured in this conversation")
            lead.status = LEAD_SUBMITTED
            lead.submitted_at = utcnow()
            lead.company = _short(company, MAX_COMPANY_CHARS)
            lead.topic = _short(topic, MAX_TOPIC_CHARS)
            lead.language = language
            session.flush()
            payload = dict(
                self._decrypt(lead), consent=self._consent_dict(consent), event=LEAD_CREATED, event_id=uuid.uuid4().hex
            )
        logger.info("Lead %d submitted", payload["id"])
        if self.webhook is not None:
            self.webhook.send(payload)
        return payload["id"]

    @staticmethod
    def _active_lead_consent(session: Session, conversation_id: str) -> Optional[Consent]:
        query = select(Consent).where(
            Consent.conversation_id == conversation_id, Consent.purpose == LEAD_PURPOSE, Consent.withdrawn_at.is_(None)
        )
        return session.execute(query.order_by(Consent.id.desc()).limit(1)).scalars().first()

    def leads(self, include_drafts: bool = False) -> List[Dict[str, Any]]:
        """Decrypted leads for an operator holding the key, oldest first."""
        query = select(Lead).order_by(Lead.id)
        if not include_drafts:
            query = query.where(Lead.status == LEAD_SUBMITTED)
        with self.database.session() as session:
            return [self._decrypt(lead) for lead in session.execute(query).scalars()]

    def _decrypt(self, lead: Lead) -> Dict[str, Any]:
        def reveal(token: Optional[str]) -> Optional[str]:
            return self.crypto.decrypt(token) if token else None

        return {
            "id": lead.id,
            "conversation_id": lead.conversation_id,
            "status": lead.status,
            "language": lead.language,
            "created_at": _iso(lead.created_at),
            "submitted_at": _iso(lead.submitted_at),
            "name": reveal(lead.name_encrypted),
            "email": reveal(lead.email_encrypted),
            "phone": reveal(lead.phone_encrypted),
            "company": lead.company,
            "topic": lead.topic,
        }

    @staticmethod
    def _consent_dict(consent: Consent) -> Dict[str, Any]:
        return {
            "id": consent.id,
            "purpose": consent.purpose,
            "consent_text": consent.consent_text,
            "consent_version": consent.consent_version,
            "language": consent.language,
            "given_at": _iso(consent.given_at),
            "withdrawn_at": _iso(consent.withdrawn_at),
        }

    # --- visitor rights and retention ----------------------------------------------------

    def export_conversation(self, conversation_id: str) -> Dict[str, Any]:
        """Everything stored about one conversation, decrypted and JSON-serialisable (Art. 15/20)."""
        with self.database.session() as session:
            leads = session.execute(select(Lead).where(Lead.conversation_id == conversation_id).order_by(Lead.id))
            consents = session.execute(
                select(Consent).where(Consent.conversation_id == conversation_id).order_by(Consent.id)
            )
            return {
                "conversation_id": conversation_id,
                "leads": [self._decrypt(lead) for lead in leads.scalars()],
                "consents": [self._consent_dict(consent) for consent in consents.scalars()],
            }

    def email_lookup(self, email: str) -> List[str]:
        """The keyed hashes that find this address's leads (one per configured lookup key).

        What a rights request from a later chat keeps for a few minutes instead of the address.
        """
        return self.crypto.lookup_hashes(email)

    def find_conversations_by_email(self, email: str) -> List[str]:
        """Conversations whose lead carries this address, found via the keyed hash only (under every key)."""
        return self.find_conversations_by_lookup(self.email_lookup(email))

    def find_conversations_by_lookup(self, hashes: List[str]) -> List[str]:
        """Conversations whose lead carries an address with one of these keyed hashes."""
        if not hashes:
            return []
        query = select(Lead.conversation_id).where(Lead.email_lookup.in_(hashes)).distinct()
        with self.database.session() as session:
            return sorted(session.execute(query).scalars())

    def withdraw_by_lookup(self, hashes: List[str]) -> int:
        """Withdraw the lead consent of every conversation with a lead of this address (a request
        from a later chat); their leads are deleted and the CRM told. Returns how many."""
        conversations = self.find_conversations_by_lookup(hashes)
        with self.database.session() as session:
            notices = sum(self._withdraw(session, conversation_id, LEAD_PURPOSE)[2] for conversation_id in conversations)
        logger.info("Consent withdrawn by e-mail look-up in %d conversation(s)", len(conversations))
        self._notify_crm(notices)
        return len(conversations)

    def erase_by_lookup(self, hashes: List[str]) -> int:
        """Erase leads and consents of every conversation with a lead of this address (a request
        from a later chat), telling the CRM. Returns how many conversations."""
        conversations = self.find_conversations_by_lookup(hashes)
        with self.database.session() as session:
            notices = sum(self._erase(session, conversation_id)[2] for conversation_id in conversations)
        logger.info("Erased by e-mail look-up: %d conversation(s)", len(conversations))
        self._notify_crm(notices)
        return len(conversations)

    def holds_data(self, conversation_id: str) -> bool:
        """Whether the conversation has a lead or a consent record here (what an erasure would delete)."""
        with self.database.session() as session:
            for model in (Lead, Consent):
                query = select(model.id).where(model.conversation_id == conversation_id).limit(1)
                if session.execute(query).first() is not None:
                    return True
        return False

    def erase_conversation(self, conversation_id: str) -> Dict[str, int]:
        """Delete every lead and consent row of the conversation (Art. 17), telling the CRM; returns the counts."""
        with self.database.session() as session:
            leads, consents, notices = self._erase(session, conversation_id)
        logger.info("Erased a conversation: %d lead(s), %d consent(s)", leads, consents)
        self._notify_crm(notices)
        return {"leads": leads, "consents": consents}

    def _erase(self, session: Session, conversation_id: str) -> Tuple[int, int, int]:
        """Erase in ``session``; returns the leads and consents deleted and the CRM events queued."""
        notices = self._queue_crm_events(session, LEAD_ERASED, conversation_id)
        leads = bulk(session, delete(Lead).where(Lead.conversation_id == conversation_id))
        consents = bulk(session, delete(Consent).where(Consent.conversation_id == conversation_id))
        return leads, consents, notices

    def rekey(self) -> int:
        """Move every lead onto the first keys, so older ones can be removed; returns the count.

        Re-encrypts with the first ``VAULT_KEY`` and re-hashes the e-mail with the first lookup
        key: the step of a rotation before the old key is dropped (docs/operations.md).
        """
        with self.database.session() as session:
            leads = session.execute(select(Lead).with_for_update()).scalars().all()
            for lead in leads:
                for field in PERSONAL_FIELDS:
                    token = getattr(lead, f"{field}_encrypted")
                    if token:
                        setattr(lead, f"{field}_encrypted", self.crypto.reencrypt(token))
                if lead.email_encrypted:
                    lead.email_lookup = self.crypto.lookup_hash(self.crypto.decrypt(lead.email_encrypted))
        logger.info("Re-keyed %d lead(s)", len(leads))
        return len(leads)

    def purge(self, now: Optional[datetime] = None) -> Dict[str, int]:
        """Delete what is past retention; see ``retention.purge_expired``."""
        return purge_expired(self.database, self.retention_days, self.draft_retention_hours, now,
                             tell_crm=self.webhook is not None)
