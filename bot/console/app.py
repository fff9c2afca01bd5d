"""The console's Flask application (served by waitress, see ``python -m bot console serve``)."""
from __future__ import annotations

from typing import Optional

from flask import Flask, current_app, jsonify, make_response, redirect, url_for
from werkzeug.wrappers import Response

from core.health import readiness_answer, run_checks
from core.settings import Settings, get_settings
from core.storage.vault import LeadVault
from bot.archive.audit import ResidualAudit
from bot.console import compliance, security, signin, statistics
from bot.console.context import ConsoleContext
from bot.console.markup import mark_placeholders, short_time


def create_app(settings: Optional[Settings] = None, vault: Optional[LeadVault] = None,
               audit: Optional[ResidualAudit] = None) -> Flask:
    settings = settings or get_settings()
    app = Flask(__name__)
    app.extensions["diskret"] = ConsoleContext.build(settings, vault or LeadVault.from_settings(settings), audit)
    security.install(app, settings)
    app.jinja_env.filters.update(placeholders=mark_placeholders, short_time=short_time)
    app.jinja_env.globals["current_user"] = security.current_user
    for module in (signin, compliance, statistics):
        app.register_blueprint(module.blueprint)
    app.add_url_rule("/", "home", _home)
    app.add_url_rule("/health", "health", _health)
    app.add_url_rule("/ready", "ready", _ready)
    return app


def _health() -> Response:
    return jsonify(status="ok")


def _ready() -> Response:
    """The console needs its database (archive, vault, access log) and Redis (sessions)."""
    ctx: ConsoleContext = current_app.extensions["diskret"]
    states = run_checks({"database": ctx.archive.database.ping, "redis": ctx.sessions.ping})
    body, status = readiness_answer(states)
    return make_response(jsonify(body), status)


def _home() -> Response:
    user = security.current_user()
    if user is not None and user.role == "compliance":
        return redirect(url_for("compliance.conversations"))
    return redirect(url_for("statistics.index"))
