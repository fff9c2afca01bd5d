"""The archive's path over RabbitMQ, for several Rasa servers: Rasa's own ``PikaEventBroker``, set up so
that nothing is lost, and the queue both it and ``python -m bot archive-consumer`` declare.

Chosen by ``ARCHIVE_BROKER_URL`` (``bot.archive.configured``). Events arrive already redacted from the
tracker store and go to a durable fanout exchange bound to a durable queue, both named
``ARCHIVE_QUEUE``, as persistent messages. Publishing is a task on Rasa's loop, so it never delays a
reply; an event counts as sent only when RabbitMQ confirms it. Unconfirmed events are kept and sent
again when the connection is back (or the next publish is confirmed); beyond ``buffer_limit`` of them,
and at shutdown, they wait in the spool file, which is sent first once RabbitMQ answers again.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Dict, Optional, Text, Tuple
from urllib.parse import unquote, urlparse

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue
from pamqp.commands import Basic
from rasa.core.brokers.pika import PikaEventBroker

from core.settings import Settings
from bot.archive.spool import Spool

logger = logging.getLogger(__name__)

BUFFER_LIMIT = 5_000
RECONNECT_SECONDS = 5.0
CLOSE_SECONDS = 5.0


async def declare_archive_queue(channel: AbstractChannel, name: str) -> Tuple[AbstractExchange, AbstractQueue]:
    """The exchange and queue of the archive, both durable so a RabbitMQ restart keeps them, their
    binding and the persistent messages; declaring is idempotent, so publishers and consumers both do."""
    exchange = await channel.declare_exchange(name, aio_pika.ExchangeType.FANOUT, durable=True)
    queue = await channel.declare_queue(name, durable=True)
    await queue.bind(exchange, "")
    return exchange, queue


class RabbitMQArchiveBroker(PikaEventBroker):
    """Publishes redacted events to the archive queue; keeps every event RabbitMQ has not confirmed."""

    def __init__(self, url: str, queue: str, spool: Spool, buffer_limit: int = BUFFER_LIMIT,
                 reconnect_seconds: float = RECONNECT_SECONDS, event_loop: Optional[asyncio.AbstractEventLoop] = None
                 ) -> None:
        parsed = urlparse(url)
        port = parsed.port or (5671 if parsed.scheme == "amqps" else 5672)
        # Rasa logs ``host``: the address without credentials; connections use ``url`` (``_configure_url``).
        super().__init__(host=f"{parsed.scheme}://{parsed.hostname}:{port}{parsed.path}",
                         username=unquote(parsed.username or "guest"),
                         password=unquote(parsed.password or "guest"), port=port, queues=[queue],
                         exchange_name=queue, event_loop=event_loop, connection_attempts=1, retry_delay_in_seconds=0)
        self.url = url
        self.spool = spool
        self.buffer_limit = buffer_limit
        self.reconnect_seconds = reconnect_seconds
        self._sending: Dict[int, Dict[Text, Any]] = {}  # by id(): events not yet confirmed nor kept
        self._failing = False
        self._connecting: Optional[asyncio.Task] = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "RabbitMQArchiveBroker":
        """Built from ``ARCHIVE_BROKER_URL``, ``ARCHIVE_QUEUE`` and ``ARCHIVE_SPOOL_PATH``; call ``start``."""
        return cls(settings.archive_broker_url, settings.archive_queue, Spool(Path(settings.archive_spool_path)))

    def start(self) -> None:
        """Connect in the background: Rasa serves at once, and events wait until RabbitMQ answers."""
        self._connecting = self._loop.create_task(self._connect_until_connected())

    async def _connect_until_connected(self) -> None:
        attempt = 0
        while True:
            try:
                await self.connect()
                break
            except Exception as error:  # every kind of network or AMQP error: try again
                await self._discard_connection()
                attempt += 1
                if attempt == 1:
                    logger.warning("RabbitMQ not reachable for the archive (%s); events wait, retrying every %s s",
                                   type(error).__name__, self.reconnect_seconds)
                await asyncio.sleep(self.reconnect_seconds)
        if attempt:
            logger.info("RabbitMQ reachable for the archive")
        self._publish_unpublished_messages()  # what waited, also in a previous process's spool

    async def _discard_connection(self) -> None:
        if self._connection is not None:
            await asyncio.gather(self._connection.close(), return_exceptions=True)
        self._connection, self._exchange = None, None

    def _configure_url(self) -> Optional[Text]:
        """The URL as configured (Rasa's own rebuilding mishandles other ports and escaped passwords)."""
        return self.url

    async def _set_up_exchange(self, channel: aio_pika.RobustChannel) -> aio_pika.RobustExchange:
        exchange, _ = await declare_archive_queue(channel, self.exchange_name)
        return exchange  # type: ignore[return-value]

    def publish(self, event: Dict[Text, Any], headers: Optional[Dict[Text, Text]] = None) -> None:
        """Schedule the publish (never waits); the event is held from now until RabbitMQ confirms it."""
        self._sending[id(event)] = event
        super().publish(event, headers)

    async def _publish(self, event: Dict[Text, Any], headers: Optional[Dict[Text, Text]] = None) -> None:
        """Publish and wait for RabbitMQ's confirmation; without one, keep the event for later."""
        try:
            if self._exchange is None:
                raise ConnectionError("not connected yet")
            confirmation = await self._exchange.publish(self._message(event, headers), "")
            if not isinstance(confirmation, Basic.Ack):  # returned unrouted: no queue took it
                raise LookupError(f"queue {self.exchange_name!r} did not take the event")
        except Exception as error:  # connection lost, channel closed, nacked or returned
            self._keep(event, error)
            return
        finally:
            self._sending.pop(id(event), None)
        if self._failing:
            self._failing = False
            logger.info("RabbitMQ confirms archive events again; sending the ones kept")
        if self._unpublished_events or self.spool:
            self._publish_unpublished_messages()

    def _keep(self, event: Dict[Text, Any], error: Exception) -> None:
        if not self._failing:
            self._failing = True
            logger.warning("RabbitMQ did not confirm an archive event (%s); keeping events until it does",
                           type(error).__name__)
        self._unpublished_events.append(event)
        if len(self._unpublished_events) > self.buffer_limit:
            self.spool.append(list(self._unpublished_events))
            self._unpublished_events.clear()

    def _publish_unpublished_messages(self, *_: Any, **__: Any) -> None:
        """Send again what was kept, the spool first (also called by the connection on reconnect)."""
        waiting = self.spool.take() + list(self._unpublished_events)
        self._unpublished_events.clear()
        for event in waiting:
            self.publish(event)

    async def close(self) -> None:
        """Give unconfirmed publishes a moment, spool what is still not confirmed, then disconnect."""
        if self._connecting is not None:
            self._connecting.cancel()
        if self._background_tasks:
            await asyncio.wait(set(self._background_tasks), timeout=CLOSE_SECONDS)
        self.spool.append([*self._sending.values(), *self._unpublished_events])
        self._sending.clear()
        self._unpublished_events.clear()
        await super().close()
