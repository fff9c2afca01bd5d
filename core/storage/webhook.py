"""Push of each newly submitted lead to the agency CRM, signed and retried off the chat's path.

Log lines name the attempt and the HTTP status or error type only: never the body, which
holds the visitor's personal data.
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

from core.settings import Settings, get_settings

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Diskret-Signature"


class WebhookConfigError(RuntimeError):
    """A webhook URL without a secret: the CRM could not tell our leads from forgeries."""


def sign(body: bytes, secret: str) -> str:
    """Header value the CRM recomputes over the raw body to verify origin and integrity."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class LeadWebhook:
    """Delivers JSON bodies to one URL with bounded retries and exponential backoff."""

    def __init__(
        self, url: str, secret: str, attempts: int = 3, backoff_seconds: float = 1.0, timeout_seconds: float = 10.0
    ) -> None:
        if not secret:
            raise WebhookConfigError("LEAD_WEBHOOK_URL is set but LEAD_WEBHOOK_SECRET is empty")
        self.url = url
        self._secret = secret
        self.attempts = max(1, attempts)
        self.backoff_seconds = backoff_seconds
        self.timeout_seconds = timeout_seconds

    @classmethod
    def from_settings(cls, cfg: Optional[Settings] = None) -> Optional["LeadWebhook"]:
        """The configured webhook, or None when ``LEAD_WEBHOOK_URL`` is empty (push is off)."""
        cfg = cfg or get_settings()
        return cls(cfg.lead_webhook_url, cfg.lead_webhook_secret) if cfg.lead_webhook_url else None

    def send(self, payload: Mapping[str, Any]) -> threading.Thread:
        """Deliver in a background thread so the chat never waits for the CRM."""
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        thread = threading.Thread(target=self.deliver, args=(body,), name="diskret-lead-webhook")
        thread.start()
        return thread

    def deliver(self, body: bytes) -> bool:
        """POST ``body`` until a 2xx answer or the attempts are used up; True when delivered."""
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, self._secret)}
        for attempt in range(1, self.attempts + 1):
            try:
                response = requests.post(self.url, data=body, headers=headers, timeout=self.timeout_seconds)
                outcome = f"HTTP {response.status_code}"
                if 200 <= response.status_code < 300:
                    return True
            except requests.RequestException as error:
                outcome = type(error).__name__
            logger.warning("Lead webhook attempt %d/%d failed: %s", attempt, self.attempts, outcome)
            if attempt < self.attempts:
                time.sleep(self.backoff_seconds * 2 ** (attempt - 1))
        logger.error("Lead webhook gave up after %d attempts; the lead stays in the vault", self.attempts)
        return False
