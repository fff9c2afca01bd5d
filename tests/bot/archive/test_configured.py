"""endpoints.yml names one broker; the settings choose the in-process archive or RabbitMQ."""
from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from core import settings as config
from core.settings import PROJECT_ROOT
from bot.archive.broker import ArchiveEventBroker
from bot.archive.rabbitmq import RabbitMQArchiveBroker
from tests.support import rabbitmq

ENDPOINT = EndpointConfig(type="bot.archive.configured.ConfiguredEventBroker")


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("ARCHIVE_SPOOL_PATH", str(tmp_path / "spool.jsonl"))
    config.get_settings.cache_clear()
    yield monkeypatch
    config.get_settings.cache_clear()


def test_endpoints_yml_names_the_configured_broker():
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["event_broker"] == {"type": ENDPOINT.type}


def test_without_a_broker_url_the_rasa_server_archives_by_itself(environment):
    environment.setenv("ARCHIVE_BROKER_URL", "")
    broker = asyncio.run(EventBroker.create(ENDPOINT))
    assert isinstance(broker, ArchiveEventBroker)
    asyncio.run(broker.close())


def test_with_a_broker_url_events_go_to_rabbitmq(environment, archive_queue):
    environment.setenv("ARCHIVE_BROKER_URL", rabbitmq.RABBITMQ_URL)
    environment.setenv("ARCHIVE_QUEUE", archive_queue)

    async def created():
        broker = await EventBroker.create(ENDPOINT)
        for _ in range(100):
            if broker.is_ready():
                break
            await asyncio.sleep(0.05)
        ready = broker.is_ready()
        await broker.close()
        return broker, ready

    broker, ready = asyncio.run(created())
    assert isinstance(broker, RabbitMQArchiveBroker) and ready
    assert broker.queues == [archive_queue] and broker.exchange_name == archive_queue
