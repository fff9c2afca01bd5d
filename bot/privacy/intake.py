"""What happens to a visitor's message before Rasa sees it: redaction and consented lead capture.

Every input channel sends raw text through ``MessageIntake.prepare``. Only the redacted
text and a sanitised metadata dict leave it. If the visitor has agreed to be contacted,
the personal values the redactor found are encrypted into the lead vault on the way. If
the visitor was asked for the e-mail address of a request from an earlier chat (a rights
request, ``core.rights_request``), only the address's keyed hashes are kept, for the
action server to act on once the visitor confirms.
Redaction itself runs off the event loop, in ``bot.privacy.redaction_pool``.
"""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Protocol

from core.settings import Settings
from core.languages import clearly_written_in, language_from_metadata, requested_language, resolve_language
from core.lead_state import decode_lead_state, lead_state_key
from core.rights_request import decode_rights_request, encode_rights_request, rights_request_key
from core.redis_keys import language_key
from bot.privacy.event_redaction import remember_redacted
from bot.privacy.redaction_pool import PooledResult
from redaction import Span
from redaction.resources import word_set

logger = logging.getLogger(__name__)

CAPTURED_FIELDS = {"PERSON": "name", "EMAIL": "email", "PHONE": "phone"}
_NAME_LEAD_IN = re.compile(
    r"^\s*(?:(?:hallo|hi|hey|gerne|klar|sure|ok|okay)[,!.\s]+)*"
    r"(?:ich\s+bin|ich\s+heiße|ich\s+heisse|mein\s+name\s+ist|my\s+name\s+is|i\s+am|i'm|name:?)?\s*",
    re.IGNORECASE,
)
_NAME_LIKE = re.compile(r"^(?:[^\W\d_][\w'.-]*\s*){1,4}$", re.UNICODE)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_PHONE_LIKE = re.compile(r"\+?[\d(][\d\s()/.-]{5,}\d")


class MessageRejected(ValueError):
    """The message cannot be processed as given (type, size); the visitor gets told why."""


class MessageTooLong(MessageRejected):
    """The message is longer than ``MAX_MESSAGE_CHARS``; the visitor is told the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"message longer than {limit} characters")
        self.limit = limit


@dataclass(frozen=True)
class PreparedMessage:
    text: str
    metadata: Dict[str, Any]
    language: str
    switched: bool = False  # the message only asked to switch the chat's language


def _is_command(reply: str) -> bool:
    """A reply with a word of a command, answer, question or rights request is no name
    ("Einwilligung widerrufen", "nein danke", "delete my data"): the redactor's own
    never-a-name list, ``redaction/resources/command_words.txt``."""
    commands = word_set("command_words")
    return any(word in commands for word in _WORDS.findall(reply.lower()))


def _awaited_span(text: str, awaiting: Optional[str], spans: List[Span]) -> Optional[Span]:
    """Treat the whole answer as the awaited name or phone when the redactor found none.

    Inside the consented form the question gives context the redactor lacks: "Meier"
    alone is a surname when it answers "What is your name?". A command or question in
    its place ("Einwilligung widerrufen") stays as it is, for Rasa to understand.
    """
    labels = {span.label for span in spans}
    if awaiting == "lead_name" and "PERSON" not in labels:
        lead_in = _NAME_LEAD_IN.match(text)
        start = lead_in.end() if lead_in else 0
        candidate = text[start:].strip().rstrip(".!")
        if candidate and _NAME_LIKE.match(candidate) and not _is_command(candidate):
            begin = text.index(candidate, start)
            return Span(begin, begin + len(candidate), "PERSON")
    if awaiting == "lead_phone" and "PHONE" not in labels:
        match = _PHONE_LIKE.search(text)
        if match and sum(ch.isdigit() for ch in match.group()) >= 6:
            return Span(match.start(), match.end(), "PHONE")
    return None


def merge_spans(spans: List[Span]) -> List[Span]:
    """Overlapping spans united into one, labelled as its longest part, so no text between
    two overlapping spans can slip out unredacted."""
    merged: List[Span] = []
    longest: List[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            if span.end - span.start > longest[-1].end - longest[-1].start:
                longest[-1] = span
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end), longest[-1].label)
        else:
            merged.append(span)
            longest.append(span)
    return merged


def apply_spans(text: str, spans: List[Span]) -> str:
    """Replace each span by its typed placeholder, overlapping spans merged first."""
    parts, cursor = [], 0
    for span in merge_spans(spans):
        parts.append(text[cursor:span.start])
        parts.append(f"[{span.label}]")
        cursor = span.end
    parts.append(text[cursor:])
    return "".join(parts)


class AsyncRedactor(Protocol):
    """Redacts one message without blocking the event loop (``RedactionPool`` in production)."""

    async def redact(self, text: str, lang: Optional[str] = None) -> PooledResult: ...


class MessageIntake:
    """Redacts a message and captures consented lead values; fails closed on any redaction error."""

    def __init__(self, settings: Settings, redactor: AsyncRedactor, redis_client: Any,
                 vault_factory: Callable[[], Any]) -> None:
        self.settings = settings
        self.redactor = redactor
        self.redis = redis_client
        self.vault_factory = vault_factory

    def check(self, text: Any) -> str:
        if not isinstance(text, str):
            raise MessageRejected("message must be text")
        if len(text) > self.settings.max_message_chars:
            raise MessageTooLong(self.settings.max_message_chars)
        return text

    async def prepare(self, conversation_id: str, text: Any, metadata: Optional[Mapping[str, Any]]) -> PreparedMessage:
        text = self.check(text)
        page_language = language_from_metadata(metadata if isinstance(metadata, Mapping) else None)
        lead_raw, rights_raw = await self.redis.mget(
            lead_state_key(self.settings, conversation_id), rights_request_key(self.settings, conversation_id))
        lead_state = decode_lead_state(lead_raw)
        pooled = await self.redactor.redact(text, page_language)
        spans = list(pooled.result.spans)
        redacted = pooled.result.text
        extra = _awaited_span(text, lead_state.get("awaiting"), spans) if lead_state else None
        if extra is not None:
            spans.append(extra)
            redacted = apply_spans(text, spans)
        elif pooled.settled:
            remember_redacted(redacted)
        rights_request = decode_rights_request(rights_raw)
        if rights_request is not None and rights_request["lookup"] is None:
            await self._take_rights_email(conversation_id, text, spans)
        elif lead_state:
            await self._capture(conversation_id, text, spans)
        requested = requested_language(text)
        language = await self._language(conversation_id, requested or clearly_written_in(redacted), metadata, redacted)
        return PreparedMessage(text=redacted, metadata={"language": language}, language=language,
                               switched=requested is not None)

    async def _language(self, conversation_id: str, chosen: Optional[str], metadata: Any, redacted: str) -> str:
        """The answer language: one the visitor asked for or clearly writes in (kept for the session),
        else the session's earlier choice, else the page's."""
        key = language_key(self.settings, conversation_id)
        if chosen:
            await self.redis.set(key, chosen, ex=self.settings.session_ttl_seconds)
            return chosen
        stored = await self.redis.get(key)
        if stored:
            await self.redis.expire(key, self.settings.session_ttl_seconds)
            return stored.decode() if isinstance(stored, bytes) else stored
        return resolve_language(metadata if isinstance(metadata, Mapping) else None, redacted)

    async def _take_rights_email(self, conversation_id: str, text: str, spans: List[Span]) -> None:
        """Keep the keyed hashes of the addresses in the message for the awaited rights request;
        the address itself goes nowhere (Rasa sees ``[EMAIL]``)."""
        addresses = [text[span.start:span.end].strip() for span in spans if span.label == "EMAIL"]
        if not addresses:
            return
        vault = self.vault_factory()
        loop = asyncio.get_running_loop()
        lookup: List[str] = []
        for address in addresses:
            lookup.extend(await loop.run_in_executor(None, vault.email_lookup, address))
        await self.redis.set(rights_request_key(self.settings, conversation_id), encode_rights_request(lookup),
                             ex=self.settings.rights_request_ttl_seconds)
        logger.info("Took %d address(es) for a rights request as keyed hashes", len(addresses))

    async def _capture(self, conversation_id: str, text: str, spans: List[Span]) -> None:
        values: Dict[str, str] = {}
        for span in spans:
            field = CAPTURED_FIELDS.get(span.label)
            if field and field not in values:
                values[field] = text[span.start:span.end].strip()
        if not values:
            return
        vault = self.vault_factory()
        loop = asyncio.get_running_loop()
        for field, value in values.items():
            await loop.run_in_executor(None, vault.capture, conversation_id, field, value)
        logger.info("Captured %d consented lead field(s) into the vault", len(values))
