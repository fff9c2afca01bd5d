"""Residual-data audit: a second, stricter look at archived text for personal data that slipped through.

The redaction engine runs again, plus blunt heuristics it may be too careful for: long digit
runs, any "@", and capitalised word pairs after "ich bin" / "my name is". Findings keep
offsets and a reason, never the text itself; staff review them and redact in place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.storage.database import Database
from core.storage.models import utcnow
from bot.archive.models import ArchivedConversation, ArchivedEvent, AuditFinding

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*\]")
HEURISTICS = (
    ("digit-run", "NUMBER", re.compile(r"(?<![\w\[+])\+?\d(?:[ ./-]?\d){6,}")),
    ("at-sign", "EMAIL", re.compile(r"[^\s\[\]]*@[^\s\[\]]*")),
    ("name-after-introduction", "PERSON", re.compile(
        r"(?i:\b(?:ich bin|ich heiße|ich heisse|mein name ist|my name is|i am|i'm))\s+"
        r"([A-ZÄÖÜ][\wäöüß'-]+\s+[A-ZÄÖÜ][\wäöüß'-]+)")),
)
TEXT_EVENTS = ("user", "bot")


@dataclass(frozen=True, order=True)
class Suspect:
    start: int
    end: int
    label: str
    reason: str


Redactor = Callable[[str, Optional[str]], List[Any]]


def engine_spans(text: str, language: Optional[str]) -> List[Any]:
    """Spans the redaction engine still finds in ``text`` (loaded on first use)."""
    from bot.privacy.redactor import configured_redactor

    return list(configured_redactor().redact(text, language).spans)


def suspects(text: str, language: Optional[str], spans: Redactor = engine_spans) -> List[Suspect]:
    """Everything in ``text`` that may be personal data, overlaps merged, placeholders ignored."""
    found = [Suspect(span.start, span.end, span.label, "redaction-engine") for span in spans(text, language)]
    for reason, label, pattern in HEURISTICS:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            found.append(Suspect(match.start(group), match.end(group), label, reason))
    placeholders = [match.span() for match in PLACEHOLDER.finditer(text)]
    kept: List[Suspect] = []
    for suspect in sorted(found):
        if any(start <= suspect.start and suspect.end <= end for start, end in placeholders):
            continue
        if kept and suspect.start < kept[-1].end:
            continue
        kept.append(suspect)
    return kept


class ResidualAudit:
    """Runs the audit over the archive, lists findings and redacts them in place."""

    def __init__(self, database: Database, spans: Optional[Redactor] = None) -> None:
        self.database = database
        self.spans = spans or engine_spans

    def run(self) -> Dict[str, int]:
        """Re-audit every archived text; returns the number of findings and flagged conversations."""
        query = (select(ArchivedEvent, ArchivedConversation.language)
                 .join(ArchivedConversation, ArchivedConversation.conversation_id == ArchivedEvent.conversation_id)
                 .where(ArchivedEvent.event_type.in_(TEXT_EVENTS), ArchivedEvent.text.is_not(None)))
        with self.database.session() as session:
            session.execute(delete(AuditFinding).execution_options(synchronize_session=False))
            findings = sum(self._audit_event(session, event, language) for event, language in session.execute(query))
            session.flush()
            flagged = self._update_flags(session)
        return {"findings": findings, "flagged_conversations": flagged}

    def _audit_event(self, session: Session, event: ArchivedEvent, language: Optional[str]) -> int:
        found = suspects(event.text, language, self.spans)
        for suspect in found:
            session.add(AuditFinding(conversation_id=event.conversation_id, event_id=event.id, start=suspect.start,
                                     end=suspect.end, label=suspect.label, reason=suspect.reason, found_at=utcnow()))
        return len(found)

    @staticmethod
    def _update_flags(session: Session) -> int:
        flagged_ids = select(AuditFinding.conversation_id).distinct()
        options = {"synchronize_session": False}
        session.execute(update(ArchivedConversation).values(flagged=False).execution_options(**options))
        return session.execute(update(ArchivedConversation).where(
            ArchivedConversation.conversation_id.in_(flagged_ids)).values(flagged=True).execution_options(**options)
        ).rowcount

    def findings(self, conversation_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """Findings with the event text split around the suspect part, for review."""
        query = (select(AuditFinding, ArchivedEvent).join(ArchivedEvent, ArchivedEvent.id == AuditFinding.event_id)
                 .order_by(AuditFinding.conversation_id, ArchivedEvent.timestamp, AuditFinding.start))
        if conversation_id is not None:
            query = query.where(AuditFinding.conversation_id == conversation_id)
        with self.database.session() as session:
            return [{
                "id": finding.id, "conversation_id": finding.conversation_id, "event_id": event.id,
                "event": event.event_type, "label": finding.label, "reason": finding.reason,
                "before": event.text[:finding.start], "suspect": event.text[finding.start:finding.end],
                "after": event.text[finding.end:],
            } for finding, event in session.execute(query)]

    def redact(self, finding_id: int) -> Optional[str]:
        """Replace the finding's text with a placeholder and re-audit that event; returns the conversation id."""
        with self.database.session() as session:
            finding = session.get(AuditFinding, finding_id)
            if finding is None:
                return None
            event = session.get(ArchivedEvent, finding.event_id)
            event.text = f"{event.text[:finding.start]}[{finding.label}]{event.text[finding.end:]}"
            session.execute(delete(AuditFinding).where(AuditFinding.event_id == event.id)
                            .execution_options(synchronize_session=False))
            conversation = session.get(ArchivedConversation, event.conversation_id)
            self._audit_event(session, event, conversation.language)
            session.flush()
            remaining = session.execute(select(AuditFinding.id).where(
                AuditFinding.conversation_id == conversation.conversation_id).limit(1)).first()
            conversation.flagged = remaining is not None
            return conversation.conversation_id
