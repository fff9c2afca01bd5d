"""``python -m bot serve``: the Rasa server with Diskret's privacy setup around it."""
from __future__ import annotations

import argparse
import os
import sys
from typing import Dict, List

from core.settings import PROJECT_ROOT, Settings, get_settings


def rasa_arguments(cfg: Settings, model: str) -> List[str]:
    """``rasa run`` arguments; the HTTP API is on only when a token protects it."""
    args = [
        "run",
        "--interface", cfg.rasa_host,
        "--port", str(cfg.rasa_port),
        "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        "--endpoints", str(PROJECT_ROOT / "endpoints.yml"),
        "--model", model,
    ]
    # No ``--cors``: the socket.io channel checks origins and sends its CORS headers itself
    # (ALLOWED_ORIGINS); Sanic-CORS on top would add a second Access-Control-Allow-Origin
    # header, which browsers reject, breaking the widget's long-polling fallback.
    if cfg.rasa_api_token:
        args += ["--enable-api", "--auth-token", cfg.rasa_api_token]
    if cfg.log_level == "DEBUG":
        args.append("--debug")
    return args


def proxy_environment(cfg: Settings) -> Dict[str, str]:
    """Sanic's own setting (read from ``SANIC_*`` variables when Rasa creates its app): behind
    ``TRUSTED_PROXY_COUNT`` proxies, a client's address is the one the outermost trusted proxy
    appended to X-Forwarded-For; with none, forwarded headers are ignored (a client could forge them)."""
    return {"SANIC_PROXIES_COUNT": str(max(cfg.trusted_proxy_count, 0))}


def session_lengths_disagree(cfg: Settings) -> str:
    """A warning when Rasa's session expiry (domain) and the Redis TTL differ: the shorter one wins."""
    import yaml

    domain = yaml.safe_load((PROJECT_ROOT / "domain" / "core.yml").read_text(encoding="utf-8")) or {}
    minutes = (domain.get("session_config") or {}).get("session_expiration_time")
    if minutes is None or round(float(minutes) * 60) == cfg.session_ttl_seconds:
        return ""
    return (f"warning: session_expiration_time in domain/core.yml is {minutes} min but SESSION_TTL_SECONDS is "
            f"{cfg.session_ttl_seconds} s; conversations end after the shorter one (retrain after editing the domain)")


def run(args: argparse.Namespace) -> int:
    from bot import rasa_patches
    from bot.action_server import ActionServerTokenError, action_server_token
    from bot.privacy import log_privacy

    rasa_patches.install()  # refuses to start on any Rasa but the pinned one

    cfg = get_settings()
    warning = session_lengths_disagree(cfg)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    try:
        token = action_server_token(cfg)
    except ActionServerTokenError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 2
    # endpoints.yml reads both: the action server's URL and the secret it requires (sent as a header)
    os.environ.setdefault("ACTION_SERVER_URL", cfg.resolved_action_server_url)
    os.environ.update(proxy_environment(cfg))
    os.environ["ACTION_SERVER_TOKEN"] = token  # the resolved value, even if the variable was blank
    log_privacy.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *rasa_arguments(cfg, args.model)]
    rasa_main()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the Rasa server (socket.io channel on RASA_PORT)")
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models"), help="model file or folder (newest wins)")
    parser.set_defaults(func=run)
