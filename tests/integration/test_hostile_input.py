"""Hostile and malformed input on every public endpoint, plus the security settings around them.

The socket.io channel runs on the private stack (its own Redis, so floods throttle nobody
else); the demo site and the console run as real processes. After each attack the service
still answers a normal message and nothing raw is stored.
"""
from __future__ import annotations

import asyncio
import http.client
import json
import subprocess
import sys
import time
import uuid
from typing import Dict, Iterator, List, Tuple

import pytest
import requests
import websockets

from core.settings import PROJECT_ROOT
from bot.channel import APOLOGIES, MAX_SOCKET_PAYLOAD_BYTES, apology
from tests.integration.conftest import API_TOKEN, PRIVATE_IP_LIMIT
from tests.support.chat import TURN_DONE, ChatVisitor, texts
from tests.support.stack import free_port, wait_for_http

pytestmark = pytest.mark.integration

CANARY_EMAIL = "feindlich.k4v9@example.org"
CANARY_NAME = "Gerlinde Sauerbronn"


def rejected(language: str = "de") -> str:
    return apology("rejected", language)["text"]


def redis_dump(stack) -> str:
    client = stack.redis()
    parts = []
    for key in stack.redis_keys():
        if client.type(key) == b"string":
            parts.append(client.get(key).decode("utf-8", "replace"))
    return "\n".join(parts)


def assert_healthy(private, run) -> None:
    """Both servers up, a normal message answered normally, no canary stored or logged."""
    for name, process in private.stack.processes.items():
        assert process.poll() is None, f"{name} died:\n{private.stack.log_text()[-3000:]}"

    async def normal():
        visitor = await ChatVisitor(private.stack.url, language="en").connect()
        try:
            return texts(await visitor.say("Hello there", timeout=20))
        finally:
            await visitor.close()

    answer = run(normal())
    assert answer and all(answer != APOLOGIES[kind]["en"] for kind in APOLOGIES), answer
    dump, logs = redis_dump(private.stack), private.stack.log_text()
    for canary in (CANARY_EMAIL, CANARY_NAME):
        assert canary not in dump
        assert canary not in logs


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    if "private_stack" in request.fixturenames:
        request.getfixturevalue("private_stack").clear_rate_limits()
    yield


# --- socket.io channel ---------------------------------------------------------------------------


def too_long(language: str) -> str:
    return apology("too_long", language, limit=2000)["text"]  # MAX_MESSAGE_CHARS default


@pytest.mark.parametrize("size", [2_001, 100 * 1024, MAX_SOCKET_PAYLOAD_BYTES - 200])
def test_long_messages_are_refused_with_the_limit(private_stack, run, size):
    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="de").connect()
        try:
            text = (f"{CANARY_NAME} {CANARY_EMAIL} " * (size // 40 + 1))[:size]
            return texts(await visitor.say(text, timeout=15))
        finally:
            await visitor.close()

    assert run(attack()) == too_long("de")
    assert_healthy(private_stack, run)


def engineio_url(base: str, transport: str, sid: str = "") -> str:
    return f"{base}/socket.io/?EIO=4&transport={transport}" + (f"&sid={sid}" if sid else "")


def user_uttered_frame(size: int) -> str:
    text = (f"{CANARY_NAME} {CANARY_EMAIL} " * (size // 40 + 1))[:size]
    return "42" + json.dumps(["user_uttered", {"message": text, "session_id": "a" * 32}])


def test_ten_megabytes_by_long_polling_get_a_clear_413(private_stack, run):
    base = private_stack.stack.url
    handshake = requests.get(engineio_url(base, "polling"), timeout=10)
    sid = json.loads(handshake.text[1:])["sid"]
    assert requests.post(engineio_url(base, "polling", sid), data="40", timeout=10).status_code == 200
    refused = requests.post(engineio_url(base, "polling", sid), data=user_uttered_frame(10 * 1024 * 1024),
                            headers={"Content-Type": "text/plain;charset=UTF-8"}, timeout=30)
    assert refused.status_code == 413
    assert refused.json() == {"error": f"payload too large: at most {MAX_SOCKET_PAYLOAD_BYTES} bytes per request"}
    assert_healthy(private_stack, run)


def test_ten_megabytes_by_websocket_close_it_as_too_big(private_stack, run):
    async def attack() -> int:
        url = engineio_url(private_stack.stack.url.replace("http://", "ws://"), "websocket")
        async with websockets.connect(url, max_size=None) as socket:
            await socket.recv()  # engine.io "open"
            await socket.send("40")
            await socket.recv()  # socket.io "connect"
            try:
                await socket.send(user_uttered_frame(10 * 1024 * 1024))
                while True:
                    await asyncio.wait_for(socket.recv(), timeout=15)
            except websockets.ConnectionClosed as closed:  # possibly while the frame is still being sent
                return closed.code

    assert run(attack()) == 1009  # "message too big"
    assert_healthy(private_stack, run)


@pytest.mark.parametrize("message", [42, 3.5, ["a", "list"], {"text": "dict"}, None, True, ""],
                         ids=["int", "float", "list", "dict", "null", "bool", "empty"])
def test_wrong_message_types_are_rejected(private_stack, run, message):
    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="en").connect()
        try:
            return texts(await visitor.say(message, timeout=15))
        finally:
            await visitor.close()

    answer = run(attack())
    if message == "":
        assert answer  # an empty text is harmless: any reply, but a reply
    else:
        assert answer == rejected("en"), answer
    assert_healthy(private_stack, run)


def test_custom_data_and_payload_of_the_wrong_shape(private_stack, run):
    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="en").connect()
        replies: List[str] = []
        try:
            for payload in (
                {"message": "Hello there", "session_id": visitor.session_id, "customData": "not-a-dict"},
                {"message": "Hello there", "session_id": visitor.session_id, "customData": ["x"]},
                "just a string",
                ["a", "list"],
                12345,
                {"message": "Hello there", "session_id": "../../etc/passwd"},
                {"message": "Hello there", "session_id": {"$ne": None}},
            ):
                await visitor.client.emit("user_uttered", payload)
                got = [await asyncio.wait_for(visitor.replies.get(), timeout=15)]
                while True:
                    try:
                        got.append(await asyncio.wait_for(visitor.replies.get(), timeout=0.8))
                    except asyncio.TimeoutError:
                        break
                replies.append(texts(got))
            return replies
        finally:
            await visitor.close()

    replies = run(attack())
    assert all(replies), replies
    assert all(reply not in (rejected("de"), rejected("en")) for reply in replies[:2])  # bad customData: ignored
    assert all(reply in (rejected("de"), rejected("en")) for reply in replies[2:]), replies
    assert_healthy(private_stack, run)


@pytest.mark.parametrize("text", [
    "Hallo\x00\x01\x02\x1b[31m\x7f zusammen",
    "\ud800 lone surrogate \udfff",
    "\u202eright-to-left override\u200b\ufeff",
    "𝕳𝖆𝖑𝖑𝖔 👋🏽 " * 20,
], ids=["control", "surrogates", "bidi", "astral"])
def test_control_characters_and_broken_unicode(private_stack, run, text):
    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="de").connect()
        try:
            return texts(await visitor.say(text, timeout=20))
        finally:
            await visitor.close()

    assert run(attack())  # any reply (normal, "rejected" or "redaction"), never silence
    assert_healthy(private_stack, run)


def test_html_and_script_injection_is_stored_redacted(private_stack, run):
    payload = (f'<script>alert("x")</script><img src=x onerror="alert(1)"> '
               f'ich bin {CANARY_NAME}, <a href="javascript:alert(2)">{CANARY_EMAIL}</a>')

    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="de").connect()
        try:
            return private_stack.stack.conversation_id(visitor.session_id), texts(await visitor.say(payload, timeout=20))
        finally:
            await visitor.close()

    conversation_id, answer = run(attack())
    assert answer
    tracker = private_stack.stack.redis().get(f"{private_stack.stack.prefix}:tracker:{conversation_id}")
    assert tracker is not None
    stored = [e.get("text") or "" for e in json.loads(tracker)["events"] if e.get("event") == "user"]
    assert stored and all(CANARY_EMAIL not in t and CANARY_NAME not in t for t in stored), stored
    assert "[EMAIL]" in stored[-1], stored
    assert_healthy(private_stack, run)


def test_flood_from_one_visitor_is_throttled(private_stack, run):
    limit = 20  # MAX_MESSAGES_PER_MINUTE_SESSION default
    within_one_window(30)

    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="en").connect()
        try:
            # cheap messages (rejected as too long) count against the limit without running the model
            for _ in range(limit):
                assert texts(await visitor.say("x" * 2_001, timeout=10)) == too_long("en")
            return texts(await visitor.say("Hello there", timeout=20))
        finally:
            await visitor.close()

    assert run(attack()) == APOLOGIES["flood"]["en"]
    private_stack.clear_rate_limits()
    assert_healthy(private_stack, run)


def test_burst_of_simultaneous_messages_loses_none(private_stack, run):
    """20 messages at once from one visitor: each is either answered in turn or told at once to
    wait; none vanishes (Rasa's lock would drop messages that wait too long)."""
    burst = [f"Frage {i}: Was kostet SEO?" for i in range(20)]
    within_one_window(40)

    async def attack():
        visitor = await ChatVisitor(private_stack.stack.url, language="de").connect()
        try:
            await visitor.say("Hallo", timeout=20)
            for text in burst:  # a few ms apart: engine.io refuses more than 16 packets in one long-polling body
                await visitor.client.emit("user_uttered", {"message": text, "session_id": visitor.session_id,
                                                           "customData": {"language": "de"}})
                await asyncio.sleep(0.02)
            replies = []
            conversation_id = private_stack.stack.conversation_id(visitor.session_id)
            pending = f"{private_stack.stack.prefix}:pending:{conversation_id}"
            deadline = time.monotonic() + 120
            while True:
                try:
                    reply = await asyncio.wait_for(visitor.replies.get(), timeout=3)
                    if reply is not TURN_DONE:
                        replies.append(reply)
                except asyncio.TimeoutError:
                    # quiet, and no turn of the conversation still in progress (or waited long enough)
                    if private_stack.stack.redis().get(pending) is None or time.monotonic() > deadline:
                        return conversation_id, [reply.get("text") for reply in replies]
        finally:
            await visitor.close()

    conversation_id, replies = run(attack())
    busy = replies.count(apology("busy", "de")["text"])
    # told otherwise: "Hallo" + 20 exceeds 20 a minute by one; a turn may also be told "unavailable"
    throttled = sum(replies.count(apology(kind, "de")["text"]) for kind in ("flood", "unavailable"))
    raw = private_stack.stack.redis().get(f"{private_stack.stack.prefix}:tracker:{conversation_id}")
    answered = [e["text"] for e in json.loads(raw)["events"] if e.get("event") == "user"][1:]
    assert 0 < busy < len(burst) and len(answered) + busy + throttled == len(burst), (busy, throttled, answered, replies)
    assert set(answered) <= set(burst)
    assert apology("redaction", "de")["text"] not in replies
    pending = private_stack.stack.redis().get(f"{private_stack.stack.prefix}:pending:{conversation_id}")
    assert pending is None, "every turn must be released"
    private_stack.clear_rate_limits()
    assert_healthy(private_stack, run)


def within_one_window(seconds: float) -> None:
    """Wait for the next one-minute rate window if this one ends within ``seconds``: the limits
    count per fixed window, and a flood split across two windows is two half floods."""
    left = 60 - time.time() % 60
    if left < seconds:
        time.sleep(left + 0.1)


def test_flood_from_one_address_is_throttled(private_stack, run):
    limit, per_session = PRIVATE_IP_LIMIT, 20  # MAX_MESSAGES_PER_MINUTE_IP (private stack), ..._SESSION default
    within_one_window(30)

    async def attack():
        sent = 0
        while sent < limit:
            visitor = await ChatVisitor(private_stack.stack.url, language="de").connect()
            try:
                batch = min(per_session - 1, limit - sent)
                for _ in range(batch):
                    assert texts(await visitor.say("x" * 2_001, timeout=10)) == too_long("de")
                sent += batch
            finally:
                await visitor.close()
        fresh = await ChatVisitor(private_stack.stack.url, language="de").connect()
        try:
            return texts(await fresh.say("Hallo", timeout=20))
        finally:
            await fresh.close()

    assert run(attack()) == APOLOGIES["flood"]["de"]
    private_stack.clear_rate_limits()
    assert_healthy(private_stack, run)


def _polling(url: str) -> Tuple[requests.Session, str]:
    session = requests.Session()
    opened = session.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10)
    assert opened.status_code == 200
    sid = json.loads(opened.text[opened.text.index("{"):])["sid"]
    assert session.post(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data="40", timeout=10).status_code == 200
    return session, sid


GARBAGE = [
    b"", b"\x00\xff\xfe garbage", b"42[", b'42["user_uttered",', b"42{}", b"4x", b"9999", b'42["user_uttered"]',
    b'42["user_uttered",{"message":"\xff\xfe\xfd invalid utf-8","session_id":"abcdefgh12"}]',
    b'42["user_uttered",{"message":"\\ud800","session_id":"abcdefgh12"}]',
    b'42["session_request",[1,2,3]]', b'42["session_request","' + b"A" * 10_000 + b'"]',
    b'451-["user_uttered",{"_placeholder":true,"num":0}]', b"\x1e".join([b"4"] * 500),
    json.dumps(["user_uttered", {"message": {"nested": [[[[[]]]]] * 100}}]).encode(),
]


def test_malformed_socketio_packets(private_stack, run):
    url = private_stack.stack.url
    unknown = requests.post(f"{url}/socket.io/?EIO=4&transport=polling&sid=nope", data=b"garbage", timeout=10)
    assert unknown.status_code == 400
    assert requests.post(f"{url}/socket.io/?EIO=99&transport=polling", data=b"x", timeout=10).status_code >= 400
    assert requests.post(f"{url}/socket.io/?EIO=4&transport=carrier-pigeon", data=b"x", timeout=10).status_code >= 400
    for body in GARBAGE:
        session, sid = _polling(url)
        try:
            answer = session.post(f"{url}/socket.io/?EIO=4&transport=polling&sid={sid}", data=body, timeout=10,
                                  headers={"Content-Type": "text/plain;charset=UTF-8"})
            assert answer.status_code < 500, (body[:40], answer.status_code)
        finally:
            session.close()
    assert_healthy(private_stack, run)


# --- security settings of the Rasa server ------------------------------------------------------


def test_rasa_http_api_is_off_by_default(stack):
    for path in ("/status", "/version/../status", "/conversations/x/tracker", "/model/parse", "/webhooks/rest/webhook"):
        answer = requests.get(f"{stack.url}{path}", timeout=10)
        assert answer.status_code in (403, 404, 405), (path, answer.status_code)
    posted = requests.post(f"{stack.url}/conversations/x/tracker/events", json=[{"event": "restart"}], timeout=10)
    assert posted.status_code in (403, 404, 405)


def test_rasa_http_api_needs_the_token(second_rasa):
    base = f"http://127.0.0.1:{second_rasa}"
    for path in ("/status", "/conversations/x/tracker"):
        assert requests.get(f"{base}{path}", timeout=10).status_code in (401, 403), path
        assert requests.get(f"{base}{path}?token=wrong", timeout=10).status_code in (401, 403), path
    assert requests.get(f"{base}/status?token={API_TOKEN}", timeout=10).status_code == 200


def test_rasa_http_api_gets_the_chats_limits_and_redaction(stack, second_rasa):
    """A review found the API (when on) skipped size and rate limits and stored structural fields raw."""
    base, token = f"http://127.0.0.1:{second_rasa}", {"token": API_TOKEN}
    conversation = f"api{uuid.uuid4().hex[:12]}"
    said = requests.post(f"{base}/conversations/{conversation}/messages", params=token, timeout=30,
                         json={"text": "Ich bin Waltraud Quellenbrink, api.canary.k3@example.org", "sender": "user"})
    assert said.status_code == 200, said.text
    stored = stack.redis().get(f"{stack.prefix}:tracker:{conversation}").decode()
    assert "api.canary.k3@example.org" not in stored and "Quellenbrink" not in stored and "[EMAIL]" in stored
    named = requests.post(f"{base}/conversations/{conversation}/tracker/events", params=token, timeout=30,
                          json=[{"event": "slot", "name": "api.canary.k3@example.org", "value": "x"}])
    assert named.status_code == 400 and "canary" not in named.text
    huge = requests.post(f"{base}/model/parse", params=token, timeout=30, json={"text": "x" * 5000})
    assert huge.status_code == 413
    for method, path in (("post", "/model/train"), ("put", "/model"), ("delete", "/model")):
        assert getattr(requests, method)(f"{base}{path}", params=token, json={}, timeout=30).status_code == 403, path
    without_token = requests.post(f"{base}/conversations/{conversation}/messages", json={"text": "hallo"}, timeout=30)
    assert without_token.status_code in (401, 403)
    stack.redis().delete(f"{stack.prefix}:tracker:{conversation}")


def test_socketio_refuses_foreign_origins(stack):
    handshake = f"{stack.url}/socket.io/?EIO=4&transport=polling"
    foreign = requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10)
    assert foreign.status_code in (400, 403), foreign.status_code
    assert "Access-Control-Allow-Origin" not in foreign.headers
    allowed = requests.get(handshake, headers={"Origin": "http://localhost:8000"}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers.get("Access-Control-Allow-Origin") == "http://localhost:8000"


# --- demo site and console -----------------------------------------------------------------------


def _serve(command: List[str], env: Dict[str, str], url: str, log) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        wait_for_http(url, process, log, timeout=60)
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        raise
    return process


@pytest.fixture(scope="module")
def web_servers(stack, tmp_path_factory) -> Iterator[Dict[str, int]]:
    workdir = tmp_path_factory.mktemp("web")
    site_port, console_port = free_port(), free_port()
    env = {**stack.env, "CONSOLE_PORT": str(console_port), "CONSOLE_HOST": "127.0.0.1",
           "CONSOLE_SECRET_KEY": "hostile-test-secret-key-0123456789", "CONSOLE_USERS_FILE": str(workdir / "users.json")}
    processes = []
    try:
        processes.append(_serve([sys.executable, "-m", "bot", "site", "--port", str(site_port), "--rasa-url", stack.url],
                                env, f"http://127.0.0.1:{site_port}/", workdir / "site.log"))
        processes.append(_serve([sys.executable, "-m", "bot", "console", "serve"], env,
                                f"http://127.0.0.1:{console_port}/login", workdir / "console.log"))
        yield {"site": site_port, "console": console_port}
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def raw_get(port: int, path: str) -> Tuple[int, bytes]:
    """A GET with the path sent exactly as given (no client-side normalisation of ``..``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


TRAVERSALS = [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd", "/..\\..\\..\\etc\\passwd", "/.env", "/%2eenv", "/.git/config",
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/app.py", "/static/..%2f..%2fsecurity.py",
    "/index.html%00.txt", "//etc/passwd", "/site/../pyproject.toml", "/static/../../../pyproject.toml",
]


@pytest.mark.parametrize("server", ["site", "console"])
def test_path_traversal_is_refused(web_servers, server):
    port = web_servers[server]
    for path in TRAVERSALS:
        status, body = raw_get(port, path)
        assert status in (301, 302, 303, 308, 400, 403, 404), (path, status)
        assert b"root:" not in body and b"[project]" not in body and b"import " not in body, path
    assert raw_get(port, "/" if server == "site" else "/login")[0] == 200


@pytest.mark.parametrize("server,path", [("site", "/"), ("site", "/nope"), ("console", "/login"), ("console", "/nope")])
def test_security_headers(web_servers, server, path):
    answer = requests.get(f"http://127.0.0.1:{web_servers[server]}{path}", timeout=10, allow_redirects=False)
    csp = answer.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, csp
    assert answer.headers.get("X-Content-Type-Options") == "nosniff"
    assert answer.headers.get("Referrer-Policy") == "no-referrer"


def test_console_refuses_hostile_posts(web_servers):
    base = f"http://127.0.0.1:{web_servers['console']}"
    huge = requests.post(f"{base}/login", data={"user": "x" * 200_000}, timeout=10)
    assert huge.status_code in (400, 413)
    for body, kind in ((b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"), (b"{", "application/json"),
                       (b"user=%ZZ&password=%00", "application/x-www-form-urlencoded")):
        answer = requests.post(f"{base}/login", data=body, headers={"Content-Type": kind}, timeout=10)
        assert answer.status_code in (400, 403, 413), answer.status_code  # no CSRF token: refused, never a 500
    assert requests.get(f"{base}/login", timeout=10).status_code == 200
