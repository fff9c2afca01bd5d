"""``python -m bot export --conversation ID | --email ADDRESS``: everything about a data subject, as JSON.

Redacted transcripts, decrypted lead data, consents and the live Redis tracker if still there.
"""
from __future__ import annotations

import argparse
import json
import sys

from core.settings import ConfigurationError
from core.storage.crypto import DecryptionError
from bot.archive.access_log import cli_actor
from bot.archive.subject_requests import Lookup
from bot.cli.erase import add_subject_arguments, subject_requests
from bot.cli.leads import _write_private


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export everything about a conversation or e-mail address")
    add_subject_arguments(parser)
    parser.add_argument("--output", metavar="FILE", help="write to FILE (mode 0600) instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        data = subject_requests().export(Lookup(args.conversation, args.email), args.reference, cli_actor())
    except (ConfigurationError, DecryptionError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        _write_private(args.output, text)
        print(f"request {data['request_id']}: {len(data['conversations'])} conversation(s) written to {args.output}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
