"""Erasures and withdrawals the CRM must hear about, kept until it has accepted them.

The vault queues a ``lead.erased`` or ``consent.withdrawn`` event in the same transaction
that deletes the lead, so no erasure can happen without its notice. Delivery is tried at
once in a background thread (with the webhook's bounded retries) and again by every
``python -m bot purge`` until the CRM answers 2xx; then the row is deleted. A row holds the
lead's id as the CRM got it with ``lead.created`` and nothing else about the visitor. The CRM
may see an event twice (two deliverers at once); ``event_id`` lets it ignore the repeat.
"""
from __future__ import annotations

import logging
import threading
import uuid
from typing import Dict, Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.storage.database import Database, bulk
from core.storage.models import CrmEvent, utcnow
from core.storage.webhook import CONSENT_WITHDRAWN, LEAD_ERASED, LeadWebhook, encode

logger = logging.getLogger(__name__)

EVENTS = (LEAD_ERASED, CONSENT_WITHDRAWN)


def queue(session: Session, event: str, lead_ids: Iterable[int]) -> int:
    """Add one event per lead to the caller's transaction; returns how many."""
    if event not in EVENTS:
        raise ValueError(f"unknown CRM event {event!r}; expected one of {EVENTS}")
    now = utcnow()
    rows = [CrmEvent(event_id=uuid.uuid4().hex, event=event, lead_id=lead_id, occurred_at=now) for lead_id in lead_ids]
    session.add_all(rows)
    return len(rows)


def deliver_pending(database: Database, webhook: LeadWebhook) -> Dict[str, int]:
    """Send the waiting events oldest first; stop at the first the CRM refuses (it is down).

    Returns ``{"delivered": n, "pending": m}``.
    """
    with database.session() as session:
        waiting = [(row.id, _body(row)) for row in session.execute(select(CrmEvent).order_by(CrmEvent.id)).scalars()]
    delivered = 0
    for row_id, body in waiting:
        if not webhook.deliver(body):
            break
        with database.session() as session:
            bulk(session, delete(CrmEvent).where(CrmEvent.id == row_id))
        delivered += 1
    if delivered < len(waiting):
        logger.warning("%d CRM event(s) wait for the next delivery attempt", len(waiting) - delivered)
    return {"delivered": delivered, "pending": len(waiting) - delivered}


def deliver_in_background(database: Database, webhook: LeadWebhook) -> threading.Thread:
    """``deliver_pending`` off the caller's path, so erasure never waits for the CRM."""
    thread = threading.Thread(target=deliver_pending, args=(database, webhook), name="diskret-crm-events")
    thread.start()
    return thread


def _body(row: CrmEvent) -> bytes:
    return encode({
        "event": row.event, "event_id": row.event_id, "lead_id": row.lead_id, "occurred_at": row.occurred_at.isoformat(),
    })
