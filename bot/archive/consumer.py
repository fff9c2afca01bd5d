"""Writes the archive from RabbitMQ: the work of ``python -m bot archive-consumer``.

RabbitMQ hands this consumer at most ``batch_size`` unacknowledged messages (prefetch). They are
written in one transaction by ``ArchiveWriter`` (which redacts again) and acknowledged only after
the commit. While the database is down nothing is acknowledged and the batch is retried; if the
process dies or loses its connection first, RabbitMQ delivers the messages again, to this or another
consumer, and the writer stores each event once. Several consumers may run side by side.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Dict, List, Optional, Sequence, Tuple

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from bot.archive.rabbitmq import declare_archive_queue
from bot.archive.writer import ArchiveWriter

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
BATCH_SECONDS = 0.5
RETRY_SECONDS = (0.5, 1, 2, 5, 10, 30)


class ArchiveConsumer:
    """Consumes the archive queue in batches, acknowledging each batch after its commit."""

    def __init__(self, writer: ArchiveWriter, url: str, queue: str, batch_size: int = BATCH_SIZE,
                 batch_seconds: float = BATCH_SECONDS, retry_seconds: Sequence[float] = RETRY_SECONDS) -> None:
        self.writer = writer
        self.url = url
        self.queue = queue
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.retry_seconds = tuple(retry_seconds)
        self.stored = 0
        self._messages: List[Tuple[AbstractIncomingMessage, Dict[str, Any]]] = []
        self._full = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; then store what was taken if the database allows, and disconnect
        (whatever is not acknowledged by then goes back to the queue)."""
        connection = await self._connect(stop)
        if connection is None:
            return
        try:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=self.batch_size)
            _, queue = await declare_archive_queue(channel, self.queue)
            consumer_tag = await queue.consume(self._take)
            logger.info("Archive consumer reading queue %r", self.queue)
            while not stop.is_set():
                await _first_of(stop.wait(), self._full.wait(), timeout=self.batch_seconds)
                while self._messages and not stop.is_set():
                    await self._store(stop, retry=True)
            await asyncio.gather(queue.cancel(consumer_tag), return_exceptions=True)
            if self._messages:
                await self._store(stop, retry=False)
        finally:
            await connection.close()

    async def _connect(self, stop: asyncio.Event) -> Optional[AbstractRobustConnection]:
        """A robust connection (it reconnects and resumes consuming by itself), retried until ``stop``."""
        failures = 0
        while not stop.is_set():
            try:
                return await aio_pika.connect_robust(self.url)
            except Exception as error:  # RabbitMQ not up yet: keep trying, as a service manager would
                failures += 1
                if failures == 1:
                    logger.warning("RabbitMQ not reachable (%s); retrying", type(error).__name__)
                await _first_of(stop.wait(), timeout=self._delay(failures))
        return None

    async def _take(self, message: AbstractIncomingMessage) -> None:
        event = await _readable(message)
        if event is not None:
            self._messages.append((message, event))
        if len(self._messages) >= self.batch_size:
            self._full.set()

    async def _store(self, stop: asyncio.Event, retry: bool) -> None:
        """Write the oldest batch and acknowledge it; on failure keep it unacknowledged and, with
        ``retry``, try again after a pause (until ``stop``)."""
        batch = self._messages[:self.batch_size]
        events = [event for _, event in batch]
        failures = 0
        while True:
            try:
                await asyncio.to_thread(self.writer.write, events)
                break
            except Exception as error:  # database (or redaction) unavailable: nothing acknowledged
                failures += 1
                if failures == 1:
                    logger.warning("Archive database unavailable (%s); %d events stay in the queue",
                                   type(error).__name__, len(events))
                if not retry or stop.is_set():
                    return
                await _first_of(stop.wait(), timeout=self._delay(failures))
                if stop.is_set():
                    return
        if failures:
            logger.info("Archive database available again")
        del self._messages[:len(batch)]
        self._full.clear()
        self.stored += len(events)
        for message, _ in batch:
            try:
                await message.ack()
            except Exception:  # its channel is gone: RabbitMQ delivers it again and the writer skips it
                logger.debug("Acknowledgement lost with its channel; the event will be skipped when redelivered")

    def _delay(self, failures: int) -> float:
        return self.retry_seconds[min(failures, len(self.retry_seconds)) - 1]


async def _readable(message: AbstractIncomingMessage) -> Optional[Dict[str, Any]]:
    """The event in ``message``; an unreadable message is rejected (dropped), never retried forever."""
    try:
        event = json.loads(message.body)
        if isinstance(event, dict):
            return event
    except ValueError:
        pass
    logger.warning("Dropping an archive message that is not a JSON event (%d bytes)", len(message.body))
    await asyncio.gather(message.reject(requeue=False), return_exceptions=True)
    return None


async def _first_of(*awaitables: Awaitable[Any], timeout: float) -> None:
    """Wait until one of ``awaitables`` finishes or ``timeout`` passes; cancel the rest."""
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
