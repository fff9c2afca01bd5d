"""The nginx configuration for several Rasa servers behind one address (``deploy/nginx/diskret.conf``)."""
from __future__ import annotations

import re
from typing import Sequence

from core.settings import PROJECT_ROOT

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "diskret.conf"
COOKIE = "diskret_backend"
# IP addresses, because stickiness matches the address nginx reports in $upstream_addr
_BACKEND = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$")
_LISTEN = re.compile(r"^[A-Za-z0-9.:\[\]]+(?: ssl)?(?: http2)?$")


def render_nginx_site(backends: Sequence[str], listen: str) -> str:
    """The template with its placeholders filled; ``backends`` are the Rasa servers' ``ip:port``."""
    if not backends:
        raise ValueError("at least one backend (host:port) is needed")
    for backend in backends:
        if not _BACKEND.match(backend):
            raise ValueError(f"a backend must be ip:port, not {backend!r}")
    if not _LISTEN.match(listen):
        raise ValueError(f"not an nginx listen address: {listen!r}")
    values = {
        "SERVERS": "\n".join(f"    server {backend};" for backend in backends),
        "SINGLES": "\n".join(f"upstream diskret_{i} {{ server {backend}; }}" for i, backend in enumerate(backends)),
        "BY_COOKIE": "\n".join(f'    "{i}" diskret_{i};' for i in range(len(backends))),
        "BY_UPSTREAM": "\n".join(f'    "~{re.escape(backend)}$" {i};' for i, backend in enumerate(backends)),
        "LISTEN": listen,
    }
    return re.sub(r"@([A-Z_]+)@", lambda match: values[match.group(1)], TEMPLATE.read_text(encoding="utf-8"))
