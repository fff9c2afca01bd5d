"""Server-side sessions: the cookie holds only a random id; the user and role are read again on every request."""
from __future__ import annotations

import hashlib
import re

import pytest
import redis
import yaml

from bot.console.users import UserStore
from tests.bot.console.conftest import csrf, sign_in

COOKIE = "diskret_console"


def cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def session_keys(settings):
    client = redis.Redis.from_url(settings.redis_url)
    return client, [key.decode() for key in client.scan_iter(match=f"{settings.redis_key_prefix}:console:session:*")]


def edit_users(settings, change) -> None:
    path = settings.console_users_file
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    change(data["users"])
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle)


def test_cookie_holds_only_a_random_id_and_redis_a_hash_of_it(compliance, console_settings):
    value = cookie(compliance)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", value), "256 random bits, nothing else"
    client, keys = session_keys(console_settings)
    digest = hashlib.sha256(value.encode()).hexdigest()
    assert keys == [f"{console_settings.redis_key_prefix}:console:session:{digest}"]
    assert value not in keys[0]
    assert 0 < client.ttl(keys[0]) <= console_settings.console_session_minutes * 60
    assert b"compliance" not in client.get(keys[0]), "the role is never stored, it comes from the users file"


def test_a_deleted_user_is_signed_out_at_once(compliance, console_settings):
    assert compliance.get("/conversations").status_code == 200
    edit_users(console_settings, lambda users: users.pop("alice"))
    response = compliance.get("/conversations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert session_keys(console_settings)[1] == [], "the dead session is removed, not kept until it expires"


def test_the_role_comes_from_the_users_file_not_the_cookie(compliance, console_settings):
    assert compliance.get("/conversations").status_code == 200
    edit_users(console_settings, lambda users: users["alice"].update(role="marketing"))
    assert compliance.get("/conversations").status_code == 403, "demoted at once"
    assert compliance.get("/stats/").status_code == 200


def test_a_password_reset_signs_out_existing_sessions(compliance, console_settings):
    UserStore(console_settings.console_users_file).add("alice", "compliance", "a brand new passphrase")
    assert compliance.get("/conversations").status_code == 302


def test_sign_out_deletes_the_server_side_session(app, compliance, console_settings):
    old = cookie(compliance)
    compliance.post("/logout", data={"csrf_token": csrf(compliance, "/stats/")})
    assert session_keys(console_settings)[1] == []
    replay = app.test_client()
    replay.set_cookie(COOKIE, old)
    assert replay.get("/conversations").status_code == 302, "a copied cookie is worthless after sign-out"


def test_sign_in_issues_a_new_id(app):
    client = app.test_client()
    client.get("/login")
    before = client.get_cookie(COOKIE)
    assert sign_in(client, "alice").status_code == 302
    assert before is None or before.value != cookie(client), "no session fixation"


def test_each_request_slides_the_expiry(compliance, console_settings):
    client, keys = session_keys(console_settings)
    client.expire(keys[0], 5)
    compliance.get("/stats/")
    assert client.ttl(keys[0]) > console_settings.console_session_minutes * 60 - 10


def test_an_expired_session_signs_out(compliance, console_settings):
    client, keys = session_keys(console_settings)
    client.delete(*keys)
    assert compliance.get("/stats/").status_code == 302


@pytest.mark.parametrize("forged", ["", "alice", "x" * 43, "eyJ1c2VyIjoiYWxpY2UiLCJyb2xlIjoiY29tcGxpYW5jZSJ9"])
def test_forged_cookies_do_not_sign_in(app, forged):
    client = app.test_client()
    client.set_cookie(COOKIE, forged)
    assert client.get("/conversations").status_code == 302


def test_csrf_token_is_bound_to_the_session(app, compliance):
    other = app.test_client()
    assert sign_in(other, "mark").status_code == 302
    foreign = csrf(other, "/stats/")
    assert compliance.post("/audit/run", data={"csrf_token": foreign}).status_code == 400
    assert compliance.post("/audit/run", data={"csrf_token": csrf(compliance, "/audit")}).status_code == 200
