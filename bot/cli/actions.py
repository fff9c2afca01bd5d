"""``python -m bot actions``: the locked-down action server, with every log record redacted."""
from __future__ import annotations

import argparse
import sys

from core.settings import get_settings


def run(args: argparse.Namespace) -> int:
    from bot import action_server
    from bot.privacy import log_privacy

    log_privacy.install()
    try:
        action_server.serve(get_settings())
    except action_server.ActionServerTokenError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("actions", help="run the action server on ACTION_HOST:ACTION_PORT")
    parser.set_defaults(func=run)
