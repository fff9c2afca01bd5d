"""Retention of leads and consent records: deletion needs no vault key, so cron need not hold it."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Dict, Optional

from sqlalchemy import delete, func, select

from core.storage.database import Database, bulk
from core.storage.models import LEAD_DRAFT, Consent, Lead, utcnow

logger = logging.getLogger(__name__)


def purge_expired(
    database: Database, retention_days: int, draft_retention_hours: int, now: Optional[datetime] = None
) -> Dict[str, int]:
    """Delete leads past retention (abandoned drafts sooner) and consents no remaining lead needs.

    A consent record stays as long as its conversation still has a lead: it is the proof
    that the lead may be held at all.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    abandoned = (Lead.status == LEAD_DRAFT) & (Lead.created_at < now - timedelta(hours=draft_retention_hours))
    with database.session() as session:
        leads = bulk(session, delete(Lead).where((Lead.created_at < cutoff) | abandoned))
        still_needed = select(func.distinct(Lead.conversation_id))
        consents = bulk(
            session, delete(Consent).where(Consent.given_at < cutoff, Consent.conversation_id.not_in(still_needed))
        )
    logger.info("Purged %d lead(s) and %d consent(s) past retention", leads, consents)
    return {"leads": leads, "consents": consents}
