"""A stand-in CRM on 127.0.0.1, and the reference verifier docs/operations.md asks CRMs to implement."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List, Optional, Tuple

import pytest

from core.storage.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER

SECRET = "test-webhook-secret"
TOLERANCE_SECONDS = 300


def verify(headers: dict, body: bytes, secret: str = SECRET, now: Optional[float] = None,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What the CRM does: recompute the signature over "<timestamp>." + body, refuse stale timestamps."""
    try:
        timestamp = int(headers[TIMESTAMP_HEADER])
        signature = headers[SIGNATURE_HEADER]
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, expected)


class CRM:
    """A local HTTP server answering with scripted status codes and recording requests."""

    def __init__(self, statuses: List[int]) -> None:
        self.statuses = statuses
        self.release = threading.Event()
        self.release.set()
        self.requests: List[Tuple[dict, bytes]] = []
        self.done = threading.Event()
        crm = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                crm.release.wait(10)
                crm.requests.append((dict(self.headers), body))
                status = crm.statuses[min(len(crm.requests), len(crm.statuses)) - 1]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if len(crm.requests) >= len(crm.statuses):
                    crm.done.set()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/leads"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> List[dict]:
        return [json.loads(body) for _, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def crm_factory() -> Iterator:
    servers: List[CRM] = []

    def make(statuses: List[int]) -> CRM:
        servers.append(CRM(statuses))
        return servers[-1]

    yield make
    for server in servers:
        server.close()
