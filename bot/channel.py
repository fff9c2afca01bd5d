"""Diskret's socket.io channel: the standard Rasa protocol, with redaction in front of Rasa.

Speaks exactly what rasa-webchat and Diskret's widget expect (``session_request`` /
``session_confirm``, ``user_uttered`` / ``bot_uttered``, metadata as ``customData``), and
fixes Rasa 3.6.21's un-awaited ``sio.enter_room``, which loses every reply once session
persistence is on with current python-socketio.

The protocol's ``session_id`` is a secret session token the server issues; the conversation
(sender id, room, tracker key) is named by a keyed hash of it (``core.session_tokens``), so a
socket that knows only a conversation id, as staff see it, can neither join nor write to it.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import re
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from redis.exceptions import RedisError
from socketio import AsyncServer
from sqlalchemy.exc import SQLAlchemyError

from core.settings import Settings, get_settings
from core import metrics
from core.languages import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, language_from_metadata
from core.services import vault
from core.session_tokens import conversation_id, is_session_token, new_session_token, session_key
from core.signals import ERASE_SIGNAL, EXPORT_KEY
from core.storage.vault import NoConsentError
from bot import rasa_patches
from bot.erasure import erase_conversation
from bot.operations import READINESS
from bot.privacy.redaction_pool import PoolUnavailable, RedactionPool, RedactionTimeout
from bot.privacy.redactor import configured_redactor
from bot.privacy.api_guard import ApiGuard
from bot.privacy.intake import MessageIntake, MessageRejected, MessageTooLong
from bot.rate_limit import RateLimiter
from core.redis_connection import async_client

logger = logging.getLogger(__name__)

# Larger socket.io payloads are refused by the transport (HTTP 413 for long-polling, close code
# 1009 for a websocket, as Sanic's WEBSOCKET_MAX_SIZE); smaller ones that exceed
# MAX_MESSAGE_CHARS get the "too_long" answer in the chat.
MAX_SOCKET_PAYLOAD_BYTES = 1024 * 1024
# Sent to the sending socket after the last reply of each turn (and after any refusal).
TURN_DONE_EVENT = "bot_turn_done"

APOLOGIES = {
    "redaction": {
        "de": "Entschuldigung, Ihre Nachricht konnte gerade nicht sicher verarbeitet werden und wurde nicht gespeichert. Bitte versuchen Sie es gleich noch einmal.",
        "en": "Sorry, your message could not be processed safely just now and was not stored. Please try again in a moment.",
    },
    "rejected": {
        "de": "Diese Nachricht kann ich nicht verarbeiten (kein Text). Bitte schreiben Sie eine Textnachricht.",
        "en": "I can't process this message (it is not text). Please send a text message.",
    },
    "too_long": {
        "de": "Ihre Nachricht ist zu lang: höchstens {limit} Zeichen. Sie wurde nicht verarbeitet oder gespeichert; bitte schreiben Sie kürzer.",
        "en": "Your message is too long: at most {limit} characters. It was not processed or stored; please send a shorter one.",
    },
    "flood": {
        "de": "Sie schreiben gerade sehr schnell. Bitte warten Sie einen Moment, bevor Sie die nächste Nachricht senden.",
        "en": "You're sending messages very quickly. Please wait a moment before sending the next one.",
    },
    "no_consent": {
        "de": "Für diese Angaben liegt keine Einwilligung (mehr) vor, deshalb habe ich sie nicht gespeichert. Wenn Sie eine Beratung anfragen möchten, schreiben Sie einfach „Beratung“.",
        "en": "There is no (longer any) consent for these details, so I have not stored them. If you'd like to request a consultation, just say 'consultation'.",
    },
    "busy": {
        "de": "Ich beantworte noch Ihre vorherigen Nachrichten. Bitte warten Sie meine Antwort ab und senden Sie diese Nachricht dann noch einmal.",
        "en": "I'm still answering your previous messages. Please wait for my reply, then send this message again.",
    },
    "unavailable": {
        "de": "Entschuldigung, ich bin gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal oder kontaktieren Sie uns direkt.",
        "en": "Sorry, I'm not available right now. Please try again in a moment or contact us directly.",
    },
}


# The answer to "English please" / "auf Deutsch bitte", in the language switched to.
SWITCH_CONFIRMATIONS = {
    "de": "Gern, ab jetzt antworte ich auf Deutsch. Wobei darf ich helfen?",
    "en": "Sure, I'll continue in English. How can I help?",
}


def apology(kind: str, language: Optional[str], **values: Any) -> Dict[str, str]:
    """The channel's own answer of ``kind`` in the visitor's language (German by default)."""
    return {"text": APOLOGIES[kind][language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE].format(**values)}


def refusal(error: Exception) -> Tuple[str, Dict[str, Any]]:
    """The apology (kind and values) for an error before Rasa saw the message, logged and counted by reason."""
    if isinstance(error, MessageTooLong):
        logger.info("Rejected a message: %s", error)
        metrics.REFUSED.labels("too_long").inc()
        return "too_long", {"limit": error.limit}
    if isinstance(error, MessageRejected):
        logger.info("Rejected a message: %s", error)
        metrics.REFUSED.labels("rejected").inc()
        return "rejected", {}
    if isinstance(error, NoConsentError):  # a PermissionError, so before the OSError branch
        logger.warning("Contact details offered without an active consent; message dropped unprocessed")
        metrics.REFUSED.labels("no_consent").inc()
        return "no_consent", {}
    if isinstance(error, (RedisError, OSError)):
        logger.error("Redis unavailable (%s); message dropped unprocessed", type(error).__name__)
        metrics.STORE_ERRORS.labels("redis").inc()
        return "unavailable", {}
    if isinstance(error, SQLAlchemyError):  # the lead vault could not be written: nothing captured or processed
        logger.error("Lead vault unavailable (%s); message dropped unprocessed", type(error).__name__)
        metrics.STORE_ERRORS.labels("database").inc()
        return "unavailable", {}
    logger.error("Redaction failed (%s); message dropped unprocessed", type(error).__name__)
    metrics.FAIL_CLOSED.labels(fail_closed_reason(error)).inc()
    return "redaction", {}


def fail_closed_reason(error: Exception) -> str:
    """The metric's word for why redaction could not run."""
    if isinstance(error, RedactionTimeout):
        return "timeout"
    if isinstance(error, PoolUnavailable):
        return "unavailable"
    return "error"


class RedactingSocketIOOutput(SocketIOOutput):
    """Sends replies to the conversation's room and notices when the bot erased the conversation.

    A data export goes only to ``requester``, the socket that asked for it.
    """

    def __init__(self, sio: AsyncServer, bot_message_evt: Text, requester: Optional[Text] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.requester = requester
        self.erase_requested = False
        self.action_failed = False
        self.sent = 0

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    def notice_action_failure(self) -> None:
        """Called by ``bot.rasa_patches`` when a custom action of this turn failed."""
        self.action_failed = True

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if json_message == ERASE_SIGNAL:
            self.erase_requested = True
        self.sent += 1
        personal = isinstance(json_message, dict) and EXPORT_KEY in json_message
        room = self.requester if personal and self.requester else recipient_id
        await self.sio.emit(self.bot_message_evt, json_message, room=room)


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result


class SizeLimitedSocketBlueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, plus a clear HTTP 413 for long-polling bodies over the cap
    (engine.io alone answers them with a bare 400 and drops the connection), plus the app-wide
    request middleware in ``ctx.app_middleware`` (the HTTP API's guard)."""

    def register(self, app: Any, options: Dict[Text, Any]) -> None:
        prefix = "/" + self.ctx.socketio_path.strip("/") + "/"

        async def refuse_oversized(request: Request) -> Any:
            if request.path.startswith(prefix) and len(request.body or b"") > MAX_SOCKET_PAYLOAD_BYTES:
                return response.json(
                    {"error": f"payload too large: at most {MAX_SOCKET_PAYLOAD_BYTES} bytes per request"}, status=413
                )
            return None

        app.register_middleware(refuse_oversized, "request")
        for middleware in getattr(self.ctx, "app_middleware", ()):
            app.register_middleware(middleware, "request")
        super().register(app, options)


class RedactingSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with redaction, lead capture, fail-closed handling and working rooms."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def __init__(self, *args: Any, settings: Optional[Settings] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings or get_settings()
        self.intake: Optional[MessageIntake] = None
        self.rate_limiter: Optional[RateLimiter] = None
        self.addresses: Dict[str, str] = {}
        self._session_key: Optional[str] = None

    def conversation_id(self, token: str) -> str:
        """The conversation a session token opens: its room, sender id and tracker key."""
        if self._session_key is None:
            self._session_key = session_key(self.settings)
        return conversation_id(token, self._session_key)

    def _build_intake(self) -> MessageIntake:
        """Loads the redactor here and in its worker processes now, so a server without a working
        redactor refuses to start (the in-process one redacts events and log lines)."""
        configured_redactor()
        pool = RedactionPool(
            self.settings.redactor_model_path, self.settings.redactor_extra_spacy_model,
            workers=self.settings.redaction_workers, budget_seconds=self.settings.redaction_budget_ms / 1000,
        ).start()
        READINESS["redaction workers"] = lambda: pool.alive_workers() > 0
        client = async_client(self.settings.redis_url)
        self.rate_limiter = RateLimiter(self.settings, client)
        return MessageIntake(self.settings, pool, client, vault)

    def _api_guard(self) -> ApiGuard:
        """The HTTP API's calls get the chat's limits and redaction (see ``bot.privacy.api_guard``)."""
        async def redact(text: str) -> str:
            return (await self.intake.redactor.redact(text)).result.text

        return ApiGuard(self.settings, self.rate_limiter, redact, MAX_SOCKET_PAYLOAD_BYTES)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self._session_key = session_key(self.settings)  # without SESSION_KEY production refuses to start
        self.intake = self._build_intake()
        rasa_patches.install()
        sio = AsyncServer(
            async_mode="sanic",
            # an empty list would switch the origin check off; None allows the same origin only
            cors_allowed_origins=list(self.settings.allowed_origins) or None,
            max_http_buffer_size=MAX_SOCKET_PAYLOAD_BYTES,
        )
        socketio_webhook = SizeLimitedSocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        if self.settings.rasa_api_token:
            socketio_webhook.ctx.app_middleware = [self._api_guard()]
        self.sio = sio

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            request = environ.get("sanic.request")
            self.addresses[sid] = getattr(request, "remote_addr", "") or getattr(request, "ip", "") or ""
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            self.addresses.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            """Joins the room of the token's conversation; a client without a valid token gets a new one."""
            data = data if isinstance(data, dict) else {}
            token = data.get("session_id")
            if not is_session_token(token):
                token = new_session_token()
            if self.session_persistence:
                await _maybe_await(sio.enter_room(sid, self.conversation_id(token), namespace=self.namespace))
            await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            await self._handle_message(sio, sid, data, on_new_message)

        return socketio_webhook

    def _sender_id(self, sid: Text, data: Dict[str, Any]) -> Optional[str]:
        """The conversation the message belongs to: derived from its session token, never taken as sent."""
        if not self.session_persistence:
            return sid
        token = data.get("session_id")
        return self.conversation_id(token) if is_session_token(token) else None

    async def _handle_message(
        self, sio: AsyncServer, sid: Text, data: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        """Answer one message; then tell the sender the turn is over, so a client need not guess
        from a pause whether more replies are coming."""
        try:
            await self._answer(sio, sid, data, on_new_message)
        finally:
            try:
                await sio.emit(TURN_DONE_EVENT, {}, room=sid)
            except Exception as error:  # the visitor has gone: nobody waits for the notice
                logger.info("Could not send the end of a turn (%s)", type(error).__name__)

    async def _answer(
        self, sio: AsyncServer, sid: Text, data: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        data = data if isinstance(data, dict) else {}
        metadata = data.get(self.metadata_key) if isinstance(data.get(self.metadata_key), dict) else {}
        language = language_from_metadata(metadata)
        sender_id = self._sender_id(sid, data)
        if sender_id is None:
            await sio.emit(self.bot_message_evt, apology("rejected", language), room=sid)
            return
        try:
            if self.rate_limiter and not await self.rate_limiter.allow(sender_id, self.addresses.get(sid, "")):
                metrics.REFUSED.labels("flood").inc()
                await sio.emit(self.bot_message_evt, apology("flood", language), room=sid)
                return
            if self.rate_limiter and not await self.rate_limiter.enter_turn(sender_id):
                metrics.REFUSED.labels("busy").inc()
                await sio.emit(self.bot_message_evt, apology("busy", language), room=sid)
                return
        except (RedisError, OSError) as error:
            await self._refuse(sio, sid, language, error)
            return
        try:
            await self._take_turn(sio, sid, sender_id, data, metadata, language, on_new_message)
        finally:
            if self.rate_limiter:
                await self.rate_limiter.leave_turn(sender_id)

    async def _refuse(self, sio: AsyncServer, sid: Text, language: Optional[str], error: Exception) -> None:
        """Tell the visitor why a message was not processed; the log names the reason, never the content."""
        kind, values = refusal(error)
        await sio.emit(self.bot_message_evt, apology(kind, language, **values), room=sid)

    async def _take_turn(
        self,
        sio: AsyncServer,
        sid: Text,
        sender_id: str,
        data: Dict[str, Any],
        metadata: Dict[str, Any],
        language: Optional[str],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """Redact, hand the message to Rasa and make sure the visitor hears back."""
        started = time.perf_counter()
        output = RedactingSocketIOOutput(sio, self.bot_message_evt, requester=sid)
        try:
            prepared = await self.intake.prepare(sender_id, data.get("message"), metadata)
        except Exception as error:  # fail closed: nothing is processed or stored
            await self._refuse(sio, sid, language, error)
            return
        if prepared.switched:  # "English please": confirmed here; the next message carries the new language
            await sio.emit(self.bot_message_evt, {"text": SWITCH_CONFIRMATIONS[prepared.language]}, room=sid)
            return
        message = UserMessage(prepared.text, output, sender_id, input_channel=self.name(), metadata=prepared.metadata)
        try:
            await on_new_message(message)
        except Exception as error:
            logger.error("Processing failed (%s)", type(error).__name__)
            await sio.emit(self.bot_message_evt, apology("unavailable", prepared.language), room=sid)
            return
        if output.action_failed or output.sent == 0:
            # Rasa swallows failed custom actions (action server or database down) and then answers
            # nothing or something beside the point; a visitor must never wait in silence.
            logger.error("Custom action failed or no reply (%s); sent the unavailable notice",
                         "action failed" if output.action_failed else "no reply")
            await sio.emit(self.bot_message_evt, apology("unavailable", prepared.language), room=sid)
        metrics.REPLIES.labels(self.name()).inc()
        metrics.REPLY_SECONDS.labels(self.name()).observe(time.perf_counter() - started)
        if output.erase_requested:  # even after a failure elsewhere in the turn, an erasure is carried out
            await asyncio.get_running_loop().run_in_executor(None, erase_conversation, sender_id, self.settings)
