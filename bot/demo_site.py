"""The demo agency website (``site/``) with the chat widget, started by ``python -m bot site``.

Serves the files in ``site/`` and the built widget (``widget/dist/widget.js`` at
``/widget.js``) with strict security headers: a Content-Security-Policy that lets pages
talk only to this server and the Rasa server, no framing, no sniffing, no referrer. Only
regular files inside ``site/`` are served: no directory listings, no dot files, nothing
outside (``..``, encoded slashes and symlinks are refused). The widget's ``data-server``
and the retention numbers in its notice are filled in from the settings on the fly, so
the same HTML works against any Rasa port.
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional
from urllib.parse import unquote, urlsplit

from core.settings import PROJECT_ROOT, Settings

SITE_ROOT = PROJECT_ROOT / "site"
WIDGET_FILE = PROJECT_ROOT / "widget" / "dist" / "widget.js"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}
WIDGET_TAG = re.compile(r'<script\b[^>]*\bsrc="/widget\.js"[^>]*>')


@dataclass(frozen=True)
class SiteConfig:
    rasa_url: str
    session_minutes: int = 30
    transcript_days: int = 30
    lead_days: int = 180
    max_chars: int = 2000
    site_root: Path = SITE_ROOT
    widget_file: Path = WIDGET_FILE

    @classmethod
    def from_settings(cls, cfg: Settings, rasa_url: Optional[str] = None) -> "SiteConfig":
        return cls(
            rasa_url=origin(rasa_url or default_rasa_url(cfg)),
            session_minutes=max(1, cfg.session_ttl_seconds // 60),
            transcript_days=cfg.transcript_retention_days,
            lead_days=cfg.lead_retention_days,
            max_chars=cfg.max_message_chars,
        )

    def widget_attributes(self) -> Dict[str, str]:
        return {
            "data-server": self.rasa_url,
            "data-session-minutes": str(self.session_minutes),
            "data-transcript-days": str(self.transcript_days),
            "data-lead-days": str(self.lead_days),
            "data-max-chars": str(self.max_chars),
        }


def default_rasa_url(cfg: Settings) -> str:
    host = cfg.rasa_host if cfg.rasa_host not in ("", "0.0.0.0", "::") else "127.0.0.1"
    return f"http://{host}:{cfg.rasa_port}"


def origin(url: str) -> str:
    """``scheme://host:port`` of an http(s) URL; anything else is refused."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        raise ValueError(f"the Rasa server URL must be http(s)://host:port, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(rasa_url: str) -> str:
    server = origin(rasa_url)
    socket = ("wss" if server.startswith("https:") else "ws") + server[server.index(":"):]
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {server} {socket}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(config: SiteConfig) -> Dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(config.rasa_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cache-Control": "no-cache",
    }


# <span data-diskret="lead_days">180</span>: a figure of the privacy notice that follows the settings
SETTING_SPAN = re.compile(r'(<span data-diskret="(\w+)">)([^<]*)(</span>)')


def _set_attribute(tag: str, name: str, value: str) -> str:
    attribute = f'{name}="{html.escape(value, quote=True)}"'
    pattern = re.compile(rf'\s{re.escape(name)}="[^"]*"')
    if pattern.search(tag):
        return pattern.sub(lambda _: " " + attribute, tag, count=1)
    return tag[:-1] + " " + attribute + ">"


def render_html(text: str, config: SiteConfig) -> str:
    """The page with the widget's script tag pointed at the configured Rasa server, and the
    retention periods the privacy notice states taken from the running configuration."""
    def configure(match: "re.Match[str]") -> str:
        tag = match.group(0)
        for name, value in config.widget_attributes().items():
            tag = _set_attribute(tag, name, value)
        return tag

    figures = {"session_minutes": config.session_minutes, "transcript_days": config.transcript_days,
               "lead_days": config.lead_days}
    text = SETTING_SPAN.sub(lambda m: f"{m.group(1)}{figures.get(m.group(2), m.group(3))}{m.group(4)}", text)
    return WIDGET_TAG.sub(configure, text)


def resolve(request_path: str, config: SiteConfig) -> Optional[Path]:
    """The file a request path names, or ``None`` if it names nothing servable."""
    path = unquote(urlsplit(request_path).path)
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    if path == "/widget.js":
        return config.widget_file if config.widget_file.is_file() else None
    if path == "/":
        path = "/index.html"
    parts = [part for part in path.split("/") if part]
    if not parts or any(part.startswith(".") for part in parts):
        return None
    root = config.site_root.resolve()
    candidate = root.joinpath(*parts).resolve()
    if root not in candidate.parents or not candidate.is_file() or candidate.suffix not in CONTENT_TYPES:
        return None
    return candidate


class SiteHandler(BaseHTTPRequestHandler):
    server_version = "Diskret-site"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, config: SiteConfig, **kwargs) -> None:
        self.config = config
        super().__init__(*args, **kwargs)

    def version_string(self) -> str:
        return self.server_version

    def end_headers(self) -> None:
        for name, value in security_headers(self.config).items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        target = resolve(self.path, self.config)
        if target is None:
            self.send_error(404, "Not found")
            return
        body = target.read_bytes()
        if target.suffix == ".html":
            body = render_html(body.decode("utf-8"), self.config).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES[target.suffix])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_request(self, code: object = "-", size: object = "-") -> None:
        # no client addresses and no query strings in the log
        sys.stderr.write(f"site: {self.command} {urlsplit(self.path).path[:200]} {code}\n")

    def log_error(self, format: str, *args: object) -> None:
        pass


def make_server(config: SiteConfig, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), partial(SiteHandler, config=config))
    server.daemon_threads = True
    return server
