"""Faults mid-conversation: Redis, the action server and the database go away and come back.

Runs on a private stack (its own redis-server and PostgreSQL cluster, see conftest.py), so the
shared servers are never stopped. While something is down the visitor gets a clear, localized
message within a bounded time, both servers stay up, nothing raw is written anywhere, and the
conversation continues once the service is back.
"""
from __future__ import annotations

import asyncio
import json
import time

import pytest
import requests

from bot.channel import APOLOGIES
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration

CANARY_EMAIL = "stoerfall.z8q4@example.org"
CANARY_NAME = "Waltraud Quellenbrink"
REPLY_TIMEOUT = 20  # a degraded service must answer well within this


def assert_up(private) -> None:
    for name, process in private.stack.processes.items():
        assert process.poll() is None, f"{name} exited: {private.stack.log_text()[-3000:]}"


def assert_no_canary_in_logs(private) -> None:
    logs = private.stack.log_text()
    for canary in (CANARY_EMAIL, CANARY_NAME, "Quellenbrink"):
        assert canary not in logs


async def say(visitor: ChatVisitor, text: str):
    started = time.monotonic()
    replies = await visitor.say(text, timeout=REPLY_TIMEOUT)
    return texts(replies), time.monotonic() - started


def test_redis_outage_mid_conversation(private_stack, run):
    """Redis goes down in the middle of the consultation form and comes back (with its
    append-only file, as ``make run`` starts it): the visitor is told, and the form goes
    on where it was, so no conversation is lost."""
    private = private_stack
    private.clear_rate_limits()

    async def scenario():
        visitor = await ChatVisitor(private.stack.url, language="en").connect()
        try:
            before, _ = await say(visitor, "Hello there")
            assert before and APOLOGIES["unavailable"]["en"] not in before
            await say(visitor, "I would like to book a free consultation")
            asked_name, _ = await say(visitor, "Yes, I agree")
            assert "What's your name?" in asked_name, asked_name
            private.redis_server.stop()
            try:
                unready = requests.get(f"{private.stack.url}/ready", timeout=30)
                assert unready.status_code == 503 and unready.json()["checks"]["redis"] is False, unready.text
                during, seconds = await say(visitor, f"my name is {CANARY_NAME}, mail {CANARY_EMAIL}")
                assert APOLOGIES["unavailable"]["en"] in during, during
                assert seconds < 10
                german = await ChatVisitor(private.stack.url, language="de").connect()
                try:
                    during_de, _ = await say(german, f"Ich bin {CANARY_NAME}")
                    assert APOLOGIES["unavailable"]["de"] in during_de, during_de
                finally:
                    await german.close()
                assert_up(private)
            finally:
                private.redis_server.start()
            after, _ = await say(visitor, f"My name is {CANARY_NAME}")
            assert APOLOGIES["unavailable"]["en"] not in after, after
            assert "Which e-mail address" in after, after  # the form remembered where it was
            return visitor.session_id
        finally:
            await visitor.close()

    run(scenario())
    assert_up(private)
    assert_no_canary_in_logs(private)
    dump = "\n".join(str(private.stack.redis().get(k)) for k in private.stack.redis_keys()
                     if private.stack.redis().type(k) == b"string")
    assert CANARY_EMAIL not in dump and CANARY_NAME not in dump


def test_action_server_killed_mid_conversation(private_stack, run):
    private = private_stack
    private.clear_rate_limits()

    async def scenario():
        visitor = await ChatVisitor(private.stack.url, language="de").connect()
        try:
            before, _ = await say(visitor, "Hallo zusammen")
            assert before
            private.stack.processes["actions"].kill()  # no graceful shutdown
            private.stack.processes["actions"].wait(timeout=10)
            try:
                during, seconds = await say(visitor, "Ich möchte eine kostenlose Beratung")
                assert APOLOGIES["unavailable"]["de"] in during, during
                assert seconds < REPLY_TIMEOUT
                assert private.stack.processes["rasa"].poll() is None
            finally:
                private.stack.start_actions()
            after, _ = await say(visitor, "Ich möchte eine kostenlose Beratung")
            assert APOLOGIES["unavailable"]["de"] not in after, after
            assert "einwillig" in after.lower() or "einverstanden" in after.lower() or "?" in after, after
        finally:
            await visitor.close()

    run(scenario())
    assert_up(private)


def archived_event_count(private, conversation_id: str) -> int:
    import psycopg2
    from contextlib import closing

    schema = private.stack.schema
    with closing(psycopg2.connect(private.postgres.url, connect_timeout=5)) as connection, connection.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema.name,))
        tables = {row[0] for row in cur.fetchall()}
        table = next((t for t in ("archived_events", "archive_events", "archived_event") if t in tables), None)
        assert table, tables
        cur.execute(f'SELECT count(*) FROM "{schema.name}"."{table}" WHERE conversation_id = %s', (conversation_id,))
        return cur.fetchone()[0]


def test_database_outage_during_consultation_form(private_stack, run):
    private = private_stack
    private.clear_rate_limits()

    async def scenario():
        visitor = await ChatVisitor(private.stack.url, language="en").connect()
        try:
            await say(visitor, "Hello there")
            await say(visitor, "I would like to book a free consultation")
            private.postgres.stop()
            try:
                during, seconds = await say(visitor, "Yes, I agree")  # the consent cannot be recorded
                assert APOLOGIES["unavailable"]["en"] in during, during
                assert seconds < REPLY_TIMEOUT
                assert_up(private)
            finally:
                private.postgres.start()
            agreed, _ = await say(visitor, "Yes, I agree")
            assert APOLOGIES["unavailable"]["en"] not in agreed, agreed
            private.postgres.stop()
            try:
                # the name goes to the vault on the way in: refused, nothing stored, clear message
                during, _ = await say(visitor, f"My name is {CANARY_NAME}")
                assert APOLOGIES["unavailable"]["en"] in during, during
            finally:
                private.postgres.start()
            named, _ = await say(visitor, f"My name is {CANARY_NAME}")
            assert APOLOGIES["unavailable"]["en"] not in named, named
            return private.stack.conversation_id(visitor.session_id)
        finally:
            await visitor.close()

    conversation_id = run(scenario())
    assert_up(private)
    assert_no_canary_in_logs(private)
    # the archive buffered what happened while the database was away, and wrote it when it came back
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and archived_event_count(private, conversation_id) == 0:
        time.sleep(1)
    assert archived_event_count(private, conversation_id) > 0
