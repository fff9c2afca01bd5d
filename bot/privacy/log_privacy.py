"""Redact every log record as it is created, in every logger of the process.

A ``logging`` record factory sees each record that passed its logger's level, before any
handler formats it, so Rasa's, Sanic's, socket.io's and Diskret's own records are all
covered, whatever handlers Rasa installs later. The factory runs before ``Logger.makeRecord``
attaches a call's ``extra`` fields (Sanic's access log passes the client address and the
full URL that way), so ``makeRecord`` is wrapped too and every attribute a plain
``LogRecord`` does not have is redacted as well. Query strings are cut from URLs (they carry
tokens and session ids). If redaction fails, the text is withheld rather than written.
"""
from __future__ import annotations

import logging
import re
import threading
import traceback
from typing import Any, Callable

from bot.privacy.event_redaction import redact_text
from bot.privacy.redactor import log_allow_list

WITHHELD = "[log message withheld: redaction unavailable]"
QUERY_REMOVED = "?[QUERY]"
# the query of an absolute URL (scheme://host[/path]?query) or of a path (/path?query)
_URL_QUERY = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]*(?:/[^\s?#]*)?|/[^\s?#]*)\?[^\s#\"'<>]+")
STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
_guard = threading.local()


def _without_query(text: str) -> str:
    return _URL_QUERY.sub(lambda match: match.group(1) + QUERY_REMOVED, text)


def _redact(text: str) -> str:
    try:
        return redact_text(_without_query(text), log_allow_list())
    except Exception:
        return WITHHELD


def _redact_value(value: Any) -> Any:
    """Strings redacted, containers walked, numbers kept (formatters print them with ``%d``), the rest as text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return _redact(value) if value.strip() else value
    if isinstance(value, dict):
        return {key: _redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redact_value(item) for item in value] if isinstance(value, list) else tuple(map(_redact_value, value))
    return _redact(str(value))


def _redact_extras(record: logging.LogRecord) -> None:
    for name in set(record.__dict__) - STANDARD_ATTRIBUTES:
        record.__dict__[name] = _redact_value(record.__dict__[name])


def _redacting_factory(original: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = original(*args, **kwargs)
        if getattr(_guard, "active", False):
            return record
        _guard.active = True
        try:
            try:
                message = record.getMessage()
            except Exception:
                message = str(record.msg)
            record.msg, record.args = _redact(message), ()
            if record.exc_info:
                record.exc_text = _redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
                record.exc_info = None
        finally:
            _guard.active = False
        return record

    factory.diskret_redacting = True  # type: ignore[attr-defined]
    return factory


def _redacting_make_record(original: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """``Logger.makeRecord`` that redacts the non-standard attributes once ``extra`` is attached."""
    def make_record(self: logging.Logger, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = original(self, *args, **kwargs)
        if not getattr(_guard, "active", False):
            _guard.active = True
            try:
                _redact_extras(record)
            finally:
                _guard.active = False
        return record

    make_record.diskret_redacting = True  # type: ignore[attr-defined]
    return make_record


def install() -> None:
    """Make every later log record redacted, its ``extra`` fields included; safe to call more than once."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "diskret_redacting", False):
        logging.setLogRecordFactory(_redacting_factory(current))
    if not getattr(logging.Logger.makeRecord, "diskret_redacting", False):
        logging.Logger.makeRecord = _redacting_make_record(logging.Logger.makeRecord)  # type: ignore[method-assign]
