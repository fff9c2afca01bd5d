"""Redact every log record as it is created, in every logger of the process.

A ``logging`` record factory sees each record that passed its logger's level, before any
handler formats it, so Rasa's, Sanic's, socket.io's and Diskret's own records are all
covered, whatever handlers Rasa installs later. If redaction fails, the message is
withheld rather than written.
"""
from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

from bot.privacy.event_redaction import redact_text

WITHHELD = "[log message withheld: redaction unavailable]"
_guard = threading.local()


def _redact(text: str) -> str:
    try:
        return redact_text(text)
    except Exception:
        return WITHHELD


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


def install() -> None:
    """Make every later log record redacted; safe to call more than once."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "diskret_redacting", False):
        logging.setLogRecordFactory(_redacting_factory(current))
