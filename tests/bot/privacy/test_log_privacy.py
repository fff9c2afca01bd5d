"""Every log record is redacted when it is created, extra fields included; if redaction fails, the text is withheld."""
from __future__ import annotations

import logging

import pytest
from sanic.log import LOGGING_CONFIG_DEFAULTS

from bot.privacy import log_privacy

# Sanic's access log line, which prints the client address and the full URL from extra fields
SANIC_ACCESS_FORMAT = LOGGING_CONFIG_DEFAULTS["formatters"]["access"]["format"]


def collecting_logger(name: str, fmt: str = "%(message)s"):
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    logger = logging.getLogger(name)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = Collect()
    handler.setFormatter(logging.Formatter(fmt))
    logger.handlers = [handler]
    return logger, records


@pytest.fixture
def installed(monkeypatch):
    """``install()``, undone afterwards (the record factory and ``Logger.makeRecord``)."""
    monkeypatch.setattr(logging.Logger, "makeRecord", logging.Logger.makeRecord)
    original = logging.getLogRecordFactory()
    log_privacy.install()
    yield
    logging.setLogRecordFactory(original)


@pytest.fixture
def captured(monkeypatch, installed):
    monkeypatch.setattr(log_privacy, "redact_text", lambda text, allow=None: text.replace("anna@example.org", "[EMAIL]"))
    return collecting_logger("diskret.test.log_privacy")


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
    factory, make_record = logging.getLogRecordFactory(), logging.Logger.makeRecord
    log_privacy.install()
    assert logging.getLogRecordFactory() is factory and logging.Logger.makeRecord is make_record


def test_extra_fields_are_redacted_with_the_real_engine(installed):
    """Sanic's access log: client address and URL arrive as extras, which the formatter prints."""
    logger, records = collecting_logger("diskret.test.access", SANIC_ACCESS_FORMAT + " %(referer)s %(headers)s")
    logger.info("", extra={
        "host": "203.0.113.77:51234",
        "request": "GET http://example.org/datenschutz?token=canary-secret&mail=anna.canary@example.org",
        "status": 200,
        "byte": 512,
        "referer": "sent by anna.canary@example.org from 198.51.100.23",
        "headers": {"X-Forwarded-For": "198.51.100.23"},
    })
    line = records[0]
    for canary in ("anna.canary@example.org", "203.0.113.77", "198.51.100.23", "canary-secret", "token="):
        assert canary not in line, line
    assert "[IP_ADDRESS]" in line and "[EMAIL]" in line and "/datenschutz?[QUERY]" in line
    assert line.endswith("200 512 sent by [EMAIL] from [IP_ADDRESS] {'X-Forwarded-For': '[IP_ADDRESS]'}"), \
        "numbers stay numbers for %d"


def test_failing_redaction_withholds_extra_fields(captured, monkeypatch):
    logger, records = captured

    def explode(text):
        raise RuntimeError("no model")

    monkeypatch.setattr(log_privacy, "redact_text", explode)
    logger.handlers[0].setFormatter(logging.Formatter("%(host)s %(status)d"))
    logger.info("", extra={"host": "203.0.113.77:51234", "status": 404})
    assert records == [f"{log_privacy.WITHHELD} 404"]


def test_query_strings_are_cut_from_messages(captured):
    logger, records = captured
    logger.error("Exception occurred while handling uri: %s", "'http://127.0.0.1:5005/conversations?token=secret'")
    logger.info("GET /socket.io/?EIO=4&transport=polling&sid=abc done? yes")
    assert records == ["Exception occurred while handling uri: 'http://127.0.0.1:5005/conversations?[QUERY]'",
                       "GET /socket.io/?[QUERY] done? yes"]
