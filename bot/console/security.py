"""Sessions, CSRF, security headers and the role check that guards every route.

Every endpoint needs a signed-in user; marketing staff reach only ``MARKETING_ENDPOINTS``.
The check runs before each request, so a new route is closed until listed.
"""
from __future__ import annotations

import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Optional

from flask import Flask, abort, redirect, request, session, url_for
from werkzeug.wrappers import Response

from core.settings import PROJECT_ROOT, Settings

DEV_SECRET_FILE = PROJECT_ROOT / "var" / "console-secret.key"
PUBLIC_ENDPOINTS = frozenset({"signin.login", "static"})
MARKETING_ENDPOINTS = frozenset({"signin.logout", "statistics.index", "statistics.chart", "statistics.csv", "home"})
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def secret_key(settings: Settings, dev_file: Path = DEV_SECRET_FILE) -> str:
    """``CONSOLE_SECRET_KEY``, or in development a generated key kept in ``var/``."""
    if settings.console_secret_key:
        return settings.console_secret_key
    if not settings.is_development:
        raise RuntimeError("CONSOLE_SECRET_KEY must be set outside development")
    if not dev_file.exists():
        dev_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(dev_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return dev_file.read_text().strip()


def secure_cookie(settings: Settings) -> bool:
    """``CONSOLE_SECURE_COOKIE`` true/false, or "auto": Secure unless bound to localhost."""
    if settings.console_secure_cookie in ("true", "1", "yes"):
        return True
    if settings.console_secure_cookie in ("false", "0", "no"):
        return False
    return settings.console_host not in LOCAL_HOSTS


def current_user() -> Optional[str]:
    return session.get("user")


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def install(app: Flask, settings: Settings) -> None:
    """Configure sessions and register the request guards on ``app``."""
    app.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_NAME="diskret_console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure_cookie(settings),
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.console_session_minutes),
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_guard)
    app.after_request(_headers)


def _guard() -> Optional[Response]:
    if request.method == "POST":
        sent = request.form.get("csrf_token", "")
        if "csrf" not in session or not hmac.compare_digest(sent, session["csrf"]):
            abort(400, "invalid or missing CSRF token; reload the page")
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user() is None:
        if request.endpoint is None:
            abort(404)
        return redirect(url_for("signin.login", next=request.path))
    if session.get("role") != "compliance" and request.endpoint not in MARKETING_ENDPOINTS:
        abort(403)
    return None


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
