"""Every log record is redacted when it is created; if redaction fails, the message is withheld."""
from __future__ import annotations

import logging

import pytest

from bot.privacy import log_privacy


@pytest.fixture
def captured(monkeypatch):
    original = logging.getLogRecordFactory()
    monkeypatch.setattr(log_privacy, "redact_text", lambda text: text.replace("anna@example.org", "[EMAIL]"))
    log_privacy.install()
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    logger = logging.getLogger("diskret.test.log_privacy")
    logger.setLevel(logging.DEBUG)
    handler = Collect()
    logger.addHandler(handler)
    yield logger, records
    logger.removeHandler(handler)
    logging.setLogRecordFactory(original)


def test_messages_and_arguments_are_redacted(captured):
    logger, records = captured
    logger.debug("Received user message '%s'", "ich bin anna@example.org")
    assert records == ["Received user message 'ich bin [EMAIL]'"]


def test_exception_text_is_redacted(captured):
    logger, records = captured
    try:
        raise ValueError("bad input anna@example.org")
    except ValueError:
        logger.exception("failed")
    assert "anna@example.org" not in records[0] and "[EMAIL]" in records[0]


def test_failing_redaction_withholds_the_message(captured, monkeypatch):
    logger, records = captured

    def explode(text):
        raise RuntimeError("no model")

    monkeypatch.setattr(log_privacy, "redact_text", explode)
    logger.info("user said %s", "anna@example.org")
    assert records == [log_privacy.WITHHELD]


def test_install_is_idempotent(captured):
    factory = logging.getLogRecordFactory()
    log_privacy.install()
    assert logging.getLogRecordFactory() is factory
