"""``python -m bot serve`` arguments: HTTP API only behind a token, CORS left to the socket.io channel."""
from __future__ import annotations

from core.settings import Settings
from bot.cli import serve
from bot.cli.serve import rasa_arguments


def test_api_is_off_without_a_token():
    args = rasa_arguments(Settings(), "models")
    assert "--enable-api" not in args and "--auth-token" not in args


def test_api_needs_the_token():
    args = rasa_arguments(Settings(rasa_api_token="s3cret"), "models")
    assert "--enable-api" in args and args[args.index("--auth-token") + 1] == "s3cret"


def test_no_second_cors_layer():
    """Sanic-CORS would add a second Access-Control-Allow-Origin to socket.io responses, which browsers reject."""
    assert "--cors" not in rasa_arguments(Settings(), "models")


def test_forwarded_addresses_are_trusted_only_behind_configured_proxies():
    assert serve.proxy_environment(Settings()) == {"SANIC_PROXIES_COUNT": "0"}
    assert serve.proxy_environment(Settings(trusted_proxy_count=1)) == {"SANIC_PROXIES_COUNT": "1"}


def test_session_lengths_that_disagree_are_named():
    from bot.cli.serve import session_lengths_disagree

    assert session_lengths_disagree(Settings(session_ttl_seconds=1800)) == ""  # the domain's 30 minutes
    warning = session_lengths_disagree(Settings(session_ttl_seconds=600))
    assert "30 min" in warning and "600 s" in warning


def serve_with(monkeypatch, settings: Settings, started) -> int:
    """``python -m bot serve`` up to the point where Rasa would start (``started`` stands in for it)."""
    import argparse

    import rasa.__main__

    from bot import rasa_patches
    from bot.cli import serve
    from bot.privacy import log_privacy

    monkeypatch.setattr(rasa_patches, "install", lambda: None)
    monkeypatch.setattr(log_privacy, "install", lambda: None)
    monkeypatch.setattr(rasa.__main__, "main", started)
    monkeypatch.setattr(serve, "get_settings", lambda: settings)
    monkeypatch.setattr("sys.argv", ["python -m bot"])
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")  # restored afterwards
    return serve.run(argparse.Namespace(model="models"))


def test_refuses_to_start_in_production_without_the_action_server_token(monkeypatch, capsys):
    def started():
        raise AssertionError("Rasa started without the action server's token")

    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    assert serve_with(monkeypatch, Settings(environment="production"), started) == 2
    assert "ACTION_SERVER_TOKEN is not set" in capsys.readouterr().err


def test_hands_the_token_to_endpoints_yml(monkeypatch):
    import os

    seen = {}
    monkeypatch.setenv("ACTION_SERVER_TOKEN", " ")  # blank: settings ignore it, endpoints.yml must not send it
    assert serve_with(monkeypatch, Settings(action_server_token="shared"), lambda: seen.update(os.environ)) == 0
    assert seen["ACTION_SERVER_TOKEN"] == "shared"
