"""The action server answers the Rasa server only: loopback, a shared secret, no CORS, against the real stack."""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any, Dict, List

import pytest
import rasa_sdk
import requests

from tests.integration.test_rights import LINES, book, leads_of
from tests.support.chat import ChatVisitor

pytestmark = pytest.mark.integration

EMAIL = LINES["en"]["book"][3]
ORIGIN = "http://evil.example"


def action_call(action: str, sender_id: str) -> Dict[str, Any]:
    """What the Rasa server posts to ``/webhook`` to run ``action`` for a conversation."""
    tracker = {"sender_id": sender_id, "slots": {}, "latest_message": {}, "events": [], "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": None}
    return {"next_action": action, "sender_id": sender_id, "tracker": tracker, "domain": {},
            "version": rasa_sdk.__version__}


def webhook(stack, action: str, sender_id: str, **kwargs: Any) -> requests.Response:
    return requests.post(f"http://127.0.0.1:{stack.action_port}/webhook", json=action_call(action, sender_id),
                         timeout=30, **kwargs)


def bearer(token: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def booked(stack, run) -> str:
    """A conversation whose lead is in the vault, booked through the Rasa server (which sends the token)."""
    async def scenario() -> str:
        visitor = await ChatVisitor(stack.url, language="en").connect()
        try:
            await book(visitor, "en")
            return stack.conversation_id(visitor.session_id)
        finally:
            await visitor.close()

    session_id = run(scenario())
    assert leads_of(stack, session_id), "a chat through the Rasa server reaches the actions"
    return session_id


def test_export_without_the_token_is_refused(stack, booked):
    answer = webhook(stack, "action_export_conversation", booked)
    assert answer.status_code == 401 and answer.json() == {"error": "authorization required"}
    assert EMAIL not in answer.text and "Fenwick" not in answer.text


@pytest.mark.parametrize("how", ["wrong token", "token in the query string"])
def test_export_with_a_wrong_or_misplaced_token_is_refused(stack, booked, how):
    if how == "wrong token":
        answer = webhook(stack, "action_export_conversation", booked, headers=bearer("guessed-canary-token"))
        assert answer.status_code == 403
    else:
        answer = webhook(stack, "action_export_conversation", booked, params={"token": stack.action_server_token})
        assert answer.status_code == 401
    assert EMAIL not in answer.text and "Fenwick" not in answer.text


def test_erasure_without_the_token_erases_nothing(stack, booked):
    assert webhook(stack, "action_delete_conversation", booked).status_code == 401
    assert webhook(stack, "action_delete_conversation", booked, headers=bearer("guessed")).status_code == 403
    assert leads_of(stack, booked), "the lead is still there"


def test_the_shared_token_opens_it(stack, booked):
    """The same request with the Rasa server's token: the refusals above were real export requests."""
    answer = webhook(stack, "action_export_conversation", booked, headers=bearer(stack.action_server_token))
    assert answer.status_code == 200 and EMAIL in answer.text


def test_refusals_are_logged_without_the_token(stack, booked):
    webhook(stack, "action_export_conversation", booked, headers=bearer("logged-canary-token"))
    log = stack.logs["actions"].read_text(errors="replace")
    assert "refused POST /webhook" in log
    assert "logged-canary-token" not in log and "guessed-canary-token" not in log
    assert stack.action_server_token not in log


@pytest.mark.parametrize("method, path, headers", [
    ("OPTIONS", "/webhook", {"Access-Control-Request-Method": "POST"}),
    ("GET", "/health", {}),
    ("POST", "/webhook", {}),
    ("GET", "/actions", {}),
])
def test_no_origin_is_allowed(stack, method, path, headers):
    answer = requests.request(method, f"http://127.0.0.1:{stack.action_port}{path}", timeout=30,
                              headers={"Origin": ORIGIN, **headers, **bearer(stack.action_server_token)})
    assert "Access-Control-Allow-Origin" not in answer.headers, answer.headers


def listening_addresses(port: int) -> List[str]:
    """Local addresses of the sockets listening on ``port``, from the kernel's tables (Linux)."""
    found = []
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = b"".join(bytes.fromhex(address[index:index + 8])[::-1] for index in range(0, len(address), 8))
                found.append(socket.inet_ntop(family, raw))
    return found


def test_listens_on_loopback_only(stack):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux's /proc/net/tcp")
    addresses = listening_addresses(stack.action_port)
    assert addresses, "the action server's listening socket is in the kernel's table"
    assert all(ipaddress.ip_address(address).is_loopback for address in addresses), addresses
