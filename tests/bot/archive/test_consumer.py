"""The archive consumer acknowledges only what the database committed, retries while it is down,
and stores a redelivered event once."""
from __future__ import annotations

import asyncio
import json
import time

import aio_pika

from bot.archive.consumer import ArchiveConsumer
from bot.archive.rabbitmq import declare_archive_queue
from bot.archive.store import TranscriptArchive
from bot.archive.writer import ArchiveWriter
from core.storage.database import Database
from tests.bot.archive.support import conversation, fake_redact
from tests.bot.archive.test_broker import REFUSING
from tests.support import rabbitmq

URL = rabbitmq.RABBITMQ_URL


async def publish(queue: str, *bodies: bytes) -> None:
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        exchange, _ = await declare_archive_queue(channel, queue)
        for body in bodies:
            await exchange.publish(aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT), "")


def encoded(*events: dict) -> list:
    return [json.dumps(event).encode() for event in events]


async def consume_until(consumer: ArchiveConsumer, done, timeout: float = 15) -> None:
    """Run ``consumer`` until ``done()`` holds (or ``timeout``), then stop it as SIGTERM would."""
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline and not task.done():
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 15)


def consumer_for(database: Database, queue: str, **options) -> ArchiveConsumer:
    options = {"batch_seconds": 0.1, "retry_seconds": (0.05, 0.1), **options}
    return ArchiveConsumer(ArchiveWriter(database, redact=fake_redact), URL, queue, **options)


def test_events_are_written_in_batches_and_acknowledged(database, archive_queue, run):
    events = [event for index in range(12) for event in conversation(f"c-{index}", lead=True)]
    run(publish(archive_queue, *encoded(*events)))
    consumer = consumer_for(database, archive_queue, batch_size=25)
    run(consume_until(consumer, lambda: consumer.stored == len(events)))
    assert consumer.stored == len(events)
    assert TranscriptArchive(database).conversations()[1] == 12
    found = TranscriptArchive(database).transcript("c-0")
    assert "oliver.sampleton" not in json.dumps(found), "the consumer's writer redacts again"
    assert run(rabbitmq.waiting(URL, archive_queue)) == 0, "everything stored is acknowledged"


def test_database_down_acknowledges_nothing_and_loses_nothing(database, archive_queue, run):
    events = conversation("down", lead=True)
    run(publish(archive_queue, *encoded(*events)))
    down = consumer_for(Database(REFUSING), archive_queue)
    run(consume_until(down, lambda: False, timeout=1.5))
    assert down.stored == 0
    assert run(rabbitmq.waiting(URL, archive_queue)) == len(events), "unacknowledged messages went back to the queue"
    back = consumer_for(database, archive_queue)
    run(consume_until(back, lambda: back.stored == len(events)))
    assert len(TranscriptArchive(database).transcript("down")["events"]) == len(events)


def test_redelivered_events_are_stored_once(database, archive_queue, run):
    events = conversation("redelivered", lead=True)
    ArchiveWriter(database, redact=fake_redact).write(events[:4])  # committed, but the acknowledgement was lost
    run(publish(archive_queue, *encoded(*events)))
    consumer = consumer_for(database, archive_queue)
    run(consume_until(consumer, lambda: consumer.stored == len(events)))
    found = TranscriptArchive(database).transcript("redelivered")
    assert len(found["events"]) == len(events) and found["user_messages"] == 3


def test_an_unreadable_message_is_dropped_and_the_rest_stored(database, archive_queue, run):
    events = conversation("mixed")
    run(publish(archive_queue, b"not json", *encoded(*events), b"[1, 2]"))
    consumer = consumer_for(database, archive_queue)
    run(consume_until(consumer, lambda: consumer.stored == len(events)))
    assert len(TranscriptArchive(database).transcript("mixed")["events"]) == len(events)
    assert run(rabbitmq.waiting(URL, archive_queue)) == 0
