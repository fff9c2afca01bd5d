"""``python -m bot erase --conversation ID | --email ADDRESS``: erase everything about a data subject.

Archive, lead, consents and Redis (see ``bot.erasure``); the request is recorded with its
reference and deadline, and every erased conversation is written to the access log.
"""
from __future__ import annotations

import argparse
import sys

from core.settings import ConfigurationError, get_settings
from core.storage.vault import LeadVault
from bot.archive.access_log import cli_actor
from bot.archive.subject_requests import Lookup, SubjectRequests


def add_subject_arguments(parser: argparse.ArgumentParser) -> None:
    """The lookup and reference options shared by ``erase`` and ``export``."""
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--conversation", metavar="ID")
    target.add_argument("--email", metavar="ADDRESS", help="found via the lead vault's keyed hash")
    parser.add_argument("--reference", default="command line", help="requester reference, e.g. a ticket number")


def subject_requests() -> SubjectRequests:
    cfg = get_settings()
    return SubjectRequests(cfg, LeadVault.from_settings(cfg))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("erase", help="erase everything about a conversation or e-mail address")
    add_subject_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        requests = subject_requests()
    except ConfigurationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = requests.erase(Lookup(args.conversation, args.email), args.reference, cli_actor())
    removed = ", ".join(f"{count} {store}" for store, count in sorted(result["removed"].items()))
    print(f"request {result['request_id']}: {len(result['conversations'])} conversation(s) erased"
          + (f" ({removed})" if removed else ""))
    return 0
