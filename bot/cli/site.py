"""``python -m bot site``: serve the demo website with the chat widget (see ``bot.demo_site``)."""
from __future__ import annotations

import argparse
import sys

from bot.demo_site import SiteConfig, make_server
from core.settings import get_settings


def run(args: argparse.Namespace) -> int:
    cfg = get_settings()
    config = SiteConfig.from_settings(cfg, args.rasa_url)
    if not config.widget_file.is_file():
        print("widget/dist/widget.js is missing: cd widget && npm ci && npm run build", file=sys.stderr)
    port = cfg.site_port if args.port is None else args.port
    server = make_server(config, args.host, port)
    print(f"Demo site on http://{args.host}:{server.server_address[1]}/ (chat server {config.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("site", help="serve the demo website with the chat widget (SITE_PORT)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (default SITE_PORT, 8000)")
    parser.add_argument(
        "--rasa-url", default=None, help="the chat server as browsers reach it (default http://127.0.0.1:RASA_PORT)"
    )
    parser.set_defaults(func=run)
