"""``python -m bot audit``: look for residual personal data in the archive; ``--redact ID`` fixes one finding."""
from __future__ import annotations

import argparse

from core.settings import get_settings
from core.storage.database import Database
from bot.archive.access_log import AccessLog, cli_actor
from bot.archive.audit import ResidualAudit


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="residual-data audit of archived transcripts")
    parser.add_argument("--redact", type=int, metavar="FINDING_ID", help="replace this finding with a placeholder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    database = Database(get_settings().database_url)
    try:
        audit, log = ResidualAudit(database), AccessLog(database)
        if args.redact is not None:
            conversation_id = audit.redact(args.redact)
            if conversation_id is None:
                print(f"no finding {args.redact}")
                return 1
            log.record(cli_actor(), "redact finding", conversation_id)
            print(f"finding {args.redact} redacted in conversation {conversation_id}")
            return 0
        result = audit.run()
        log.record(cli_actor(), "run residual audit", f"{result['findings']} finding(s)")
        for finding in audit.findings():
            print(f"#{finding['id']}  {finding['conversation_id']}  {finding['event']}  {finding['reason']}  "
                  f"-> [{finding['label']}]: {finding['before'][-30:]}>>{finding['suspect']}<<{finding['after'][:30]}")
        print(f"{result['findings']} finding(s) in {result['flagged_conversations']} conversation(s)")
        return 0
    finally:
        database.dispose()
