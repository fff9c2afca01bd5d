"""Queues on a test RabbitMQ: unique names, reading what went through, cleaning up.

Tests that only publish and consume use the machine's RabbitMQ (``DISKRET_TEST_RABBITMQ``, default
127.0.0.1:5672) with a queue of their own, deleted afterwards; tests that restart the broker use a
private node (``tests.support.services.TempRabbitMQ``). Without either, they are skipped.
"""
from __future__ import annotations

import asyncio
import os
import uuid
from typing import List

import aio_pika

RABBITMQ_URL = os.environ.get("DISKRET_TEST_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672/")


def unique_queue() -> str:
    return f"diskret.test.{uuid.uuid4().hex[:12]}"


def reachable(url: str = RABBITMQ_URL) -> bool:
    async def attempt() -> None:
        connection = await aio_pika.connect(url, timeout=2)
        await connection.close()

    try:
        asyncio.run(attempt())
    except Exception:
        return False
    return True


async def tap(url: str, exchange: str) -> str:
    """A second durable queue bound to the archive's exchange: a copy of every message published."""
    name = f"{exchange}.tap"
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        source = await channel.declare_exchange(exchange, aio_pika.ExchangeType.FANOUT, durable=True)
        queue = await channel.declare_queue(name, durable=True)
        await queue.bind(source, "")
    return name


async def take_all(url: str, queue: str) -> List[bytes]:
    """Every message waiting in ``queue``, removed from it."""
    bodies = []
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        source = await channel.declare_queue(queue, passive=True)
        while True:
            message = await source.get(fail=False)
            if message is None:
                return bodies
            bodies.append(message.body)
            await message.ack()


async def waiting(url: str, queue: str) -> int:
    """Messages ready in ``queue`` (unacknowledged ones held by a consumer not counted)."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return declared.declaration_result.message_count or 0


async def delete(url: str, *names: str) -> None:
    """Remove the queues and exchanges named ``names`` (those that exist)."""
    connection = await aio_pika.connect(url)
    async with connection:
        for name in names:
            channel = await connection.channel()
            await asyncio.gather(channel.queue_delete(name), return_exceptions=True)
            channel = await connection.channel()
            await asyncio.gather(channel.exchange_delete(name), return_exceptions=True)
