"""``python -m bot nginx``: print the nginx configuration for several Rasa servers (see docs/operations.md)."""
from __future__ import annotations

import argparse
import sys

from bot.balancer import render_nginx_site


def run(args: argparse.Namespace) -> int:
    try:
        print(render_nginx_site(args.backend, args.listen), end="")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("nginx", help="print the nginx configuration for several Rasa servers")
    parser.add_argument("--backend", action="append", required=True, metavar="IP:PORT",
                        help="a Rasa server (repeat for each)")
    parser.add_argument("--listen", default="80", help="nginx listen address (default: 80)")
    parser.set_defaults(func=run)
