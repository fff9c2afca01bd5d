"""The event broker ``endpoints.yml`` names: the archive's path chosen by settings, not by editing YAML.

With ``ARCHIVE_BROKER_URL`` empty (the default, one Rasa server) events go to the in-process
``ArchiveEventBroker``, which writes the database itself. With an ``amqp://`` URL (several Rasa
servers) they go to RabbitMQ through ``RabbitMQArchiveBroker`` and ``python -m bot archive-consumer``
writes them. Either way the tracker store publishes only redacted events.
"""
from __future__ import annotations

from asyncio import AbstractEventLoop
from typing import Optional

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from core.settings import get_settings
from bot.archive.broker import ArchiveEventBroker
from bot.archive.rabbitmq import RabbitMQArchiveBroker


class ConfiguredEventBroker:
    """A factory Rasa calls like a broker class (``from_endpoint_config``); it is never a broker itself."""

    @staticmethod
    async def from_endpoint_config(broker_config: EndpointConfig,
                                   event_loop: Optional[AbstractEventLoop] = None) -> EventBroker:
        cfg = get_settings()
        if not cfg.archive_broker_url:
            return await ArchiveEventBroker.from_endpoint_config(broker_config, event_loop)
        broker = RabbitMQArchiveBroker.from_settings(cfg)
        broker.start()
        return broker
