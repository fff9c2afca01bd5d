"""A visitor over the real socket.io protocol, as rasa-webchat and Diskret's widget speak it."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import aiohttp
import socketio

from bot.channel import TURN_DONE_EVENT

TURN_DONE = object()  # in the reply queue where the server said a turn was over


def _browser_like_session() -> aiohttp.ClientSession:
    """Keeps cookies like a browser, also from an IP address (a load balancer's sticky cookie)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


class ChatVisitor:
    """Connects, asks for a session, sends messages and collects the bot's replies.

    ``session_id`` is what the protocol calls it: the secret session token the server confirmed.
    The conversation id the servers store things under is derived from it (``Stack.conversation_id``).
    """

    def __init__(self, url: str, language: str = "de", session_id: Optional[str] = None,
                 headers: Optional[Dict[str, str]] = None) -> None:
        self.url = url
        self.headers = headers or {}
        self.language = language
        self.session_id = session_id
        # a browser waits for a long-polling request far longer than python-engineio's 5 s default,
        # which under load (make bench) would count a slow server as a refused connection
        self.client = socketio.AsyncClient(reconnection=False, http_session=_browser_like_session, request_timeout=30)
        self.replies: asyncio.Queue = asyncio.Queue()
        self._confirmed = asyncio.Event()
        self.client.on("bot_uttered", self._on_reply)
        self.client.on(TURN_DONE_EVENT, self._on_turn_done)
        self.client.on("session_confirm", self._on_confirm)

    async def _on_reply(self, data: Dict[str, Any]) -> None:
        await self.replies.put(data)

    async def _on_turn_done(self, data: Any) -> None:
        await self.replies.put(TURN_DONE)

    async def _on_confirm(self, session_id: Any) -> None:
        self.session_id = session_id
        self._confirmed.set()

    async def connect(self) -> "ChatVisitor":
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"], headers=self.headers)
        await self.client.emit("session_request", {"session_id": self.session_id})
        await asyncio.wait_for(self._confirmed.wait(), timeout=30)
        return self

    @property
    def socket_id(self) -> Optional[str]:
        """The engine.io session (``sid``) of this connection, which lives in one server's memory."""
        return self.client.eio.sid

    def cookie(self, name: str) -> Optional[str]:
        http = getattr(self.client.eio, "http", None)
        if http is None:
            return None
        return next((cookie.value for cookie in http.cookie_jar if cookie.key == name), None)

    async def say(self, text: Any, timeout: float = 30) -> List[Dict[str, Any]]:
        """Send ``text`` and return every reply of its turn: the server ends each turn with
        ``bot_turn_done`` after its last reply (an end notice before any reply is a late one of an
        earlier turn). ``asyncio.TimeoutError`` if the turn is not over within ``timeout`` seconds."""
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": self.session_id, "customData": {"language": self.language}},
        )
        replies: List[Dict[str, Any]] = []
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            reply = await asyncio.wait_for(self.replies.get(), timeout=deadline - asyncio.get_running_loop().time())
            if reply is not TURN_DONE:
                replies.append(reply)
            elif replies:
                return replies

    async def close(self, timeout: float = 1.5) -> None:
        """Disconnect; over long-polling the client would otherwise wait for the pending poll (up to ~25 s)."""
        try:
            await asyncio.wait_for(self.client.disconnect(), timeout)
        except asyncio.TimeoutError:
            http = getattr(self.client.eio, "http", None)  # the poll was cut short: close its HTTP session
            if http is not None and not http.closed:
                await http.close()


def texts(replies: List[Dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies if isinstance(reply, dict))
