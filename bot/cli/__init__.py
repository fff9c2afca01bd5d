"""Sub-commands of ``python -m bot``: one module each, listed in ``COMMANDS``.

A command module exposes ``register(subparsers)``, which adds its parser and sets
``func`` (a callable taking the parsed ``argparse.Namespace`` and returning an
exit code) with ``parser.set_defaults(func=...)``.
"""
from __future__ import annotations

import argparse
import importlib
import os
from typing import List, Optional

COMMANDS = (
    "serve",
    "actions",
    "redis",
    "train",
    "check",
    "deploy",
    "report",
    "redact",
    "leads",
    "purge",
    "archive_consumer",
    "transcripts",
    "audit",
    "stats",
    "console",
    "erase",
    "export",
    "site",
    "nginx",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Diskret command line")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"bot.cli.{name}").register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    # A privacy-first product sends no usage data anywhere: Rasa's telemetry stays off.
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
