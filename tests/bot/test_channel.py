"""Unit tests of the socket.io channel: rooms joined for real, conversations bound to a secret
session token, and fail-closed message handling."""
from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock

import pytest
from prometheus_client import REGISTRY
from rasa.core.channels.socketio import SocketIOInput
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import OperationalError

from core.session_tokens import conversation_id, is_session_token
from core.settings import Settings
from bot.channel import APOLOGIES, TURN_DONE_EVENT, RedactingSocketIOInput, RedactingSocketIOOutput, refusal
from bot.privacy.intake import MessageRejected, MessageTooLong
from bot.privacy.redaction_pool import PoolUnavailable, RedactionTimeout
from core.storage.vault import NoConsentError
from redaction import RedactionError

SESSION_KEY = "test-session-key-0123456789abcdef"
TOKEN = "abcdef0123456789"  # what the visitor's client holds
CONVERSATION = conversation_id(TOKEN, SESSION_KEY)  # what staff see


class RecordingServer:
    """Stands in for the socket.io server: remembers what was emitted."""

    def __init__(self) -> None:
        self.emitted = []  # everything but the end-of-turn notices
        self.turns_done = []  # the rooms told that a turn is over, in order

    async def emit(self, event, data, room=None, **kwargs):
        if event == TURN_DONE_EVENT:
            self.turns_done.append((room, len(self.emitted)))
        else:
            self.emitted.append((event, data, room))


class FailingIntake:
    async def prepare(self, conversation_id, text, metadata):
        raise RuntimeError("redactor exploded")


class RejectingIntake:
    def __init__(self, error: MessageRejected) -> None:
        self.error = error

    async def prepare(self, conversation_id, text, metadata):
        raise self.error


def channel(**kwargs) -> RedactingSocketIOInput:
    settings = Settings(session_key=SESSION_KEY)
    return RedactingSocketIOInput(session_persistence=True, metadata_key="customData", settings=settings, **kwargs)


def session_request_handler(input_channel, monkeypatch):
    monkeypatch.setattr(type(input_channel), "_build_intake", lambda self: None, raising=False)
    input_channel.blueprint(AsyncMock())
    sio = input_channel.sio
    sio.enter_room = AsyncMock()
    sio.emit = AsyncMock()
    return sio, sio.handlers["/"]["session_request"]


def test_session_request_awaits_enter_room_of_the_tokens_conversation(monkeypatch):
    sio, handler = session_request_handler(channel(), monkeypatch)
    asyncio.run(handler("sid-1", {"session_id": TOKEN}))
    sio.enter_room.assert_awaited_once_with("sid-1", CONVERSATION, namespace=None)
    sio.emit.assert_awaited_once_with("session_confirm", TOKEN, room="sid-1", namespace=None)


def test_session_request_with_a_conversation_id_does_not_join_that_conversation(monkeypatch):
    """Knowing a conversation id (as the console shows it) must not let a socket hear its replies."""
    sio, handler = session_request_handler(channel(), monkeypatch)
    asyncio.run(handler("attacker", {"session_id": CONVERSATION}))
    joined = [call.args[1] for call in sio.enter_room.await_args_list]
    assert joined and CONVERSATION not in joined


def test_message_with_a_conversation_id_is_not_taken_into_that_conversation():
    input_channel = channel()
    input_channel.intake = PassingIntake()
    on_new_message = AsyncMock()
    data = {"message": "Welche Daten habt ihr über mich?", "session_id": CONVERSATION}
    asyncio.run(input_channel._handle_message(RecordingServer(), "attacker", data, on_new_message))
    assert on_new_message.await_args.args[0].sender_id != CONVERSATION


def test_a_message_is_processed_under_the_conversation_its_token_opens():
    input_channel = channel()
    input_channel.intake = PassingIntake()
    on_new_message = AsyncMock()
    asyncio.run(input_channel._handle_message(RecordingServer(), "sid-1", {"message": "hi", "session_id": TOKEN}, on_new_message))
    assert on_new_message.await_args.args[0].sender_id == CONVERSATION


def test_the_export_goes_only_to_the_socket_that_asked():
    server = RecordingServer()
    output = RedactingSocketIOOutput(server, "bot_uttered", requester="sid-1")
    asyncio.run(output.send_text_message(CONVERSATION, "Hier sind Ihre Daten."))
    asyncio.run(output.send_custom_json(CONVERSATION, {"diskret_export": {"leads": []}}))
    assert [room for _, _, room in server.emitted] == [CONVERSATION, "sid-1"]


def test_stock_rasa_channel_never_awaits_enter_room(monkeypatch):
    """The trap this channel exists for: Rasa 3.6.21 calls the coroutine without awaiting it."""
    stock = SocketIOInput(session_persistence=True)
    stock.blueprint(AsyncMock())
    stock.sio.enter_room = AsyncMock()
    stock.sio.emit = AsyncMock()
    with pytest.warns(RuntimeWarning, match="never awaited"):
        asyncio.run(stock.sio.handlers["/"]["session_request"]("sid-1", {"session_id": "abc"}))
        import gc
        gc.collect()
    stock.sio.enter_room.assert_called_once()
    stock.sio.enter_room.assert_not_awaited()


@pytest.mark.parametrize("sent", [None, "../../etc/passwd", "short", 42])
def test_missing_or_invalid_token_gets_a_fresh_one(monkeypatch, sent):
    sio, handler = session_request_handler(channel(), monkeypatch)
    asyncio.run(handler("sid-1", {"session_id": sent}))
    confirmed = sio.emit.await_args.args[1]
    assert confirmed != sent and is_session_token(confirmed) and len(confirmed) >= 22  # at least 128 bits
    sio.enter_room.assert_awaited_once_with("sid-1", conversation_id(confirmed, SESSION_KEY), namespace=None)


@pytest.mark.parametrize("language,expected", [("de", APOLOGIES["redaction"]["de"]), ("en", APOLOGIES["redaction"]["en"])])
def test_redaction_failure_processes_and_stores_nothing(language, expected):
    input_channel = channel()
    input_channel.intake = FailingIntake()
    server = RecordingServer()
    on_new_message = AsyncMock()
    data = {"message": "Ich bin Max, max@example.org", "session_id": TOKEN, "customData": {"language": language}}
    asyncio.run(input_channel._handle_message(server, "sid-1", data, on_new_message))
    on_new_message.assert_not_awaited()
    assert server.emitted == [("bot_uttered", {"text": expected}, "sid-1")]


@pytest.mark.parametrize("error, language, expected", [
    (MessageRejected("message must be text"), "de", APOLOGIES["rejected"]["de"]),
    (MessageTooLong(2000), "de", "Ihre Nachricht ist zu lang: höchstens 2000 Zeichen."),
    (MessageTooLong(500), "en", "Your message is too long: at most 500 characters."),
])
def test_rejected_message_gets_a_clear_error(error, language, expected):
    input_channel = channel()
    input_channel.intake = RejectingIntake(error)
    server = RecordingServer()
    on_new_message = AsyncMock()
    data = {"message": "x", "session_id": TOKEN, "customData": {"language": language}}
    asyncio.run(input_channel._handle_message(server, "sid-1", data, on_new_message))
    on_new_message.assert_not_awaited()
    assert server.emitted[0][1]["text"].startswith(expected)


def test_message_without_valid_session_is_refused():
    input_channel = channel()
    input_channel.intake = FailingIntake()
    server = RecordingServer()
    on_new_message = AsyncMock()
    asyncio.run(input_channel._handle_message(server, "sid-1", {"message": "hallo"}, on_new_message))
    on_new_message.assert_not_awaited()
    assert server.emitted and server.emitted[0][2] == "sid-1"


class PassingIntake:
    async def prepare(self, conversation_id, text, metadata):
        from bot.privacy.intake import PreparedMessage

        return PreparedMessage(text=text, metadata={"language": "en"}, language="en")


class VaultDownIntake:
    async def prepare(self, conversation_id, text, metadata):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT", {}, Exception("connection refused"))


def test_turn_without_any_reply_gets_the_unavailable_notice():
    """Rasa swallows a failed custom action (action server down) and answers nothing: never leave the visitor waiting."""
    input_channel = channel()
    input_channel.intake = PassingIntake()
    server = RecordingServer()
    on_new_message = AsyncMock()  # processes the message, sends no reply
    asyncio.run(input_channel._handle_message(server, "sid-1", {"message": "hi", "session_id": TOKEN}, on_new_message))
    on_new_message.assert_awaited_once()
    assert server.emitted == [("bot_uttered", {"text": APOLOGIES["unavailable"]["en"]}, "sid-1")]


def test_turn_with_a_reply_gets_no_notice():
    input_channel = channel()
    input_channel.intake = PassingIntake()
    server = RecordingServer()

    async def reply(message):
        await message.output_channel.send_text_message(message.sender_id, "Hello!")

    input_channel.sio = server
    replies, timed = (REGISTRY.get_sample_value(name, {"channel": "socketio"}) or 0.0
                      for name in ("diskret_replies_total", "diskret_reply_seconds_count"))
    asyncio.run(input_channel._handle_message(server, "sid-1", {"message": "hi", "session_id": TOKEN}, reply))
    assert [data for _, data, _ in server.emitted] == [{"text": "Hello!"}]
    assert REGISTRY.get_sample_value("diskret_replies_total", {"channel": "socketio"}) == replies + 1
    assert REGISTRY.get_sample_value("diskret_reply_seconds_count", {"channel": "socketio"}) == timed + 1


class NoConsentIntake:
    async def prepare(self, conversation_id, text, metadata):
        raise NoConsentError("no active lead consent for this conversation")


def refused_turn(intake, language: str):
    """The apologies a turn got from ``intake``'s failure; Rasa must not have seen the message."""
    input_channel = channel()
    input_channel.intake = intake
    server = RecordingServer()
    on_new_message = AsyncMock()
    data = {"message": "Max Muster", "session_id": TOKEN, "customData": {"language": language}}
    asyncio.run(input_channel._handle_message(server, "sid-1", data, on_new_message))
    on_new_message.assert_not_awaited()
    return server.emitted


def test_vault_outage_gets_the_unavailable_notice_not_a_redaction_error():
    assert refused_turn(VaultDownIntake(), "de") == [("bot_uttered", {"text": APOLOGIES["unavailable"]["de"]}, "sid-1")]


def test_details_without_consent_are_not_called_a_redis_outage(caplog):
    """The vault's NoConsentError is a PermissionError (an OSError): it has its own answer and log line."""
    assert refused_turn(NoConsentIntake(), "en") == [("bot_uttered", {"text": APOLOGIES["no_consent"]["en"]}, "sid-1")]
    assert "without an active consent" in caplog.text and "Redis" not in caplog.text


def test_empty_allowed_origins_means_same_origin_only(monkeypatch):
    """An empty list would switch python-engineio's origin check off entirely."""
    settings = Settings(allowed_origins=(), session_key=SESSION_KEY)
    input_channel = RedactingSocketIOInput(session_persistence=True, settings=settings)
    monkeypatch.setattr(type(input_channel), "_build_intake", lambda self: None, raising=False)
    input_channel.blueprint(AsyncMock())
    assert input_channel.sio.eio.cors_allowed_origins is None


def test_failed_custom_action_marks_the_turn(monkeypatch):
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    import bot.channel as module
    from bot import rasa_patches

    calls = {"mode": "fail"}

    async def fake_run(self, output_channel, nlg, tracker, domain):
        if calls["mode"] == "reject":
            raise ActionExecutionRejection("validate_consultation_form")
        raise RuntimeError("action server down")

    monkeypatch.setattr(RemoteAction, "run", fake_run)
    rasa_patches.notice_failed_custom_actions()
    output = module.RedactingSocketIOOutput(RecordingServer(), "bot_uttered")
    with pytest.raises(RuntimeError):
        asyncio.run(RemoteAction.run(object.__new__(RemoteAction), output, None, None, None))
    assert output.action_failed
    calls["mode"] = "reject"
    rejected = module.RedactingSocketIOOutput(RecordingServer(), "bot_uttered")
    with pytest.raises(ActionExecutionRejection):
        asyncio.run(RemoteAction.run(object.__new__(RemoteAction), rejected, None, None, None))
    assert not rejected.action_failed


def test_turn_with_a_failed_action_gets_the_notice_after_any_reply():
    input_channel = channel()
    input_channel.intake = PassingIntake()
    server = RecordingServer()

    async def half_reply(message):
        await message.output_channel.send_text_message(message.sender_id, "Fallback")
        message.output_channel.action_failed = True

    asyncio.run(input_channel._handle_message(server, "sid-1", {"message": "hi", "session_id": TOKEN}, half_reply))
    assert [data for _, data, _ in server.emitted] == [{"text": "Fallback"}, {"text": APOLOGIES["unavailable"]["en"]}]


def test_erasure_is_carried_out_even_when_another_action_failed(monkeypatch):
    import bot.channel as module
    from core.signals import ERASE_SIGNAL

    erased = []
    monkeypatch.setattr(module, "erase_conversation", lambda conversation_id, settings: erased.append(conversation_id))
    input_channel = channel()
    input_channel.intake = PassingIntake()
    server = RecordingServer()

    async def erase_then_fail(message):
        await message.output_channel.send_custom_json(message.sender_id, ERASE_SIGNAL)
        message.output_channel.action_failed = True

    asyncio.run(input_channel._handle_message(server, "sid-1", {"message": "delete", "session_id": TOKEN}, erase_then_fail))
    assert erased == [CONVERSATION]
    assert server.emitted[-1][1] == {"text": APOLOGIES["unavailable"]["en"]}


class TurnCounter:
    """A rate limiter that allows every message but only ``places`` turns at once."""

    def __init__(self, places: int) -> None:
        self.places = places
        self.in_progress = 0

    async def allow(self, conversation_id, address):
        return True

    async def enter_turn(self, conversation_id):
        if self.in_progress >= self.places:
            return False
        self.in_progress += 1
        return True

    async def leave_turn(self, conversation_id):
        self.in_progress -= 1


def test_a_burst_beyond_the_pending_limit_is_told_to_wait_and_turns_are_released():
    input_channel = channel()
    input_channel.intake = FailingIntake()  # the turn fails: its place must still be released
    input_channel.rate_limiter = TurnCounter(places=1)
    server = RecordingServer()
    data = {"message": "Hallo", "session_id": TOKEN, "customData": {"language": "en"}}
    asyncio.run(input_channel._handle_message(server, "sid-1", data, AsyncMock()))
    assert input_channel.rate_limiter.in_progress == 0
    input_channel.rate_limiter.in_progress = 1  # another message of the conversation is in progress
    asyncio.run(input_channel._handle_message(server, "sid-1", data, AsyncMock()))
    assert server.emitted[-1] == ("bot_uttered", {"text": APOLOGIES["busy"]["en"]}, "sid-1")


@pytest.mark.parametrize("intake", [FailingIntake(), NoConsentIntake(), PassingIntake()],
                         ids=["failing", "refused", "answered"])
def test_the_sender_is_told_when_the_turn_is_over(intake):
    """After the last reply, whatever the outcome, the sending socket gets ``bot_turn_done``."""
    input_channel = channel()
    input_channel.intake = intake
    server = RecordingServer()

    async def reply(message):
        await message.output_channel.send_text_message(message.sender_id, "Hello!")

    input_channel.sio = server
    asyncio.run(input_channel._handle_message(server, "sid-1", {"message": "hi", "session_id": TOKEN}, reply))
    assert server.emitted, "the turn was answered"
    assert server.turns_done == [("sid-1", len(server.emitted))], "one notice, after every reply"


@pytest.mark.parametrize("error, metric, labels", [
    (RedactionError("model crashed"), "diskret_fail_closed_total", {"reason": "error"}),
    (RedactionTimeout("too slow"), "diskret_fail_closed_total", {"reason": "timeout"}),
    (PoolUnavailable("no worker"), "diskret_fail_closed_total", {"reason": "unavailable"}),
    (RedisConnectionError("down"), "diskret_store_errors_total", {"store": "redis"}),
    (OperationalError("insert", {}, Exception("down")), "diskret_store_errors_total", {"store": "database"}),
    (MessageTooLong(2000), "diskret_refused_messages_total", {"reason": "too_long"}),
    (NoConsentError(), "diskret_refused_messages_total", {"reason": "no_consent"}),
], ids=lambda value: value if isinstance(value, str) else None)
def test_each_refusal_moves_its_alert_metric(error, metric, labels):
    """The alerts in docs/operations.md read these counters: each refusal moves its own sample by one."""
    before = REGISTRY.get_sample_value(metric, labels) or 0.0
    refusal(error)
    assert REGISTRY.get_sample_value(metric, labels) == before + 1
