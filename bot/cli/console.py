"""``python -m bot console serve|add-user``: the compliance console and its accounts."""
from __future__ import annotations

import argparse
import getpass
import sys

from core.settings import get_settings
from bot.console.users import ROLES, UserStore


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("console", help="run the compliance console or add a console user")
    actions = parser.add_subparsers(dest="console_command", metavar="ACTION")
    actions.required = True
    actions.add_parser("serve", help="serve the console on CONSOLE_HOST:CONSOLE_PORT (waitress)")
    add = actions.add_parser("add-user", help="create or reset a user in CONSOLE_USERS_FILE")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    parser.set_defaults(func=run)


def read_password() -> str:
    """Prompt twice on a terminal; otherwise read one line from stdin (for scripts)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise ValueError("the passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    cfg = get_settings()
    if args.console_command == "add-user":
        try:
            UserStore(cfg.console_users_file).add(args.name, args.role, read_password())
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"user {args.name} ({args.role}) saved to {cfg.console_users_file}")
        return 0
    from bot.privacy import log_privacy

    # First, as in the Rasa and action servers: every record is redacted from here on, Flask's
    # (which names only path and method) and waitress's (which may name a client address) too.
    log_privacy.install()
    from waitress import serve

    from bot.console.app import create_app
    from core.metrics import serve_metrics

    if not cfg.console_users_file:
        print("warning: CONSOLE_USERS_FILE is not set; nobody can sign in", file=sys.stderr)
    print(f"Diskret console on http://{cfg.console_host}:{cfg.console_port}", file=sys.stderr)
    serve_metrics(cfg.metrics_host, cfg.console_metrics_port)
    serve(create_app(cfg), host=cfg.console_host, port=cfg.console_port, threads=4, ident="diskret-console")
    return 0
