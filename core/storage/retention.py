"""Retention of leads and consent records: deletion needs no vault key, so the purger need not hold it.

A lead the CRM received is gone from the vault after its retention period, and the CRM hears
of it as of an erasure (``lead.erased``), so the lead does not outlive in the CRM what the
privacy notice promises.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Dict, Optional

from sqlalchemy import delete, func, select

from core.storage import crm_events
from core.storage.database import Database, bulk
from core.storage.models import LEAD_DRAFT, LEAD_SUBMITTED, Consent, Lead, utcnow
from core.storage.webhook import LEAD_ERASED

logger = logging.getLogger(__name__)


def purge_expired(
    database: Database, retention_days: int, draft_retention_hours: int, now: Optional[datetime] = None,
    tell_crm: bool = False,
) -> Dict[str, int]:
    """Delete leads past retention (abandoned drafts sooner) and consents no remaining lead needs;
    with ``tell_crm`` (a CRM webhook is configured) queue ``lead.erased`` for each submitted lead.

    A consent record stays as long as its conversation still has a lead: it is the proof
    that the lead may be held at all.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    abandoned = (Lead.status == LEAD_DRAFT) & (Lead.created_at < now - timedelta(hours=draft_retention_hours))
    expired = (Lead.created_at < cutoff) | abandoned
    with database.session() as session:
        if tell_crm:
            submitted = select(Lead.id).where(expired, Lead.status == LEAD_SUBMITTED).order_by(Lead.id)
            crm_events.queue(session, LEAD_ERASED, session.execute(submitted).scalars().all())
        leads = bulk(session, delete(Lead).where(expired))
        still_needed = select(func.distinct(Lead.conversation_id))
        consents = bulk(
            session, delete(Consent).where(Consent.given_at < cutoff, Consent.conversation_id.not_in(still_needed))
        )
    logger.info("Purged %d lead(s) and %d consent(s) past retention", leads, consents)
    return {"leads": leads, "consents": consents}
