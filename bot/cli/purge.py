"""``python -m bot purge``: delete everything past its retention period.

Each store contributes one purger to ``PURGERS``; a failing purger does not stop the
others, and the exit code is non-zero so a caller notices. ``--every SECONDS`` keeps
running and purges on that schedule: the stack's own scheduler (a process in the Procfile),
so retention does not depend on a cron job outside it. It needs no ``VAULT_KEY`` (nothing
is decrypted), so the full production check of the servers is not run here. The same run
tells the CRM of the leads it deleted (``lead.erased``), retries the erasure and withdrawal
notices the CRM has not yet accepted and deletes each once delivered.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from typing import Callable, Mapping, Tuple

from core import metrics
from core.settings import get_settings
from core.storage.crm_events import deliver_pending
from core.storage.database import Database
from core.storage.models import utcnow
from core.storage.retention import purge_expired
from bot.archive.access_log import AccessLog
from core.storage.webhook import LeadWebhook
from bot.archive.store import TranscriptArchive

Purger = Callable[[datetime], Mapping[str, int]]


def purge_leads(now: datetime) -> Mapping[str, int]:
    """Leads and consent records past ``LEAD_RETENTION_DAYS`` (drafts past ``DRAFT_LEAD_RETENTION_HOURS``)."""
    cfg = get_settings()
    database = Database(cfg.database_url)
    try:
        return purge_expired(database, cfg.lead_retention_days, cfg.draft_lead_retention_hours, now,
                             tell_crm=bool(cfg.lead_webhook_url))
    finally:
        database.dispose()


def purge_transcripts(now: datetime) -> Mapping[str, int]:
    """Archived transcripts (and erasure tombstones) past ``TRANSCRIPT_RETENTION_DAYS``."""
    cfg = get_settings()
    database = Database(cfg.database_url)
    try:
        return TranscriptArchive(database).purge(cfg.transcript_retention_days, now)
    finally:
        database.dispose()


def purge_access_log(now: datetime) -> Mapping[str, int]:
    """Console and CLI access-log entries past ``ACCESS_LOG_RETENTION_DAYS``."""
    cfg = get_settings()
    database = Database(cfg.database_url)
    try:
        return AccessLog(database).purge(cfg.access_log_retention_days, now)
    finally:
        database.dispose()


def purge_crm_events(now: datetime) -> Mapping[str, int]:
    """CRM notices (``lead.erased``, ``consent.withdrawn``) delivered now; fails while some still wait."""
    cfg = get_settings()
    webhook = LeadWebhook.from_settings(cfg)
    if webhook is None:
        return {"delivered CRM events": 0}
    database = Database(cfg.database_url)
    try:
        outcome = deliver_pending(database, webhook)
    finally:
        database.dispose()
    if outcome["pending"]:
        raise RuntimeError(f"{outcome['delivered']} delivered, {outcome['pending']} still refused by the CRM")
    return {"delivered CRM events": outcome["delivered"]}


PURGERS: Tuple[Tuple[str, Purger], ...] = (
    ("leads", purge_leads),
    ("transcripts", purge_transcripts),
    ("access log", purge_access_log),
    ("crm events", purge_crm_events),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("purge", help="delete leads, consents, transcripts and access-log entries past retention")
    parser.add_argument("--every", type=float, metavar="SECONDS",
                        help="keep running: purge now and then every SECONDS (the Procfile's scheduler)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.every is None:
        return purge_once()
    if args.every <= 0:
        print("purge: --every needs a positive number of seconds", file=sys.stderr)
        return 2
    cfg = get_settings()
    metrics.serve_metrics(cfg.metrics_host, cfg.purge_metrics_port)
    while True:  # ended by a signal, as every process of the Procfile
        purge_once()
        sys.stdout.flush()
        time.sleep(args.every)


def purge_once() -> int:
    """One pass over every store; 1 if any purger failed."""
    now = utcnow()
    failed = False
    for name, purger in PURGERS:
        try:
            counts = purger(now)
        except Exception as error:  # report and go on: one broken store must not shield the others' data
            print(f"{name}: failed: {type(error).__name__}: {error}", file=sys.stderr)
            failed = True
            continue
        print(f"{name}: " + ", ".join(f"{count} {kind} deleted" for kind, count in counts.items()))
    if not failed:
        metrics.PURGE_LAST_SUCCESS.set_to_current_time()
    return 1 if failed else 0
