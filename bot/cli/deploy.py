"""``python -m bot deploy`` (``make deploy``): the running server switches to the newest model."""
from __future__ import annotations

import argparse
import sys

import requests

from core.settings import get_settings
from bot.deployment import deploy_token


def run(args: argparse.Namespace) -> int:
    cfg = get_settings()
    token = deploy_token(cfg)
    if not token:
        print("No deploy token: start the server first (make run) or set DEPLOY_TOKEN.", file=sys.stderr)
        return 2
    url = f"http://127.0.0.1:{cfg.rasa_port}/webhooks/deploy/model"
    try:
        answer = requests.put(url, json={"model": args.model} if args.model else {},
                              headers={"Authorization": f"Bearer {token}"}, timeout=300)
    except requests.ConnectionError:
        print(f"No Rasa server answers at {url}; is `make run` running?", file=sys.stderr)
        return 2
    if answer.status_code != 200:
        print(f"Deploy refused ({answer.status_code}): {answer.text}", file=sys.stderr)
        return 1
    print(f"The running assistant now uses {answer.json()['model']}; open conversations continue.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("deploy", help="switch the running server to the newest model in models/")
    parser.add_argument("--model", help="file name in models/ (default: the newest)")
    parser.set_defaults(func=run)
