"""Data-subject requests (Art. 15 access, Art. 17 erasure) handled by staff, and their record.

Each request is written to ``subject_requests`` on receipt, with its Art. 12(3) deadline
counted from then, found by conversation id or by the lead's e-mail (via the vault's keyed
hash), carried out across every store, marked completed with its outcome, and noted in the
access log. A request that fails half-way stays on record, open, with its deadline. The
e-mail address itself is never stored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import select, update

from core.settings import Settings
from core.storage.models import utcnow
from core.storage.vault import LeadVault
from bot.archive.access_log import AccessLog
from bot.archive.models import SubjectRequest
from bot.archive.store import TranscriptArchive
from bot.erasure import erase_conversation
from core.redis_connection import sync_client
from core.redis_keys import tracker_prefix

KINDS = ("export", "erase")


def deadline_for(received: datetime) -> datetime:
    """One month after receipt (Art. 12(3)); the 31st rolls back to the month's last day."""
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    day = received.day
    while True:
        try:
            return received.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


@dataclass(frozen=True)
class Lookup:
    """Who the request is about: exactly one of a conversation id or an e-mail address."""

    conversation_id: Optional[str] = None
    email: Optional[str] = None

    def __post_init__(self) -> None:
        if bool(self.conversation_id) == bool(self.email):
            raise ValueError("give either a conversation id or an e-mail address")

    @property
    def kind(self) -> str:
        return "conversation" if self.conversation_id else "email"


class SubjectRequests:
    """Finds, exports and erases a data subject's conversations in every store, and keeps the record."""

    def __init__(self, settings: Settings, vault: LeadVault) -> None:
        self.settings = settings
        self.vault = vault
        self.archive = TranscriptArchive(vault.database)
        self.access_log = AccessLog(vault.database)

    def find(self, lookup: Lookup) -> List[str]:
        if lookup.conversation_id:
            return [lookup.conversation_id]
        return self.vault.find_conversations_by_email(lookup.email or "")

    def export(self, lookup: Lookup, reference: str, actor: str) -> Dict[str, Any]:
        """Everything held about the subject: redacted transcripts, decrypted leads, consents, live tracker."""
        request_id = self._receive("export", lookup, reference, actor)
        conversation_ids = self.find(lookup)
        conversations = [self._export_one(conversation_id) for conversation_id in conversation_ids]
        self._complete(request_id, conversation_ids, f"exported {len(conversation_ids)} conversation(s)")
        for conversation_id in conversation_ids:
            self.access_log.record(actor, "export", conversation_id)
        return {"request_id": request_id, "exported_at": utcnow().isoformat(), "conversations": conversations}

    def _export_one(self, conversation_id: str) -> Dict[str, Any]:
        stored = sync_client(self.settings.redis_url).get(tracker_prefix(self.settings) + conversation_id)
        return {
            **self.vault.export_conversation(conversation_id),
            "transcript": self.archive.transcript(conversation_id),
            "live_tracker": json.loads(stored) if stored else None,
        }

    def erase(self, lookup: Lookup, reference: str, actor: str) -> Dict[str, Any]:
        """Erase the subject's conversations everywhere (see ``bot.erasure``); returns the counts."""
        request_id = self._receive("erase", lookup, reference, actor)
        conversation_ids = self.find(lookup)
        totals: Dict[str, int] = {}
        for conversation_id in conversation_ids:
            for store, count in erase_conversation(conversation_id, self.settings, self.vault).items():
                totals[store] = totals.get(store, 0) + count
            self.access_log.record(actor, "erase", conversation_id)
        outcome = ", ".join(f"{count} {store}" for store, count in sorted(totals.items())) or "nothing found"
        self._complete(request_id, conversation_ids, f"erased: {outcome}")
        return {"request_id": request_id, "conversations": conversation_ids, "removed": totals}

    def _receive(self, kind: str, lookup: Lookup, reference: str, actor: str) -> int:
        """Record the request before acting on it: the deadline runs from receipt, not from completion."""
        received = utcnow()
        request = SubjectRequest(received_at=received, deadline=deadline_for(received),
                                 requester_reference=reference[:200], kind=kind, lookup=lookup.kind,
                                 outcome="received, not completed", handled_by=actor[:128])
        with self.vault.database.session() as session:
            session.add(request)
            session.flush()
            return request.id

    def _complete(self, request_id: int, conversation_ids: List[str], outcome: str) -> None:
        values = {"conversation_ids": " ".join(conversation_ids), "outcome": outcome, "completed_at": utcnow()}
        with self.vault.database.session() as session:
            session.execute(update(SubjectRequest).where(SubjectRequest.id == request_id).values(**values))

    def requests(self) -> List[Dict[str, Any]]:
        """Every recorded request, newest first."""
        with self.vault.database.session() as session:
            rows = session.execute(select(SubjectRequest).order_by(SubjectRequest.id.desc())).scalars()
            return [{
                "id": row.id, "received_at": row.received_at.isoformat(), "deadline": row.deadline.isoformat(),
                "requester_reference": row.requester_reference, "kind": row.kind, "lookup": row.lookup,
                "conversation_ids": row.conversation_ids.split(), "outcome": row.outcome,
                "handled_by": row.handled_by,
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
            } for row in rows]
