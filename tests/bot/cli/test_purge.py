"""``python -m bot purge`` as cron runs it: deletes what is past retention, prints counts."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from core.settings import PROJECT_ROOT
from bot.cli import purge
from core.storage import crm_events
from core.storage.models import Consent, CrmEvent, Lead
from core.storage.vault import LEAD_PURPOSE, LeadVault
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
    assert purge.run(argparse.Namespace()) == 1
    out, err = capsys.readouterr()
    assert out == "transcripts: 4 transcripts deleted\n"
    assert "leads: failed: RuntimeError: store unavailable" in err
    assert len(seen) == 1 and seen[0].tzinfo is not None
