"""The CRM push: signed with a timestamp, retried after a failure, never blocking, never logging data, TLS only."""
from __future__ import annotations

import json
import logging
import time

import pytest

from core.settings import Settings
from core.storage.crypto import VaultCrypto
from core.storage.vault import LEAD_PURPOSE, LeadVault
from core.storage.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, LeadWebhook, WebhookConfigError
from tests.core.storage.crm import SECRET, TOLERANCE_SECONDS, verify
from core.metrics import WEBHOOK_FAILURES

EMAIL = "max.mustermann@example.org"


def webhook(url: str, **options) -> LeadWebhook:
    """The webhook as development builds it: plain http to 127.0.0.1 is allowed there."""
    return LeadWebhook(url, SECRET, allow_loopback_http=True, **options)


def test_submitted_lead_is_pushed_signed_after_a_retry(database, vault_key, crm_factory):
    crm = crm_factory([500, 200])
    vault = LeadVault(database, VaultCrypto(vault_key), webhook(crm.url, attempts=3, backoff_seconds=0.05))
    vault.record_consent("conv-w", LEAD_PURPOSE, "Einwilligung …", "v1", "de")
    vault.capture("conv-w", "email", EMAIL)
    lead_id = vault.submit("conv-w", "Muster AG", "Social Ads", "de")

    assert crm.done.wait(10)
    assert len(crm.requests) == 2
    for headers, body in crm.requests:
        assert verify(headers, body)
        assert headers["Content-Type"] == "application/json"
    payload = crm.bodies()[-1]
    assert (payload["event"], payload["id"], payload["email"], payload["company"]) == (
        "lead.created", lead_id, EMAIL, "Muster AG")
    assert payload["consent"]["consent_version"] == "v1"
    assert crm.bodies()[0]["event_id"] == payload["event_id"], "a retry is the same event"
    assert not verify(crm.requests[0][0], crm.requests[0][1] + b" ")


def test_signature_covers_the_timestamp_and_old_requests_are_rejected(crm_factory):
    crm = crm_factory([200])
    assert webhook(crm.url).deliver(b'{"event": "lead.erased", "lead_id": 1}')
    [(headers, body)] = crm.requests
    sent_at = int(headers[TIMESTAMP_HEADER])
    assert abs(sent_at - time.time()) < 5
    assert verify(headers, body, now=sent_at + TOLERANCE_SECONDS)
    assert not verify(headers, body, now=sent_at + TOLERANCE_SECONDS + 1), "a replay after the window is refused"
    assert not verify(headers, body, now=sent_at - TOLERANCE_SECONDS - 1), "so is a timestamp from the future"
    refreshed = dict(headers, **{TIMESTAMP_HEADER: str(int(time.time()) + 60)})
    assert not verify(refreshed, body, now=sent_at + 60), "a replayer cannot move the timestamp"
    assert not verify(dict(headers, **{SIGNATURE_HEADER: headers[SIGNATURE_HEADER].upper()}), body)


def test_every_attempt_is_signed_with_its_own_time(crm_factory):
    crm = crm_factory([500, 200])
    assert webhook(crm.url, backoff_seconds=1.0).deliver(b"{}")
    (first, first_body), (second, second_body) = crm.requests
    assert int(second[TIMESTAMP_HEADER]) > int(first[TIMESTAMP_HEADER])
    assert first[SIGNATURE_HEADER] != second[SIGNATURE_HEADER]
    assert verify(first, first_body) and verify(second, second_body)


def test_gives_up_after_bounded_attempts_and_logs_no_personal_data(crm_factory, caplog):
    crm = crm_factory([500, 500, 500, 200])
    with caplog.at_level(logging.DEBUG, logger="core.storage.webhook"):
        thread = webhook(crm.url, attempts=3, backoff_seconds=0.01).send({"email": EMAIL, "name": "Max Mustermann"})
        thread.join(10)
    assert not thread.is_alive()
    assert len(crm.requests) == 3
    assert "HTTP 500" in caplog.text and "gave up" in caplog.text
    assert EMAIL not in caplog.text and "Mustermann" not in caplog.text


def test_unreachable_crm_is_logged_by_error_type_only(caplog):
    unreachable = webhook("http://127.0.0.1:9/leads", attempts=2, backoff_seconds=0.01, timeout_seconds=1)
    with caplog.at_level(logging.WARNING, logger="core.storage.webhook"):
        assert unreachable.deliver(b'{"email": "max.mustermann@example.org"}') is False
    assert "ConnectionError" in caplog.text and EMAIL not in caplog.text


def test_a_delivery_given_up_is_counted_for_the_alert(crm_factory):
    """``diskret_lead_webhook_failures_total`` moves once per delivery given up, not per attempt or success."""
    before = WEBHOOK_FAILURES._value.get()
    assert webhook(crm_factory([500, 500]).url, attempts=2, backoff_seconds=0.01).deliver(b"{}") is False
    assert webhook(crm_factory([500, 200]).url, attempts=2, backoff_seconds=0.01).deliver(b"{}") is True
    assert WEBHOOK_FAILURES._value.get() == before + 1


def test_submit_does_not_wait_for_the_crm(database, vault_key, crm_factory):
    crm = crm_factory([200])
    crm.release.clear()  # the CRM hangs until released
    vault = LeadVault(database, VaultCrypto(vault_key), webhook(crm.url))
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


@pytest.mark.parametrize("environment, url, allowed", [
    ("production", "https://crm.example.com/hooks/diskret", True),
    ("production", "http://crm.example.com/hooks/diskret", False),
    ("production", "http://127.0.0.1:8080/leads", False),
    ("production", "ftp://crm.example.com/", False),
    ("development", "https://crm.example.com/hooks/diskret", True),
    ("development", "http://127.0.0.1:8080/leads", True),
    ("development", "http://localhost:8080/leads", True),
    ("development", "http://[::1]:8080/leads", True),
    ("development", "http://crm.example.com/hooks/diskret", False),
    ("development", "http://127.0.0.1.example.com/leads", False),
])
def test_only_https_leaves_the_machine(environment, url, allowed):
    cfg = Settings(environment=environment, lead_webhook_url=url, lead_webhook_secret=SECRET)
    if allowed:
        assert LeadWebhook.from_settings(cfg).url == url
    else:
        with pytest.raises(WebhookConfigError, match="LEAD_WEBHOOK_URL must be an https:// URL"):
            LeadWebhook.from_settings(cfg)


def test_plain_http_needs_the_development_allowance():
    with pytest.raises(WebhookConfigError):
        LeadWebhook("http://127.0.0.1:8080/leads", SECRET)
