"""``python -m bot check`` (``make check``): is the content safe to train and ship?

Explains every problem in plain language with the file and line to fix.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from core.settings import PROJECT_ROOT
from bot.content.checks import STATIC_CHECKS, check_conversation_tests


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    names = args.only or list(STATIC_CHECKS)
    checks = [STATIC_CHECKS[name] for name in names]
    if not args.no_conversations and not args.only:
        checks.append(check_conversation_tests)
    problems = []
    for check in checks:
        found = check(root)
        title = (check.__doc__ or check.__name__).strip().splitlines()[0]
        print(f"{'OK  ' if not found else 'FAIL'} {title}", flush=True)
        problems.extend(found)
    for problem in problems:
        print(problem.describe(root))
    print(f"\n{len(problems)} problem(s) found." if problems else "\nAll checks passed.")
    return 1 if problems else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="check data/ and domain/ before training (make check)")
    parser.add_argument("--root", default=str(PROJECT_ROOT), help="project folder to check (default: this one)")
    parser.add_argument("--no-conversations", action="store_true", help="skip training and the conversation tests")
    parser.add_argument("--only", action="append", choices=sorted(STATIC_CHECKS), help="run only this check (repeatable)")
    parser.set_defaults(func=run)
