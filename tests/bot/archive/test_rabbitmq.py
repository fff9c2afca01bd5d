"""Rasa's RabbitMQ broker as the archive uses it: confirmed persistent messages in a durable queue,
publishing that never waits, and nothing lost while RabbitMQ is away (kept, then spooled)."""
from __future__ import annotations

import asyncio
import json
import time
from typing import List

import aio_pika

from bot.archive.rabbitmq import RabbitMQArchiveBroker
from bot.archive.spool import Spool
from tests.bot.archive.support import conversation
from tests.support import rabbitmq
from tests.support.stack import free_port

URL = rabbitmq.RABBITMQ_URL


async def settle(broker: RabbitMQArchiveBroker, timeout: float = 10) -> None:
    """Until every publish so far has RabbitMQ's answer (a confirmed publish may send kept ones again)."""
    deadline = time.monotonic() + timeout
    while broker._background_tasks and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


async def connected(url: str, queue: str, spool: Spool, **options) -> RabbitMQArchiveBroker:
    broker = RabbitMQArchiveBroker(url, queue, spool, **options)
    broker.start()
    deadline = time.monotonic() + 10
    while not broker.is_ready() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return broker


def bodies(messages: List[bytes]) -> List[dict]:
    return [json.loads(body) for body in messages]


def test_events_arrive_as_persistent_messages_in_a_durable_queue(archive_queue, tmp_path, run):
    events = conversation("rmq-1", lead=True)

    async def scenario():
        broker = await connected(URL, archive_queue, Spool(tmp_path / "spool.jsonl"))
        assert broker.is_ready()
        started = time.perf_counter()
        for event in events:
            broker.publish(event)
        elapsed = time.perf_counter() - started
        await settle(broker)
        await broker.close()
        connection = await aio_pika.connect(URL)
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(archive_queue, durable=True)  # a mismatch would close the channel
            assert queue.declaration_result.message_count == len(events)
            received = []
            while (message := await queue.get(fail=False)) is not None:
                assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
                received.append(message.body)
                await message.ack()
        return elapsed, received

    elapsed, received = run(scenario())
    assert elapsed < 0.05, "publishing only schedules a task on the loop"
    assert bodies(received) == events


def test_unreachable_rabbitmq_keeps_events_and_spools_them_at_shutdown(archive_queue, tmp_path, run):
    spool = Spool(tmp_path / "spool.jsonl")
    events = conversation("rmq-down", lead=True)

    async def while_down():
        broker = RabbitMQArchiveBroker(f"amqp://guest:guest@127.0.0.1:{free_port()}/", archive_queue, spool,
                                       reconnect_seconds=0.2)
        broker.start()
        started = time.perf_counter()
        for event in events:
            broker.publish(event)
        assert time.perf_counter() - started < 0.05
        await settle(broker, timeout=1)
        assert len(broker._unpublished_events) == len(events) and not broker.is_ready()
        await broker.close()

    run(while_down())
    assert [json.loads(line) for line in spool.path.read_text().splitlines()] == events

    async def next_start():
        broker = await connected(URL, archive_queue, spool)
        await asyncio.sleep(0.2)
        await settle(broker)
        await broker.close()

    run(next_start())
    assert not spool, "the spool is sent once RabbitMQ answers"
    assert sorted(bodies(run(rabbitmq.take_all(URL, archive_queue))), key=lambda e: e["timestamp"]) == events


def test_a_long_outage_moves_kept_events_to_disk(archive_queue, tmp_path, run):
    spool = Spool(tmp_path / "spool.jsonl")

    async def scenario():
        broker = RabbitMQArchiveBroker(f"amqp://127.0.0.1:{free_port()}/", archive_queue, spool, buffer_limit=4,
                                       reconnect_seconds=0.2)
        broker.start()
        for index in range(10):
            broker.publish(conversation(f"long-{index}")[1])
        await settle(broker, timeout=1)
        assert len(broker._unpublished_events) <= 4 and spool
        await broker.close()

    run(scenario())
    assert len(spool.path.read_text().splitlines()) == 10


def test_the_password_stays_out_of_rasas_log_lines(tmp_path):
    async def built():
        return RabbitMQArchiveBroker("amqp://diskret:s3cr%40t@rabbit.internal:5673/prod", "q",
                                     Spool(tmp_path / "spool.jsonl"))

    broker = asyncio.run(built())
    assert broker.host == "amqp://rabbit.internal:5673/prod"
    assert broker._configure_url() == "amqp://diskret:s3cr%40t@rabbit.internal:5673/prod"


def test_events_not_yet_sent_at_shutdown_are_spooled(archive_queue, tmp_path, run, monkeypatch):
    """Even publishes whose task has not started when Rasa stops (no time left to wait)."""
    from bot.archive import rabbitmq as module

    monkeypatch.setattr(module, "CLOSE_SECONDS", 0)
    spool = Spool(tmp_path / "spool.jsonl")
    events = conversation("stopping", lead=True)

    async def scenario():
        broker = RabbitMQArchiveBroker(f"amqp://127.0.0.1:{free_port()}/", archive_queue, spool)
        for event in events:
            broker.publish(event)
        await broker.close()

    run(scenario())
    assert [json.loads(line) for line in spool.path.read_text().splitlines()] == events
