"""The console's probes for load balancers: no sign-in, no cookie, and nothing but each part's state."""
from __future__ import annotations

from dataclasses import replace

from bot.console.app import create_app


def test_health_and_readiness_need_no_sign_in_and_set_no_cookie(app):
    client = app.test_client()
    health = client.get("/health")
    assert health.status_code == 200 and health.get_json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200, ready.get_data(as_text=True)
    assert ready.get_json() == {"ready": True, "checks": {"database": True, "redis": True}}
    assert "Set-Cookie" not in health.headers and "Set-Cookie" not in ready.headers


def test_readiness_names_the_part_that_is_down(console_settings, vault):
    app = create_app(replace(console_settings, redis_url="redis://127.0.0.1:9/0"), vault)
    answer = app.test_client().get("/ready")
    assert answer.status_code == 503
    assert answer.get_json() == {"ready": False, "checks": {"database": True, "redis": False}}


def test_the_probes_are_the_only_open_pages(app):
    client = app.test_client()
    assert client.get("/conversations").status_code == 302, "everything else still asks to sign in"
