"""Horizontal scaling: two Rasa servers share Redis (tracker and lock store).

One visitor's messages alternate between the servers; the conversation in Redis must hold
every turn exactly once, in order, each followed by the replies the visitor received. Both
directly (a socket per server) and through Debian's nginx as load balancer (tests/support/balancer.py).
"""
from __future__ import annotations

import asyncio
import json
from typing import Dict, List

import pytest

from bot.channel import APOLOGIES
from tests.support.chat import ChatVisitor

pytestmark = pytest.mark.integration

TURNS = ["Hallo zusammen", "Was bietet ihr an?", "Was kostet SEO?", "Macht ihr auch Google Ads?",
         "Wie lange dauert ein Projekt?", "Was kostet eine Webseite?", "Danke schön", "Tschüss"]


def user_and_bot_events(stack, session_token: str) -> List[Dict]:
    """The stored user and bot events of the conversation the visitor's token opens."""
    raw = stack.redis().get(f"{stack.prefix}:tracker:{stack.conversation_id(session_token)}")
    assert raw is not None, "the conversation must be in Redis"
    return [e for e in json.loads(raw)["events"] if e.get("event") in ("user", "bot")]


def turns_of(events: List[Dict]) -> List[List[Dict]]:
    """Bot events grouped by the user message they answer (the session start's notice belongs to the first)."""
    groups: List[List[Dict]] = []
    leading: List[Dict] = []
    for event in events:
        if event["event"] == "user":
            groups.append(leading if not groups else [])
        elif groups:
            groups[-1].append(event)
        else:
            leading.append(event)
    return groups


def test_alternating_servers_keep_one_ordered_conversation(stack, second_rasa, run):
    urls = [stack.url, f"http://127.0.0.1:{second_rasa}"]

    async def converse():
        first = await ChatVisitor(urls[0], language="de").connect()
        second = await ChatVisitor(urls[1], language="de", session_id=first.session_id).connect()
        visitors = [first, second]
        try:
            assert second.session_id == first.session_id
            received = []
            for turn, text in enumerate(TURNS):
                replies = await visitors[turn % 2].say(text, timeout=30)
                received.append([r.get("text") for r in replies])
            await asyncio.sleep(1)
            strays = [first.replies.qsize(), second.replies.qsize()]
            return first.session_id, received, strays
        finally:
            for visitor in visitors:
                await visitor.close()

    session_id, received, strays = run(converse())
    assert strays == [0, 0], "a reply reached the visitor twice or late"
    events = user_and_bot_events(stack, session_id)
    assert [e["text"] for e in events if e["event"] == "user"] == TURNS  # none lost, duplicated or reordered
    groups = turns_of(events)
    assert len(groups) == len(TURNS)
    for turn, (stored, got) in enumerate(zip(groups, received)):
        unavailable = {APOLOGIES[kind]["de"] for kind in APOLOGIES}
        assert got and not set(got) & unavailable, (turn, got)
        # one reply set per turn: the socket.io output sends a text in parts split at blank lines, and the
        # store redacts bot texts too, so compare the parts' beginnings
        parts = [part.strip()[:12] for e in stored for part in (e.get("text") or "").split("\n\n") if part.strip()]
        assert parts == [(text or "").strip()[:12] for text in got], (turn, stored, got)


def test_simultaneous_messages_on_both_servers_are_serialised(stack, second_rasa, run):
    urls = [stack.url, f"http://127.0.0.1:{second_rasa}"]

    async def converse():
        first = await ChatVisitor(urls[0], language="en").connect()
        second = await ChatVisitor(urls[1], language="en", session_id=first.session_id).connect()
        try:
            await first.say("Hello there", timeout=30)
            answers = await asyncio.gather(first.say("What services do you offer?", timeout=30),
                                           second.say("How much is SEO?", timeout=30))
            return first.session_id, answers
        finally:
            await first.close()
            await second.close()

    session_id, answers = run(converse())
    assert all(answers)
    texts = [e["text"] for e in user_and_bot_events(stack, session_id) if e["event"] == "user"]
    assert texts[0] == "Hello there"
    assert sorted(texts[1:]) == sorted(["What services do you offer?", "How much is SEO?"])
    groups = turns_of(user_and_bot_events(stack, session_id))
    assert len(groups) == 3 and all(groups), groups  # each turn answered, none interleaved into another


def test_turns_through_nginx_alternate_servers_and_stay_one_conversation(stack, second_rasa, balancer, run):
    """Behind Debian's nginx (round-robin): each turn on a new socket.io connection of the same chat session.

    A socket.io connection is kept on the server that took its handshake (its long-polling session lives
    there), so successive connections, and with them the visitor's turns, alternate between the servers.
    """
    backends = {str(stack.rasa_port), str(second_rasa)}

    async def converse():
        session_id, received, sockets, strays = None, [], [], []
        for text in TURNS:
            visitor = await ChatVisitor(balancer.url, language="de", session_id=session_id).connect()
            try:
                assert session_id is None or visitor.session_id == session_id
                session_id = visitor.session_id
                sockets.append((visitor.socket_id, visitor.cookie("diskret_backend")))
                replies = await visitor.say(text, timeout=30)
                received.append([r.get("text") for r in replies])
                await asyncio.sleep(0.3)
                strays.append(visitor.replies.qsize())
            finally:
                await visitor.close()
        return session_id, received, sockets, strays

    session_id, received, sockets, strays = run(converse())
    assert strays == [0] * len(TURNS), "a reply reached the visitor twice or late"

    # where each turn went, from nginx's access log: every request of a socket went to one server
    routes = [r for r in balancer.routes() if r["uri"].startswith("/socket.io/")]
    served_by = []
    for sid, cookie in sockets:
        upstreams = {r["upstream"] for r in routes if r["sid"] == sid}
        assert len(upstreams) == 1, (sid, upstreams, routes)
        port = upstreams.pop().rsplit(":", 1)[1]
        assert port in backends
        assert cookie == str([stack.rasa_port, second_rasa].index(int(port))), (sid, cookie, port)
        posts = [r for r in routes if r["sid"] == sid and r["method"] == "POST"]
        assert posts and all(r["status"] == "200" for r in posts), posts  # the turn was sent over this socket
        served_by.append(port)
    assert set(served_by) == backends, f"both servers must take turns, got {served_by}"
    assert all(a != b for a, b in zip(served_by, served_by[1:])), f"round-robin alternates: {served_by}"
    assert all(r["status"] != "400" for r in routes), "a socket.io request reached a server without its session"

    events = user_and_bot_events(stack, session_id)
    assert [e["text"] for e in events if e["event"] == "user"] == TURNS  # none lost, duplicated or reordered
    groups = turns_of(events)
    assert len(groups) == len(TURNS)
    unavailable = {APOLOGIES[kind]["de"] for kind in APOLOGIES}
    for turn, (stored, got) in enumerate(zip(groups, received)):
        assert got and not set(got) & unavailable, (turn, got)
        parts = [part.strip()[:12] for e in stored for part in (e.get("text") or "").split("\n\n") if part.strip()]
        assert parts == [(text or "").strip()[:12] for text in got], (turn, stored, got)
