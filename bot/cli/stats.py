"""``python -m bot stats``: marketing statistics from the archive, small groups shown as "<5"."""
from __future__ import annotations

import argparse
import sys
from datetime import date

from core.settings import get_settings
from core.storage.database import Database
from bot.archive.access_log import AccessLog, cli_actor
from bot.archive.stats import compute, default_range


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("stats", help="aggregated statistics, consultation funnel and not-understood texts in whole weeks (those around the last 30 days by default)")
    parser.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    since, until = default_range(date.today())
    since, until = args.since or since, args.until or until
    database = Database(get_settings().database_url)
    try:
        stats = compute(database, since, until)
        AccessLog(database).record(cli_actor(), "view statistics", f"{since}..{until}")
    finally:
        database.dispose()
    if args.csv:
        sys.stdout.write(stats.csv())
    else:
        for section, key, value in stats.rows():
            print(f"{section:<14} {key:<28} {value}")
    return 0
