"""Push of leads, and of their erasure or withdrawal, to the agency CRM: signed, TLS only, off the chat's path.

Each request carries ``X-Diskret-Timestamp`` (Unix seconds, fresh on every attempt) and
``X-Diskret-Signature: sha256=<hex HMAC-SHA256 over "<timestamp>." + body>`` keyed with
``LEAD_WEBHOOK_SECRET``; the CRM recomputes the signature and rejects timestamps outside a
tolerance window, so a recorded request cannot be replayed later (docs/operations.md).

Log lines name the attempt and the HTTP status or error type only: never the body, which
may hold the visitor's personal data.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from typing import Any, Mapping, Optional

import requests

from core.settings import ConfigurationError, Settings, get_settings, webhook_url_problem
from core.metrics import WEBHOOK_FAILURES

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Diskret-Signature"
TIMESTAMP_HEADER = "X-Diskret-Timestamp"

LEAD_CREATED = "lead.created"
LEAD_ERASED = "lead.erased"
CONSENT_WITHDRAWN = "consent.withdrawn"


class WebhookConfigError(ConfigurationError):
    """A webhook the CRM could not trust: no secret, or a URL that is not https."""


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """Header value the CRM recomputes over timestamp and raw body to verify origin, integrity and age."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def encode(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


class LeadWebhook:
    """Delivers JSON bodies to one URL with bounded retries and exponential backoff.

    ``allow_loopback_http`` (development only) permits ``http://`` to this machine; any
    other URL must be https.
    """

    def __init__(
        self,
        url: str,
        secret: str,
        attempts: int = 3,
        backoff_seconds: float = 1.0,
        timeout_seconds: float = 10.0,
        allow_loopback_http: bool = False,
    ) -> None:
        if not secret:
            raise WebhookConfigError("LEAD_WEBHOOK_URL is set but LEAD_WEBHOOK_SECRET is empty")
        problem = webhook_url_problem(url, allow_loopback_http)
        if problem:
            raise WebhookConfigError(problem)
        self.url = url
        self._secret = secret
        self.attempts = max(1, attempts)
        self.backoff_seconds = backoff_seconds
        self.timeout_seconds = timeout_seconds

    @classmethod
    def from_settings(cls, cfg: Optional[Settings] = None) -> Optional["LeadWebhook"]:
        """The configured webhook, or None when ``LEAD_WEBHOOK_URL`` is empty (push is off)."""
        cfg = cfg or get_settings()
        if not cfg.lead_webhook_url:
            return None
        return cls(cfg.lead_webhook_url, cfg.lead_webhook_secret, allow_loopback_http=cfg.is_development)

    def send(self, payload: Mapping[str, Any]) -> threading.Thread:
        """Deliver in a background thread so the chat never waits for the CRM."""
        thread = threading.Thread(target=self.deliver, args=(encode(payload),), name="diskret-lead-webhook")
        thread.start()
        return thread

    def deliver(self, body: bytes) -> bool:
        """POST ``body`` until a 2xx answer or the attempts are used up; True when delivered.

        Redirects are not followed: they could lead the body off TLS or to another host.
        """
        for attempt in range(1, self.attempts + 1):
            timestamp = int(time.time())
            headers = {
                "Content-Type": "application/json",
                TIMESTAMP_HEADER: str(timestamp),
                SIGNATURE_HEADER: sign(body, self._secret, timestamp),
            }
            try:
                response = requests.post(
                    self.url, data=body, headers=headers, timeout=self.timeout_seconds, allow_redirects=False
                )
                outcome = f"HTTP {response.status_code}"
                if 200 <= response.status_code < 300:
                    return True
            except requests.RequestException as error:
                outcome = type(error).__name__
            logger.warning("CRM webhook attempt %d/%d failed: %s", attempt, self.attempts, outcome)
            if attempt < self.attempts:
                time.sleep(self.backoff_seconds * 2 ** (attempt - 1))
        logger.error("CRM webhook gave up after %d attempts", self.attempts)
        WEBHOOK_FAILURES.inc()
        return False
