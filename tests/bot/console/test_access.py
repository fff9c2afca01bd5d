"""Nothing without signing in; marketing sees statistics only; CSRF, throttling, cookies and headers."""
from __future__ import annotations

import pytest

from tests.bot.console.conftest import csrf, sign_in
from bot.console.security import PROBE_ENDPOINTS

MARKETING_PATHS = ("/", "/stats/", "/stats/chart/per_week.png", "/stats/statistics.csv")


def concrete_routes(app):
    """Every GET/POST route with sample arguments filled in."""
    samples = {"conversation_id": "conv-1", "finding_id": "1", "name": "per_week", "filename": "console.css"}
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<{argument}>", samples[argument]).replace(f"<int:{argument}>", samples[argument])
        for method in rule.methods & {"GET", "POST"}:
            yield rule.endpoint, method, path


def test_every_route_requires_sign_in(app):
    client = app.test_client()
    checked = 0
    for endpoint, method, path in concrete_routes(app):
        if endpoint in ("signin.login", "static", *PROBE_ENDPOINTS):  # the probes: tests/bot/console/test_probes.py
            continue
        if method == "POST":
            response = client.post(path, data={"csrf_token": csrf(client)})
        else:
            response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (method, path)
        checked += 1
    assert checked >= 15


def test_marketing_sees_statistics_only(app, marketing, writer):
    from tests.bot.archive.support import conversation

    writer.write(conversation("conv-1"))
    token = csrf(marketing, "/stats/")
    for endpoint, method, path in concrete_routes(app):
        if endpoint in ("signin.login", "static", "signin.logout", *PROBE_ENDPOINTS) or path in MARKETING_PATHS:
            continue
        response = marketing.post(path, data={"csrf_token": token}) if method == "POST" else marketing.get(path)
        assert response.status_code == 403, (method, path)
    for path in MARKETING_PATHS:
        assert marketing.get(path).status_code in (200, 302), path


def test_wrong_password_and_rate_limit(app):
    client = app.test_client()
    for _ in range(5):
        response = client.post("/login", data={"username": "alice", "password": "wrong", "csrf_token": csrf(client)})
        assert response.status_code == 401
    assert sign_in(client, "alice").status_code == 429, "blocked even with the right password"
    assert sign_in(app.test_client(), "mark").status_code == 302, "other users are not affected"


def test_post_without_csrf_token_is_refused(compliance):
    assert compliance.post("/audit/run").status_code == 400
    assert compliance.post("/audit/run", data={"csrf_token": "forged"}).status_code == 400


def test_session_cookie_and_security_headers(app):
    client = app.test_client()
    response = client.get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie, "bound to 127.0.0.1 by default: no TLS there"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("setting, host, secure", [("auto", "0.0.0.0", True), ("true", "127.0.0.1", True),
                                                   ("false", "0.0.0.0", False)])
def test_secure_cookie_setting(console_settings, setting, host, secure):
    from dataclasses import replace

    from bot.console.security import secure_cookie

    assert secure_cookie(replace(console_settings, console_secure_cookie=setting, console_host=host)) is secure


@pytest.mark.parametrize("setting, host, sent", [("true", "127.0.0.1", True), ("auto", "0.0.0.0", True),
                                                 ("auto", "127.0.0.1", False), ("false", "0.0.0.0", False)])
def test_hsts_only_with_secure_cookies(console_settings, vault, setting, host, sent):
    from dataclasses import replace

    from bot.console.app import create_app

    app = create_app(replace(console_settings, console_secure_cookie=setting, console_host=host), vault)
    for path in ("/login", "/stats/", "/static/console.css"):
        header = app.test_client().get(path).headers.get("Strict-Transport-Security")
        assert header == ("max-age=31536000; includeSubDomains" if sent else None), (setting, host, path)
