"""Every Prometheus metric Diskret exports, defined once; each process serves its own on loopback.

Labels carry only fixed words (a channel, a reason, a store), never an id, an address or text,
so the metrics hold no personal data. ``docs/operations.md`` lists them with the alerts to set.
"""
from __future__ import annotations

import logging
from typing import Optional

from prometheus_client import Counter, Gauge, Histogram, start_http_server

logger = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)
REDACTION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5)

REPLIES = Counter("diskret_replies_total", "Turns answered, by input channel", ["channel"])
REPLY_SECONDS = Histogram("diskret_reply_seconds", "From a visitor's message to the end of the bot's answer",
                          ["channel"], buckets=LATENCY_BUCKETS)
REDACTION_SECONDS = Histogram("diskret_redaction_seconds", "Redaction of one visitor message (time spent in the worker)",
                              buckets=REDACTION_BUCKETS)
FAIL_CLOSED = Counter("diskret_fail_closed_total", "Messages dropped unprocessed because redaction could not run",
                      ["reason"])  # error, timeout, unavailable
REFUSED = Counter("diskret_refused_messages_total", "Messages refused before processing", ["reason"])
STORE_ERRORS = Counter("diskret_store_errors_total", "Failures reaching a store", ["store"])  # redis, database
ARCHIVE_BACKLOG = Gauge("diskret_archive_backlog_events", "Redacted events waiting to be written to the archive")
WEBHOOK_FAILURES = Counter("diskret_lead_webhook_failures_total", "Failed deliveries to the CRM webhook")
ACTIVE_CONVERSATIONS = Gauge("diskret_active_conversations", "Conversations held in Redis (not yet expired)")
PURGE_LAST_SUCCESS = Gauge("diskret_purge_last_success_timestamp_seconds",
                           "When the retention purge last completed without a failure (Unix time)")


def serve_metrics(host: str, port: int) -> Optional[int]:
    """Serve this process's metrics on ``host:port`` (0: off). A port in use is logged, not fatal:
    the process works without its scrape endpoint."""
    if port <= 0:
        return None
    try:
        start_http_server(port, addr=host)
    except OSError as error:
        logger.warning("Metrics endpoint not started on %s:%d (%s)", host, port, type(error).__name__)
        return None
    logger.info("Metrics on http://%s:%d/metrics", host, port)
    return port
