"""``python -m bot leads``: the operator's view of consented leads, and their re-keying (needs the vault key).

Output goes to the operator's terminal or a 0600 file, never to logs. CSV cells that a
spreadsheet would run as a formula are neutralised, since visitors typed them.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
from typing import Any, Dict, Sequence

from core.settings import ConfigurationError
from core.storage.crypto import DecryptionError
from core.storage.vault import LeadVault

COLUMNS = (
    "id",
    "conversation_id",
    "status",
    "created_at",
    "submitted_at",
    "language",
    "name",
    "email",
    "phone",
    "company",
    "topic",
)
_TABLE_COLUMNS = ("id", "status", "submitted_at", "language", "name", "email", "phone", "company", "topic")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+[\d ()/.-]+$")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("leads", help="list or export consented leads (decrypted)")
    actions = parser.add_subparsers(dest="leads_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="print a table of leads")
    listing.add_argument("--include-drafts", action="store_true", help="also show leads not yet submitted")

    export = actions.add_parser("export", help="write leads as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", metavar="FILE", help="write to FILE (mode 0600) instead of stdout")
    export.add_argument("--include-drafts", action="store_true", help="also export leads not yet submitted")

    actions.add_parser("rekey", help="re-encrypt and re-hash every lead with the first key (key rotation)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        vault = LeadVault.from_settings()
        if args.leads_command == "rekey":
            print(f"{vault.rekey()} lead(s) re-encrypted and re-hashed with the first key")
            return 0
        leads = vault.leads(include_drafts=args.include_drafts)
    except (ConfigurationError, DecryptionError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.leads_command == "list":
        sys.stdout.write(render_table(leads))
        return 0
    text = render_csv(leads) if args.format == "csv" else json.dumps(leads, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        _write_private(args.output, text)
        print(f"{len(leads)} lead(s) written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def render_table(leads: Sequence[Dict[str, Any]]) -> str:
    if not leads:
        return "no leads\n"
    rows = [list(_TABLE_COLUMNS)] + [[_cell(lead[column]) for column in _TABLE_COLUMNS] for lead in leads]
    widths = [max(len(row[index]) for row in rows) for index in range(len(_TABLE_COLUMNS))]
    lines = ["  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def render_csv(leads: Sequence[Dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([_spreadsheet_safe(lead[column]) for column in COLUMNS] for lead in leads)
    return buffer.getvalue()


def _spreadsheet_safe(value: Any) -> Any:
    """Prefix a quote to cells a spreadsheet would evaluate (CSV injection), except phone numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PHONE.match(value):
        return "'" + value
    return "" if value is None else value


def _write_private(path: str, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)

