"""Swapping the model of a running Rasa server without dropping conversations.

Conversations live in Redis, not in the model, so replacing the agent's processor keeps
every open conversation. The swap is allowed from this machine only, with a token, on its own
channel (``PUT /webhooks/deploy/model``), apart from the visitors' socket.io channel.

A deploy also re-reads the agency's facts (``AGENCY_FILE``) at once, so ``make deploy`` makes
changed prices and contact data live for certain, and it refuses a facts file it cannot read.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional, Text

import yaml
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from core.agency import facts_file, reload_facts
from core.settings import PROJECT_ROOT, Settings, get_settings
from core.secret_files import shared_secret

logger = logging.getLogger(__name__)

TOKEN_FILE = PROJECT_ROOT / "var" / "deploy.token"
MODELS = PROJECT_ROOT / "models"
MODEL_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.tar\.gz$")
LOOPBACK = {"127.0.0.1", "::1"}


def deploy_token(settings: Settings, create: bool = False) -> Optional[str]:
    """The configured token, else the one in var/deploy.token (created on server start)."""
    if settings.deploy_token:
        return settings.deploy_token
    if not create and not TOKEN_FILE.exists():
        return None
    return shared_secret(TOKEN_FILE)[0]


def newest_model(models: Path = MODELS) -> Optional[Path]:
    candidates = sorted(models.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    return candidates[-1] if candidates else None


async def replace_model(request: Request, settings: Settings) -> Any:
    """``PUT .../model`` with ``Authorization: Bearer <token>``; optional JSON ``{"model": "<file in models/>"}``."""
    expected = deploy_token(settings)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if request.ip not in LOOPBACK or not expected or not hmac.compare_digest(given, expected):
        return response.json({"error": "forbidden"}, status=403)
    body = request.json if request.body else {}
    name = (body or {}).get("model") if isinstance(body, dict) else None
    if name is not None and (not isinstance(name, str) or not MODEL_NAME.match(name)):
        return response.json({"error": "model must be a file name in models/, e.g. diskret.tar.gz"}, status=400)
    path = MODELS / name if name else newest_model()
    if path is None or not path.is_file():
        return response.json({"error": "no such model in models/"}, status=404)
    facts = facts_file(settings)
    try:
        reload_facts(facts)
    except (OSError, yaml.YAMLError, ValueError) as error:
        logger.error("Deploy refused: the agency facts cannot be read (%s)", type(error).__name__)
        return response.json({"error": f"{facts.name} cannot be read ({type(error).__name__}); run make check"},
                             status=422)
    agent = request.app.ctx.agent
    await asyncio.get_running_loop().run_in_executor(None, agent.load_model, str(path))
    logger.info("Model replaced by %s; open conversations continue", path.name)
    return response.json({"model": path.name})


class ModelDeployInput(InputChannel):
    """The deploy route as a Rasa input channel of its own (listed in ``credentials.yml``)."""

    @classmethod
    def name(cls) -> Text:
        return "deploy"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = get_settings()
        deploy_token(settings, create=True)
        deploy = Blueprint("model_deploy", __name__)

        @deploy.route("/model", methods=["PUT"])
        async def model(request: Request) -> Any:
            return await replace_model(request, settings)

        return deploy
