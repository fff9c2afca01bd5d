"""Health, readiness and metrics of the Rasa server, for operators and load balancers.

A Rasa input channel of its own (listed in ``credentials.yml``) adds ``GET /health`` (the
process answers) and ``GET /ready`` (model, redactor, Redis and database all usable) at the
server's root, hides Rasa's version banner (``GET /`` and ``/version``), and starts the
process's Prometheus endpoint on ``METRICS_HOST:RASA_METRICS_PORT`` (loopback by default).
Components that can be unready (the redaction workers) register a check in ``READINESS``.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from core import metrics
from core.health import readiness_answer, redis_answers, run_checks
from core.redis_connection import sync_client
from core.redis_keys import tracker_prefix
from core.settings import Settings, get_settings
from core.storage.database import Database

logger = logging.getLogger(__name__)

# name -> a check that is True while that part can serve; filled by the parts themselves
READINESS: Dict[str, Callable[[], bool]] = {}
HIDDEN_PATHS = frozenset({"/", "/version"})


def count_conversations(settings: Settings) -> float:
    """Conversations in Redis now: one tracker key each (counted at scrape time; NaN without Redis)."""
    try:
        client = sync_client(settings.redis_url, timeout=2)
        return float(sum(1 for _ in client.scan_iter(match=tracker_prefix(settings) + "*", count=1000)))
    except Exception as error:
        logger.warning("Could not count conversations (%s)", type(error).__name__)
        return float("nan")


def readiness(settings: Settings, agent: Any, database: Database) -> Dict[str, bool]:
    """Each part's state; blocking (Redis and database round trips), so run it off the loop."""
    return run_checks({
        "model": lambda: agent is not None and agent.is_ready(),
        **READINESS,
        "redis": lambda: redis_answers(settings.redis_url),
        "database": database.ping,
    })


class OperationsBlueprint(Blueprint):
    """Routes at the server's root, whatever prefix Rasa gives channel blueprints."""

    def register(self, app: Any, options: Dict[Text, Any]) -> None:
        settings = get_settings()
        database = Database(settings.database_url)

        async def hide_versions(request: Request) -> Any:
            if request.path in HIDDEN_PATHS:
                return response.json({"status": "ok"})
            return None

        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        async def ready(request: Request) -> Any:
            agent = getattr(request.app.ctx, "agent", None)
            states = await asyncio.get_running_loop().run_in_executor(None, readiness, settings, agent, database)
            body, status = readiness_answer(states)
            return response.json(body, status=status)

        app.register_middleware(hide_versions, "request")
        app.add_route(health, "/health", methods=["GET"], name="diskret_health")
        app.add_route(ready, "/ready", methods=["GET"], name="diskret_ready")
        metrics.ACTIVE_CONVERSATIONS.set_function(lambda: count_conversations(settings))
        metrics.serve_metrics(settings.metrics_host, settings.rasa_metrics_port)
        super().register(app, options)


class OperationsInput(InputChannel):
    """Health, readiness and metrics as a Rasa input channel (configuration, not a patch)."""

    @classmethod
    def name(cls) -> Text:
        return "operations"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return OperationsBlueprint("operations", __name__)
