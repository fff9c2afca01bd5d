"""The session cookie, CSRF, security headers and the role check that guards every route.

Every endpoint needs a signed-in user; marketing staff reach only ``MARKETING_ENDPOINTS``.
The check runs before each request, so a new route is closed until listed. The user and
their role are looked up in the users file on every request (the session, kept server-side
by ``sessions``, only says who signed in), so removing or demoting someone takes effect at once.
"""
from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from flask import Flask, abort, current_app, g, redirect, request, url_for
from redis.exceptions import RedisError
from werkzeug.wrappers import Response

from core.settings import PROJECT_ROOT, Settings
from bot.console.sessions import new_id, well_formed
from bot.console.users import User
from core.secret_files import shared_secret

if TYPE_CHECKING:
    from bot.console.context import ConsoleContext

DEV_SECRET_FILE = PROJECT_ROOT / "var" / "console-secret.key"
PUBLIC_ENDPOINTS = frozenset({"signin.login", "static"})
PROBE_ENDPOINTS = frozenset({"health", "ready"})  # for load balancers: no session, cookie or CSRF involved
MARKETING_ENDPOINTS = frozenset({"signin.logout", "statistics.index", "statistics.chart", "statistics.csv", "home"})
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
COOKIE = "diskret_console"
# Sent only when cookies are Secure, i.e. the console is reached over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def secret_key(settings: Settings, dev_file: Path = DEV_SECRET_FILE) -> str:
    """``CONSOLE_SECRET_KEY`` (it keys the CSRF tokens), or in development a generated key kept in ``var/``."""
    if settings.console_secret_key:
        return settings.console_secret_key
    if not settings.is_development:
        raise RuntimeError("CONSOLE_SECRET_KEY must be set outside development")
    return shared_secret(dev_file, lambda: secrets.token_urlsafe(48))[0]


def secure_cookie(settings: Settings) -> bool:
    """``CONSOLE_SECURE_COOKIE`` true/false, or "auto": Secure unless bound to localhost."""
    if settings.console_secure_cookie in ("true", "1", "yes"):
        return True
    if settings.console_secure_cookie in ("false", "0", "no"):
        return False
    return settings.console_host not in LOCAL_HOSTS


def _ctx() -> "ConsoleContext":
    return current_app.extensions["diskret"]


def current_user() -> Optional[User]:
    """The signed-in user as the users file describes them right now, or None."""
    return g.get("user")


def _use_session(session_id: Optional[str]) -> None:
    """Make ``session_id`` this browser's id from this response on (None: drop the cookie)."""
    g.session_id = session_id
    g.send_cookie = True


def csrf_token() -> str:
    """The token forms must send back; a visitor without an id gets one (no server record)."""
    if g.get("session_id") is None:
        _use_session(new_id())
    return _ctx().sessions.csrf_token(g.session_id)


def sign_in(user: User) -> None:
    """Start a server-side session for ``user`` under a new id, ending whatever the browser had."""
    sessions = _ctx().sessions
    if g.get("session_id"):
        sessions.delete(g.session_id)
    _use_session(sessions.create(user.name, user.credential))
    g.user = user


def sign_out() -> None:
    """Delete the server-side session, so the cookie is worthless even if it was copied."""
    if g.get("session_id"):
        _ctx().sessions.delete(g.session_id)
    _use_session(None)
    g.user = None


def _signed_in_user(session_id: Optional[str]) -> Optional[User]:
    """The session's user, re-read from the users file; a session whose user was removed or
    whose password was reset since is deleted on the spot."""
    ctx = _ctx()
    try:
        record = ctx.sessions.load(session_id) if session_id else None
    except RedisError:
        abort(503, "the session store is unavailable; try again shortly")
    if record is None:
        return None
    user = ctx.users.get(record.user)
    if user is None or not hmac.compare_digest(user.credential, record.credential):
        sign_out()
        return None
    g.send_cookie = True  # slide the cookie's expiry along with the record's
    return user


def install(app: Flask, settings: Settings) -> None:
    """Configure the cookie and register the request guards on ``app``.

    No ``SECRET_KEY`` is set: Flask's own cookie session stays unusable, so nothing can put
    state into a cookie by accident.
    """
    app.config.update(MAX_CONTENT_LENGTH=64 * 1024)
    cookie = {"httponly": True, "samesite": "Strict", "secure": secure_cookie(settings), "path": "/"}
    lifetime = settings.console_session_minutes * 60
    headers = dict(HEADERS, **({"Strict-Transport-Security": HSTS} if cookie["secure"] else {}))

    def send_cookie(response: Response) -> Response:
        if g.get("send_cookie"):
            if g.session_id is None:
                response.delete_cookie(COOKIE, **cookie)
            else:
                response.set_cookie(COOKIE, g.session_id, max_age=lifetime if g.get("user") else None, **cookie)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(_guard)
    app.after_request(send_cookie)


def _guard() -> Optional[Response]:
    if request.endpoint in PROBE_ENDPOINTS and request.method in ("GET", "HEAD"):
        g.session_id = None
        return None
    session_id = request.cookies.get(COOKIE)
    g.session_id = session_id if well_formed(session_id) else None
    g.user = _signed_in_user(g.session_id)
    if request.method == "POST":
        sent = request.form.get("csrf_token", "")
        if g.session_id is None or not hmac.compare_digest(sent, _ctx().sessions.csrf_token(g.session_id)):
            abort(400, "invalid or missing CSRF token; reload the page")
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if g.user is None:
        if request.endpoint is None:
            abort(404)
        return redirect(url_for("signin.login", next=request.path))
    if g.user.role != "compliance" and request.endpoint not in MARKETING_ENDPOINTS:
        abort(403)
    return None
