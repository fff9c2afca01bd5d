"""The archive over RabbitMQ with two Rasa servers, one consumer, and a broker restart mid-conversation.

A private RabbitMQ node (never the machine's shared one) carries the events of a private stack whose
servers both have ARCHIVE_BROKER_URL set; visitors alternate between the servers and send canaries.
RabbitMQ is stopped after the first turns and started again two turns later. Then every user and
bot message in Redis must be in the archive exactly once, and no message that went through the
queue (a second queue bound to the same exchange keeps a copy of each) may hold a canary.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from datetime import datetime, timezone
from typing import Dict, Iterator, List, Tuple

import pytest

from bot.archive.store import TranscriptArchive
from bot.channel import APOLOGIES
from core.storage.database import Database
from tests.integration.test_canary import CANARIES, FREE_TEXT_DE, FREE_TEXT_EN, all_canaries
from tests.support import rabbitmq
from tests.support.chat import ChatVisitor
from tests.support.services import TempRabbitMQ
from tests.support.stack import Stack

pytestmark = pytest.mark.integration

SCRIPTS: Dict[str, Tuple[str, List[str]]] = {
    "free_de": ("de", ["Hallo zusammen", FREE_TEXT_DE[0], FREE_TEXT_DE[1], "Was kostet SEO?", FREE_TEXT_DE[2],
                       FREE_TEXT_DE[3], FREE_TEXT_DE[4]]),
    "free_en": ("en", ["Hello", FREE_TEXT_EN[0], "What do you offer?", FREE_TEXT_EN[1], "How much is a website?",
                       "Thanks", "Bye"]),
    "consented": ("de", ["Ich möchte eine kostenlose Beratung", "Ja, ich willige ein", CANARIES["PERSON"],
                         CANARIES["EMAIL"], CANARIES["PHONE"], "Bäckerei Huber GmbH", "SEO"]),
}
BEFORE, DURING = 3, 2  # turns before RabbitMQ stops, turns while it is down; the rest after it is back
UNAVAILABLE = {text for kind in APOLOGIES.values() for text in kind.values()}


@pytest.fixture(scope="module")
def rabbit() -> Iterator[TempRabbitMQ]:
    if not TempRabbitMQ.installed():
        pytest.skip("rabbitmq-server is not installed (Debian package rabbitmq-server)")
    node = TempRabbitMQ().start()
    try:
        yield node
    finally:
        node.remove()


@pytest.fixture(scope="module")
def rabbit_stack(tmp_path_factory: pytest.TempPathFactory, rabbit: TempRabbitMQ) -> Iterator[Dict]:
    """Two Rasa servers publishing to the private node, one consumer writing, a tap queue copying."""
    workdir = tmp_path_factory.mktemp("rabbit-stack")
    queue = rabbitmq.unique_queue()
    tap = asyncio.run(rabbitmq.tap(rabbit.url, queue))  # bound before the first event is published
    stack = Stack(workdir, log_level="INFO", extra_env={"ARCHIVE_BROKER_URL": rabbit.url, "ARCHIVE_QUEUE": queue})
    second_spool = workdir / "archive-spool-rasa2.jsonl"
    try:
        stack.start()
        second = stack.start_extra_rasa("rasa2", extra_env={"ARCHIVE_SPOOL_PATH": str(second_spool)})
        stack.start_archive_consumer()
        yield {"stack": stack, "urls": [stack.url, f"http://127.0.0.1:{second}"], "queue": queue, "tap": tap,
               "spools": [workdir / "archive-spool.jsonl", second_spool]}
    finally:
        try:
            stack.stop()
        finally:
            if rabbit.process is not None:
                asyncio.run(rabbitmq.delete(rabbit.url, queue, tap))


async def _open(urls: List[str], language: str) -> List[ChatVisitor]:
    first = await ChatVisitor(urls[0], language=language).connect()
    second = await ChatVisitor(urls[1], language=language, session_id=first.session_id).connect()
    return [first, second]


async def _turns(visitors: List[ChatVisitor], lines: List[str], start: int) -> List[List[str]]:
    """Each line on the other server than the one before."""
    replies = []
    for turn, line in enumerate(lines, start):
        got = await visitors[turn % 2].say(line, timeout=45)
        replies.append([reply.get("text", "") for reply in got])
    return replies


@pytest.fixture(scope="module")
def conversations(rabbit_stack: Dict, rabbit: TempRabbitMQ) -> Dict[str, Dict]:
    urls = rabbit_stack["urls"]

    async def converse() -> Dict[str, Dict]:
        pairs = {name: await _open(urls, language) for name, (language, _) in SCRIPTS.items()}
        replies: Dict[str, List[List[str]]] = {name: [] for name in SCRIPTS}

        async def phase(first: int, last: int) -> None:
            results = await asyncio.gather(*(_turns(pairs[name], lines[first:last], first)
                                             for name, (_, lines) in SCRIPTS.items()))
            for name, got in zip(SCRIPTS, results):
                replies[name] += got

        try:
            await phase(0, BEFORE)
            await asyncio.to_thread(rabbit.stop)
            await phase(BEFORE, BEFORE + DURING)
            await asyncio.to_thread(rabbit.start)
            await phase(BEFORE + DURING, None)
        finally:
            for pair in pairs.values():
                for visitor in pair:
                    await visitor.close()
        conversation_id = rabbit_stack["stack"].conversation_id
        return {name: {"session_id": conversation_id(pairs[name][0].session_id), "replies": replies[name]}
                for name in SCRIPTS}

    return asyncio.run(converse())


def _moment(timestamp: float) -> str:
    """A tracker event's time as the archive keeps it (UTC, to the microsecond)."""
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat()


def _in_redis(stack: Stack, session_id: str) -> Counter:
    raw = stack.redis().get(f"{stack.prefix}:tracker:{session_id}")
    assert raw is not None, "the conversation must be in Redis"
    events = json.loads(raw)["events"]
    return Counter((e["event"], _moment(e["timestamp"]), e.get("text")) for e in events if e["event"] in ("user", "bot"))


def _in_archive(archive: TranscriptArchive, session_id: str) -> Counter:
    found = archive.transcript(session_id) or {"events": []}
    return Counter((e["event"], e["timestamp"], e["text"]) for e in found["events"] if e["event"] in ("user", "bot"))


@pytest.fixture(scope="module")
def archived(rabbit_stack: Dict, conversations: Dict[str, Dict]) -> Dict[str, Tuple[Counter, Counter]]:
    """Redis's and the archive's user and bot messages per conversation, once the consumer caught up."""
    stack = rabbit_stack["stack"]
    archive = TranscriptArchive(Database(stack.schema.url))
    deadline = time.monotonic() + 60
    while True:
        pairs = {name: (_in_redis(stack, run["session_id"]), _in_archive(archive, run["session_id"]))
                 for name, run in conversations.items()}
        if all(expected == found for expected, found in pairs.values()) or time.monotonic() > deadline:
            return pairs
        time.sleep(1)


def test_replies_never_waited_for_the_broker(conversations):
    for name, run in conversations.items():
        assert len(run["replies"]) == len(SCRIPTS[name][1])
        for turn, texts in enumerate(run["replies"]):
            assert texts and not set(texts) & UNAVAILABLE, (name, turn, texts)


def test_every_message_is_archived_exactly_once(archived, rabbit_stack):
    for name, (expected, found) in archived.items():
        assert sum(expected.values()) >= 2 * len(SCRIPTS[name][1])
        assert found == expected, (name, expected - found, found - expected)
        assert set(found.values()) == {1}, "nothing duplicated"
    stack = rabbit_stack["stack"]
    assert "keeping events until it does" in stack.log_text(), "the restart happened while the servers published"
    assert not any(spool.exists() and spool.stat().st_size for spool in rabbit_stack["spools"])


def test_nothing_raw_went_through_the_queue(archived, rabbit_stack, rabbit, run):
    bodies = run(rabbitmq.take_all(rabbit.url, rabbit_stack["tap"]))
    messages = [json.loads(body) for body in bodies]
    seen = {(m["event"], _moment(m["timestamp"])) for m in messages if m.get("event") in ("user", "bot")}
    for expected, _ in archived.values():
        assert {(event, moment) for event, moment, _ in expected} <= seen, "the tap saw every message"
    text = "\n".join(json.dumps(message, ensure_ascii=False) for message in messages).lower()
    leaked = [canary for canary in all_canaries() if canary.lower() in text]
    assert not leaked, f"raw personal data was published: {leaked}"
    assert all(f"[{label}" in text for label in ("email", "person", "phone")), "placeholders went through instead"
