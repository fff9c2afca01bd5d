"""``python -m bot actions``: without its shared secret outside development it refuses to start."""
from __future__ import annotations

import argparse

from sanic import Sanic

from bot.cli import actions
from bot.privacy import log_privacy
from core.settings import Settings


def test_refuses_to_start_in_production_without_a_token(monkeypatch, capsys):
    def started(*args, **kwargs):
        raise AssertionError("the action server started without a token")

    monkeypatch.setattr(Sanic, "run", started)
    monkeypatch.setattr(log_privacy, "install", lambda: None)
    monkeypatch.setattr(actions, "get_settings", lambda: Settings(environment="production"))
    assert actions.run(argparse.Namespace()) == 2
    assert "ACTION_SERVER_TOKEN is not set" in capsys.readouterr().err
