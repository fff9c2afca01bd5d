"""The CRM push: signed body, retried after a failure, never blocking, never logging data."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List, Tuple

import pytest

from core.settings import Settings
from core.storage.crypto import VaultCrypto
from core.storage.vault import LEAD_PURPOSE, LeadVault
from core.storage.webhook import SIGNATURE_HEADER, LeadWebhook, WebhookConfigError

SECRET = "test-webhook-secret"
EMAIL = "max.mustermann@example.org"


class CRM:
    """A local HTTP server answering with scripted status codes and recording requests."""

    def __init__(self, statuses: List[int]) -> None:
        self.statuses = statuses
        self.release = threading.Event()
        self.release.set()
        self.requests: List[Tuple[dict, bytes]] = []
        self.done = threading.Event()
        crm = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                crm.release.wait(10)
                crm.requests.append((dict(self.headers), body))
                status = crm.statuses[min(len(crm.requests), len(crm.statuses)) - 1]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if len(crm.requests) >= len(crm.statuses):
                    crm.done.set()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/leads"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def crm_factory() -> Iterator:
    servers: List[CRM] = []

    def make(statuses: List[int]) -> CRM:
        servers.append(CRM(statuses))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def verify(headers: dict, body: bytes) -> bool:
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers[SIGNATURE_HEADER], expected)


def test_submitted_lead_is_pushed_signed_after_a_retry(database, vault_key, crm_factory):
    crm = crm_factory([500, 200])
    webhook = LeadWebhook(crm.url, SECRET, attempts=3, backoff_seconds=0.05)
    vault = LeadVault(database, VaultCrypto(vault_key), webhook)
    vault.record_consent("conv-w", LEAD_PURPOSE, "Einwilligung …", "v1", "de")
    vault.capture("conv-w", "email", EMAIL)
    lead_id = vault.submit("conv-w", "Muster AG", "Social Ads", "de")

    assert crm.done.wait(10)
    assert len(crm.requests) == 2
    for headers, body in crm.requests:
        assert verify(headers, body)
        assert headers["Content-Type"] == "application/json"
    payload = json.loads(crm.requests[-1][1])
    assert (payload["id"], payload["email"], payload["company"]) == (lead_id, EMAIL, "Muster AG")
    assert payload["consent"]["consent_version"] == "v1"
    assert not verify({SIGNATURE_HEADER: crm.requests[0][0][SIGNATURE_HEADER]}, crm.requests[0][1] + b" ")


def test_gives_up_after_bounded_attempts_and_logs_no_personal_data(crm_factory, caplog):
    crm = crm_factory([500, 500, 500, 200])
    webhook = LeadWebhook(crm.url, SECRET, attempts=3, backoff_seconds=0.01)
    with caplog.at_level(logging.DEBUG, logger="core.storage.webhook"):
        thread = webhook.send({"email": EMAIL, "name": "Max Mustermann"})
        thread.join(10)
    assert not thread.is_alive()
    assert len(crm.requests) == 3
    assert "HTTP 500" in caplog.text and "gave up" in caplog.text
    assert EMAIL not in caplog.text and "Mustermann" not in caplog.text


def test_unreachable_crm_is_logged_by_error_type_only(caplog):
    webhook = LeadWebhook("http://127.0.0.1:9/leads", SECRET, attempts=2, backoff_seconds=0.01, timeout_seconds=1)
    with caplog.at_level(logging.WARNING, logger="core.storage.webhook"):
        assert webhook.deliver(b'{"email": "max.mustermann@example.org"}') is False
    assert "ConnectionError" in caplog.text and EMAIL not in caplog.text


def test_submit_does_not_wait_for_the_crm(database, vault_key, crm_factory):
    crm = crm_factory([200])
    crm.release.clear()  # the CRM hangs until released
    vault = LeadVault(database, VaultCrypto(vault_key), LeadWebhook(crm.url, SECRET))
    vault.record_consent("conv-s", LEAD_PURPOSE, "Consent text", "v1", "en")
    vault.capture("conv-s", "phone", "+44 20 7946 0000")
    vault.submit("conv-s", None, "PPC", "en")
    assert not crm.done.is_set()
    crm.release.set()
    assert crm.done.wait(10)


def test_webhook_off_without_url_and_refused_without_secret():
    assert LeadWebhook.from_settings(Settings(lead_webhook_url="")) is None
    with pytest.raises(WebhookConfigError):
        LeadWebhook.from_settings(Settings(lead_webhook_url="http://127.0.0.1:1/", lead_webhook_secret=""))
