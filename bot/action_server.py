"""The action server, locked down: it decrypts leads, so only the Rasa server may call it.

rasa-sdk's own ``run`` binds 0.0.0.0, asks for no credentials and reflects any CORS origin.
Here the same app (``rasa_sdk.endpoint.create_app``) listens on ``ACTION_HOST`` (loopback
unless the operator chooses otherwise), allows no CORS origin (it is called server to
server only), answers a failed action without echoing the request (rasa-sdk's handler returns
the whole tracker), and refuses every request but ``GET /health`` and ``GET /ready`` that lacks
``Authorization: Bearer <ACTION_SERVER_TOKEN>``. The Rasa server sends that header from
``endpoints.yml``; a header rather than Rasa's ``token`` query parameter, so the secret
never appears in a URL or an access log. ``GET /ready`` checks what the actions need (their
registration, Redis and the lead vault's database); the process's metrics are served on
``METRICS_HOST:ACTION_METRICS_PORT``.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from pathlib import Path
from typing import Awaitable, Callable, Dict, Optional

from redis.exceptions import RedisError
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from rasa_sdk.executor import ActionExecutor

from core.health import Check, readiness_answer, redis_answers, run_checks
from core.metrics import STORE_ERRORS, serve_metrics
from core.secret_files import shared_secret
from core.storage.database import Database
from core.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

TOKEN_FILE = PROJECT_ROOT / "var" / "action-server.token"
ACTION_PACKAGE = "actions"
OPEN_ROUTES = frozenset({("GET", "/health"), ("GET", "/ready")})

Middleware = Callable[[Request], Awaitable[Optional[HTTPResponse]]]


class ActionServerTokenError(RuntimeError):
    """No usable shared secret; raised at start-up, never with a token in it."""


def action_server_token(settings: Settings, token_file: Path = TOKEN_FILE) -> str:
    """``ACTION_SERVER_TOKEN``; in development without it, the token both servers share through ``var/``."""
    if settings.action_server_token:
        return settings.action_server_token
    if not settings.is_development:
        raise ActionServerTokenError(
            f"ACTION_SERVER_TOKEN is not set; the action server and the Rasa server refuse to start without "
            f"the shared secret outside development (DISKRET_ENV={settings.environment!r}). Set the same "
            f"value for both, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    return _shared_development_token(token_file)


def _shared_development_token(path: Path) -> str:
    """The token both servers share in development (see ``core.secret_files``)."""
    token, created = shared_secret(path)
    if created:
        logger.warning("No ACTION_SERVER_TOKEN set: generated a development token in %s", path)
    if not token:
        raise ActionServerTokenError(f"{path} is empty; delete it and restart both servers")
    return token


def _refuse(request: Request, status: int, reason: str) -> HTTPResponse:
    """The refusal, logged with method and path only: never the token, the query or the body."""
    logger.warning("Action server refused %s %s: %s", request.method, request.path, reason)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return response.json({"error": reason}, status=status, headers=headers)


def require_token(token: str) -> Middleware:
    """Sanic request middleware: every request but the probes needs ``Authorization: Bearer <token>``."""
    expected = token.encode("utf-8")

    async def check(request: Request) -> Optional[HTTPResponse]:
        if (request.method, request.path) in OPEN_ROUTES:
            return None
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return _refuse(request, 401, "authorization required")
        if not hmac.compare_digest(given.strip().encode("utf-8"), expected):
            return _refuse(request, 403, "forbidden")
        return None

    return check


async def private_server_error(request: Request, exception: Exception) -> HTTPResponse:
    """A failed action, answered without rasa-sdk's echo of the request body (the whole tracker)."""
    logger.error("An action failed (%s) on %s %s", type(exception).__name__, request.method, request.path)
    store = unreachable_store(exception)
    if store is not None:
        STORE_ERRORS.labels(store).inc()
    return response.json({"error": "an action failed; see the action server's log"}, status=500)


def unreachable_store(error: Exception) -> Optional[str]:
    """The store whose failure broke an action (``diskret_store_errors_total``'s label), else None."""
    if isinstance(error, RedisError):
        return "redis"
    if isinstance(error, SQLAlchemyError):
        return "database"
    return None


def readiness_checks(settings: Settings, database: Database, actions: int) -> Dict[str, Check]:
    """What the actions need: themselves registered, Redis (form state) and the vault's database."""
    return {"actions": lambda: actions > 0, "redis": lambda: redis_answers(settings.redis_url), "database": database.ping}


def create_app(settings: Settings) -> Sanic:
    """rasa-sdk's app with Diskret's actions, no CORS origin allowed, and the token check in front."""
    from rasa_sdk import endpoint

    token = action_server_token(settings)
    # rasa-sdk always installs Sanic-CORS; with no origins, no Origin ever matches, so no
    # Access-Control-Allow-Origin is sent (its default "*" would reflect every origin).
    app = endpoint.create_app(ACTION_PACKAGE, cors_origins=None, auto_reload=False)
    app.register_middleware(require_token(token), "request")
    app.exception(Exception)(private_server_error)  # replaces rasa-sdk's handler, which echoes the body
    executor = ActionExecutor()
    executor.register_package(ACTION_PACKAGE)
    checks = readiness_checks(settings, Database(settings.database_url), len(executor.actions))

    async def ready(_: Request) -> HTTPResponse:
        states = await asyncio.get_running_loop().run_in_executor(None, run_checks, checks)
        body, status = readiness_answer(states)
        return response.json(body, status=status)

    app.add_route(ready, "/ready", methods=["GET"], name="diskret_ready")
    return app


def serve(settings: Settings) -> None:
    """Run the locked-down app on ``ACTION_HOST:ACTION_PORT`` (what ``rasa_sdk.endpoint.run`` does, minus 0.0.0.0)."""
    from rasa_sdk import utils
    from rasa_sdk.plugin import plugin_manager

    app = create_app(settings)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    serve_metrics(settings.metrics_host, settings.action_metrics_port)
    logger.info("Action server on http://%s:%s (token required)", settings.action_host, settings.action_port)
    app.run(settings.action_host, settings.action_port, workers=utils.number_of_sanic_workers())
