"""``python -m bot purge`` as cron runs it: deletes what is past retention, prints counts."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import requests
from sqlalchemy import select, update

from core.settings import PROJECT_ROOT
from bot.cli import purge
from core.storage import crm_events
from core.storage.models import Consent, CrmEvent, Lead
from core.storage.vault import LEAD_PURPOSE, LeadVault
from tests.support.stack import free_port
from tests.core.storage.backends import backend, database, vault, vault_key  # noqa: F401
from tests.core.storage.crm import SECRET, crm_factory, verify  # noqa: F401


def run_purge(database_url: str, **extra: str) -> subprocess.CompletedProcess:
    """Run as cron would, deliberately without VAULT_KEY: deleting needs no decryption."""
    env = dict(
        os.environ, DATABASE_URL=database_url, VAULT_KEY="", DISKRET_ENV="production", LEAD_RETENTION_DAYS="180",
        LEAD_WEBHOOK_URL="",
    )
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "bot", "purge"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def add_lead(vault: LeadVault, conversation: str, days_old: int) -> None:
    vault.record_consent(conversation, LEAD_PURPOSE, "Consent text", "v1", "en")
    vault.capture(conversation, "email", f"{conversation}@example.com")
    vault.submit(conversation, "Example Ltd", "Branding", "en")
    past = datetime.now(timezone.utc) - timedelta(days=days_old)
    with vault.database.session() as session:
        session.execute(update(Lead).where(Lead.conversation_id == conversation).values(created_at=past))
        session.execute(update(Consent).where(Consent.conversation_id == conversation).values(given_at=past))


def test_purge_deletes_expired_leads_and_consents(backend, vault, vault_key):
    add_lead(vault, "old-1", 200)
    add_lead(vault, "old-2", 181)
    add_lead(vault, "fresh", 179)
    result = run_purge(backend.env_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "leads: 2 leads deleted, 2 consents deleted"
    assert [lead["conversation_id"] for lead in vault.leads()] == ["fresh"]
    again = run_purge(backend.env_url)
    assert again.stdout.splitlines()[0] == "leads: 0 leads deleted, 0 consents deleted"
    assert "access log: 0 entries deleted" in again.stdout.splitlines()


def test_purge_deletes_access_log_entries_past_retention(monkeypatch, backend, database):
    from core import settings as config
    from bot.archive.access_log import AccessLog
    from bot.archive.models import AccessLogEntry

    log = AccessLog(database)
    log.record("alice", "view transcript", "conv-1")
    log.record("alice", "view transcript", "conv-2")
    with database.session() as session:
        session.execute(update(AccessLogEntry).where(AccessLogEntry.target == "conv-1")
                        .values(at=datetime.now(timezone.utc) - timedelta(days=31)))
    monkeypatch.setenv("DATABASE_URL", backend.env_url)
    monkeypatch.setenv("ACCESS_LOG_RETENTION_DAYS", "30")
    config.get_settings.cache_clear()
    try:
        assert dict(purge.PURGERS)["access log"](datetime.now(timezone.utc)) == {"entries": 1}
    finally:
        config.get_settings.cache_clear()
    assert [entry["target"] for entry in log.entries()[0]] == ["conv-2"]


def test_default_access_log_retention_is_a_year():
    from core.settings import Settings

    assert Settings().access_log_retention_days == 365


def test_purge_delivers_waiting_crm_events_and_deletes_them(backend, vault, crm_factory):
    add_lead(vault, "erased", 1)
    with vault.database.session() as session:  # as an erasure whose notice the CRM refused leaves it
        lead_id = session.execute(select(Lead.id)).scalar()
        crm_events.queue(session, "lead.erased", [lead_id])
    crm = crm_factory([503, 503, 503, 200])  # the first run uses up its three attempts
    crm_env = dict(DISKRET_ENV="development", LEAD_WEBHOOK_URL=crm.url, LEAD_WEBHOOK_SECRET=SECRET)

    refused = run_purge(backend.env_url, **crm_env)
    assert refused.returncode == 1
    assert "crm events: failed: RuntimeError: 0 delivered, 1 still refused by the CRM" in refused.stderr
    delivered = run_purge(backend.env_url, **crm_env)
    assert delivered.returncode == 0, delivered.stderr
    assert "crm events: 1 delivered CRM events deleted" in delivered.stdout
    assert verify(*crm.requests[-1])
    assert crm.bodies()[-1]["lead_id"] == lead_id and crm.bodies()[-1]["event"] == "lead.erased"
    with vault.database.session() as session:
        assert session.execute(select(CrmEvent)).scalars().all() == []


def test_purge_refuses_a_plain_http_crm_in_production(backend):
    result = run_purge(backend.env_url, LEAD_WEBHOOK_URL="http://crm.example.com/hooks", LEAD_WEBHOOK_SECRET=SECRET)
    assert result.returncode == 1
    assert "crm events: failed: WebhookConfigError: LEAD_WEBHOOK_URL must be an https:// URL" in result.stderr


def test_purge_reports_failure_with_nonzero_exit():
    result = run_purge("postgresql://postgres@127.0.0.1:1/unreachable")
    assert result.returncode == 1
    assert "leads: failed: OperationalError" in result.stderr


def test_every_purger_runs_even_after_one_fails(monkeypatch, capsys):
    seen = []

    def broken(now):
        raise RuntimeError("store unavailable")

    def transcripts(now):
        seen.append(now)
        return {"transcripts": 4}

    monkeypatch.setattr(purge, "PURGERS", (("leads", broken), ("transcripts", transcripts)))
    assert purge.run(argparse.Namespace(every=None)) == 1
    out, err = capsys.readouterr()
    assert out == "transcripts: 4 transcripts deleted\n"
    assert "leads: failed: RuntimeError: store unavailable" in err
    assert len(seen) == 1 and seen[0].tzinfo is not None


def test_purge_every_keeps_purging_on_its_schedule(backend, vault, vault_key):
    """The Procfile's scheduler: retention no longer depends on a cron job outside the stack."""
    metrics_port = free_port()
    env = dict(os.environ, DATABASE_URL=backend.env_url, VAULT_KEY="", DISKRET_ENV="production",
               PURGE_METRICS_PORT=str(metrics_port))
    process = subprocess.Popen([sys.executable, "-m", "bot", "purge", "--every", "1"], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        add_lead(vault, "old-before", 200)
        wait_until(lambda: not vault.leads(), "the first pass")
        add_lead(vault, "old-after", 200)
        add_lead(vault, "fresh", 1)
        wait_until(lambda: [lead["conversation_id"] for lead in vault.leads()] == ["fresh"], "a later pass")
        assert process.poll() is None, "the scheduler keeps running"
        scraped = requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
        last_success = next(line for line in scraped.splitlines()
                            if line.startswith("diskret_purge_last_success_timestamp_seconds "))
        assert abs(float(last_success.split()[-1]) - time.time()) < 60
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_purge_every_needs_a_positive_interval():
    result = subprocess.run([sys.executable, "-m", "bot", "purge", "--every", "0"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "positive" in result.stderr


def wait_until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not purge within {timeout}s")
