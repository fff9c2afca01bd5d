"""The action server's lockdown: the shared secret, where it comes from, and the request check."""
from __future__ import annotations

import asyncio
import json
import logging
import stat
import threading

import pytest
from prometheus_client import REGISTRY
from rasa.utils.endpoints import read_endpoint_config
from redis.exceptions import ConnectionError as RedisConnectionError
from sanic import Sanic
from sanic.compat import Header
from sanic.request import Request
from sqlalchemy.exc import OperationalError

from bot import action_server
from bot.action_server import ActionServerTokenError, action_server_token, require_token
from core.health import readiness_answer, run_checks
from core.settings import PROJECT_ROOT, Settings
from core.storage.database import Database

TOKEN = "s3cret-shared-token"


def request(method: str, path: str, **headers: str) -> Request:
    return Request(path.encode(), Header(headers), "1.1", method, None, None)


def check(method: str, path: str, **headers: str):
    return asyncio.run(require_token(TOKEN)(request(method, path, **headers)))


def test_the_configured_token_wins(tmp_path):
    token_file = tmp_path / "action-server.token"
    assert action_server_token(Settings(action_server_token="configured"), token_file) == "configured"
    assert not token_file.exists()


def test_production_refuses_to_start_without_a_token(tmp_path):
    token_file = tmp_path / "action-server.token"
    with pytest.raises(ActionServerTokenError, match="ACTION_SERVER_TOKEN is not set"):
        action_server_token(Settings(environment="production"), token_file)
    assert not token_file.exists(), "no generated token outside development"


def test_development_generates_one_private_token(tmp_path):
    token_file = tmp_path / "var" / "action-server.token"
    token = action_server_token(Settings(), token_file)
    assert len(token) >= 32
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert action_server_token(Settings(), token_file) == token, "the second server reads the first one's token"
    assert [path.name for path in token_file.parent.iterdir()] == [token_file.name], "no temporary file left"


def test_servers_starting_together_share_one_token(tmp_path):
    """``make run`` starts both servers at once: neither may read a half-written file or write its own."""
    for attempt in range(20):
        token_file = tmp_path / f"attempt-{attempt}" / "action-server.token"
        start = threading.Barrier(8)
        tokens = []

        def server() -> None:
            start.wait()
            tokens.append(action_server_token(Settings(), token_file))

        threads = [threading.Thread(target=server) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(tokens)) == 1 and tokens[0], tokens


def test_an_emptied_token_file_is_named(tmp_path):
    token_file = tmp_path / "action-server.token"
    token_file.write_text("\n")
    with pytest.raises(ActionServerTokenError, match="is empty"):
        action_server_token(Settings(), token_file)


def test_health_needs_no_token():
    assert check("GET", "/health") is None


@pytest.mark.parametrize("method, path", [("POST", "/webhook"), ("GET", "/actions"), ("POST", "/health")])
def test_every_other_request_needs_the_token(method, path):
    refused = check(method, path)
    assert refused.status == 401
    assert json.loads(refused.body) == {"error": "authorization required"}
    assert refused.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("authorization", ["Bearer wrong", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer ünï"])
def test_a_wrong_token_is_forbidden(authorization):
    refused = check("POST", "/webhook", authorization=authorization)
    assert refused.status == 403 and json.loads(refused.body) == {"error": "forbidden"}


@pytest.mark.parametrize("authorization", [TOKEN, f"Basic {TOKEN}", "Bearer ", "Bearer"])
def test_anything_but_a_bearer_token_is_unauthorised(authorization):
    assert check("POST", "/webhook", authorization=authorization).status == 401


def test_a_token_in_the_query_string_is_not_accepted():
    assert check("POST", f"/webhook?token={TOKEN}").status == 401


def test_the_right_token_passes():
    assert check("POST", "/webhook", authorization=f"Bearer {TOKEN}") is None
    assert check("GET", "/actions", authorization=f"bearer {TOKEN}") is None


def test_a_refusal_is_logged_without_token_or_query(caplog):
    with caplog.at_level(logging.WARNING, logger=action_server.__name__):
        check("POST", "/webhook?token=query-secret", authorization="Bearer guessed-secret")
    assert "refused POST /webhook" in caplog.text
    assert "guessed-secret" not in caplog.text and "query-secret" not in caplog.text


def test_the_rasa_server_sends_the_token_as_a_header(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", TOKEN)
    endpoint = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "action_endpoint")
    assert endpoint.headers == {"Authorization": f"Bearer {TOKEN}"}
    assert endpoint.token is None and not endpoint.params, "never in the URL, where access logs would keep it"


def started_on(monkeypatch, settings: Settings):
    """Where ``serve`` would listen; ``Sanic.run`` is stood in for."""
    calls = []
    monkeypatch.setattr(Sanic, "test_mode", True)  # rasa-sdk names every app "rasa_sdk"
    monkeypatch.setattr(Sanic, "run", lambda self, host, port, **kwargs: calls.append((host, port)))
    action_server.serve(settings)
    return calls


def test_listens_on_loopback_by_default(monkeypatch):
    assert started_on(monkeypatch, Settings(action_server_token=TOKEN)) == [("127.0.0.1", 5055)]


def test_another_address_is_the_operators_choice(monkeypatch):
    settings = Settings(action_server_token=TOKEN, action_host="10.0.0.5", action_port=6055)
    assert started_on(monkeypatch, settings) == [("10.0.0.5", 6055)]


def test_a_failed_action_is_answered_without_the_request(monkeypatch, caplog):
    """rasa-sdk's own handler answers a failing action with ``request_body``: the whole tracker."""
    monkeypatch.setattr(Sanic, "test_mode", True)  # several apps of one name in a test process
    app = action_server.create_app(Settings(action_server_token=TOKEN))
    handler = app.error_handler.lookup(RuntimeError("an action broke"), None)
    assert handler is action_server.private_server_error
    with caplog.at_level(logging.ERROR):
        answer = asyncio.run(handler(request("POST", "/webhook"), RuntimeError("canary-7f3a in the tracker")))
    assert answer.status == 500
    assert json.loads(answer.body) == {"error": "an action failed; see the action server's log"}
    assert "canary-7f3a" not in caplog.text and "RuntimeError" in caplog.text


def test_readiness_needs_no_token_and_names_each_part(tmp_path):
    assert check("GET", "/ready") is None
    database = Database(f"sqlite:///{tmp_path / 'vault.sqlite3'}")
    checks = action_server.readiness_checks(Settings(redis_url="redis://127.0.0.1:9/0"), database, actions=12)
    assert run_checks(checks) == {"actions": True, "redis": False, "database": True}
    assert readiness_answer(run_checks(checks))[1] == 503
    assert run_checks(action_server.readiness_checks(Settings(), database, actions=0))["actions"] is False


@pytest.mark.parametrize("error, store", [
    (RedisConnectionError("down"), "redis"),
    (OperationalError("select", {}, Exception("down")), "database"),
    (RuntimeError("a bug"), None),
])
def test_an_action_that_could_not_reach_a_store_is_counted(error, store):
    """``diskret_store_errors_total`` covers the action server's stores too; other failures are not store errors."""
    samples = {name: REGISTRY.get_sample_value("diskret_store_errors_total", {"store": name}) or 0.0
               for name in ("redis", "database")}
    asyncio.run(action_server.private_server_error(request("POST", "/webhook"), error))
    assert {name: REGISTRY.get_sample_value("diskret_store_errors_total", {"store": name}) or 0.0
            for name in samples} == {name: value + (name == store) for name, value in samples.items()}
