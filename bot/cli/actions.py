"""``python -m bot actions``: the action server, with every log record redacted."""
from __future__ import annotations

import argparse

from core.settings import get_settings


def run(args: argparse.Namespace) -> int:
    from bot.privacy import log_privacy

    log_privacy.install()
    from rasa_sdk import endpoint

    cfg = get_settings()
    endpoint.run(action_package_name="actions", port=cfg.action_port, auto_reload=False)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("actions", help="run the action server on ACTION_PORT")
    parser.set_defaults(func=run)
