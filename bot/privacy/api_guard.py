"""The Rasa HTTP API (on only with ``RASA_API_TOKEN``) behind the same limits and redaction as the chat.

Rasa's token check lets a holder write text straight into a conversation (``/messages``,
``/tracker/events``, ``/trigger_intent``) or have it parsed (``/model/parse``), past the
socket.io channel. A request middleware therefore gives those calls what a chat message gets
(size limit, flood limit per address, redaction in the worker pool before Rasa reads the body)
and refuses the API's training and model routes, which Diskret replaces with ``make train``
and ``make deploy``.
"""
from __future__ import annotations

import hmac
import json
import re
from typing import Any, Awaitable, Callable, Optional

from sanic import response
from sanic.request import Request

from bot.rate_limit import RateLimiter
from core.settings import Settings

# Routes whose body carries text a visitor or an integrator wrote.
TEXT_ROUTES = re.compile(r"^/(?:conversations/[^/]+/(?:messages|tracker/events|trigger_intent|execute)|model/parse)$")
REFUSED_ROUTES = re.compile(r"^/model(?:/train|/test/.*|/predict)?$")
CONVERSATION = re.compile(r"^/conversations/([^/]+)/")
# Values of these keys name things (intents, actions, slots, events); anything else is free text.
NAME_KEYS = frozenset({"event", "name", "intent_name", "action_name", "entity", "policy", "input_channel"})
SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:/-]{0,119}")

Redact = Callable[[str], Awaitable[str]]


class ApiRefusal(Exception):
    """A request the guard answers itself; ``status`` and a message without the request's content."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def redact_body(value: Any, redact: Redact, max_chars: int, key: Optional[str] = None) -> Any:
    """Every free-text string redacted; names must look like names (else the request is refused)."""
    if isinstance(value, str):
        if key in NAME_KEYS:
            if not SAFE_NAME.fullmatch(value):
                raise ApiRefusal(400, f"'{key}' must be a name like utter_greet")
            return value
        if len(value) > max_chars:
            raise ApiRefusal(413, f"text longer than {max_chars} characters")
        return await redact(value) if value.strip() else value
    if isinstance(value, list):
        return [await redact_body(item, redact, max_chars) for item in value]
    if isinstance(value, dict):
        return {name: await redact_body(item, redact, max_chars, name) for name, item in value.items()}
    return value


class ApiGuard:
    """Sanic request middleware for the Rasa HTTP API's routes (every path outside the channels)."""

    def __init__(self, settings: Settings, rate_limiter: RateLimiter, redact: Redact, max_body_bytes: int) -> None:
        self.settings = settings
        self.rate_limiter = rate_limiter
        self.redact = redact
        self.max_body_bytes = max_body_bytes

    async def __call__(self, request: Request) -> Any:
        path = request.path
        if path.startswith(("/socket.io/", "/webhooks/")) or request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if not hmac.compare_digest(str(request.args.get("token", "")), self.settings.rasa_api_token):
            return None  # Rasa refuses it: the guard spends nothing on a caller without the token
        try:
            await self._guard(request, path)
        except ApiRefusal as refusal:
            return response.json({"error": str(refusal)}, status=refusal.status)
        except Exception as error:  # fail closed: nothing unredacted reaches Rasa
            return response.json({"error": f"request not processed ({type(error).__name__})"}, status=503)
        return None

    async def _guard(self, request: Request, path: str) -> None:
        if REFUSED_ROUTES.match(path):
            raise ApiRefusal(403, "training and model changes go through make train / make deploy")
        if len(request.body or b"") > self.max_body_bytes:
            raise ApiRefusal(413, f"payload too large: at most {self.max_body_bytes} bytes per request")
        conversation = CONVERSATION.match(path)
        address = request.remote_addr or request.ip or ""
        if not await self.rate_limiter.allow(conversation.group(1) if conversation else "api", address):
            raise ApiRefusal(429, "too many requests; wait a moment")
        if TEXT_ROUTES.match(path) and request.body:
            try:
                body = json.loads(request.body)
            except ValueError as error:
                raise ApiRefusal(400, "the body must be JSON") from error
            redacted = await redact_body(body, self.redact, self.settings.max_message_chars)
            request.body = json.dumps(redacted).encode("utf-8")
            request.parsed_json = None
