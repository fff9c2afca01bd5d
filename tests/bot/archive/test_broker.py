"""The event broker never delays a reply and loses nothing while the database is away."""
from __future__ import annotations

import asyncio
import json
import time

from prometheus_client import REGISTRY
from rasa.utils.endpoints import EndpointConfig

from core.storage.database import Database
from bot.archive.broker import ArchiveEventBroker
from bot.archive.spool import Spool
from bot.archive.store import TranscriptArchive
from bot.archive.writer import ArchiveWriter
from tests.bot.archive.support import conversation, fake_redact

REFUSING = "postgresql://root@127.0.0.1:1/unreachable?connect_timeout=1"


def broker_for(database: Database, spool: Spool, **options) -> ArchiveEventBroker:
    options.setdefault("batch_seconds", 0.05)
    return ArchiveEventBroker(ArchiveWriter(database, redact=fake_redact), spool, retry_seconds=(0.05, 0.1), **options)


def test_publish_archives_in_the_background(database, tmp_path):
    broker = broker_for(database, Spool(tmp_path / "spool.jsonl"))
    try:
        for event in conversation("bg-1", lead=True):
            broker.publish(event)
        assert broker.flush(10)
        assert TranscriptArchive(database).transcript("bg-1")["lead_created"]
        assert broker.is_ready()
    finally:
        broker.stop()


def test_events_arriving_together_are_written_in_one_transaction(database, tmp_path):
    """A busy server's turns end up in a few large batches, not one transaction per event."""
    broker = broker_for(database, Spool(tmp_path / "spool.jsonl"), batch_seconds=1.0)
    batches = []
    write = broker.writer.write
    broker.writer.write = lambda events: batches.append(len(events)) or write(events)
    try:
        events = conversation("together-1", lead=True) + conversation("together-2")
        for event in events:
            broker.publish(event)
            time.sleep(0.01)
        assert broker.flush(10)
        assert batches == [len(events)]
        assert TranscriptArchive(database).transcript("together-2") is not None
    finally:
        broker.stop()


def test_database_down_does_not_block_and_loses_nothing(database, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    broker = broker_for(Database(REFUSING), spool, buffer_limit=50)
    try:
        events = [event for index in range(40) for event in conversation(f"down-{index}", lead=True)]
        started = time.perf_counter()
        for event in events:
            broker.publish(event)
        assert time.perf_counter() - started < 0.5, "publish must only enqueue"
        time.sleep(0.5)
        assert spool, "with the buffer full, events wait on disk"
        assert REGISTRY.get_sample_value("diskret_archive_backlog_events") == len(events), "the alert sees the backlog"
        assert "oliver.sampleton" not in spool.path.read_text(), "the spool holds redacted events only"
        broker.writer.database = database  # the database is back
        assert broker.flush(20)
    finally:
        broker.stop()
    rows, total = TranscriptArchive(database).conversations(page_size=100)
    assert total == 40 and all(row["lead_created"] for row in rows)
    assert not spool
    assert REGISTRY.get_sample_value("diskret_archive_backlog_events") == 0


def test_stopping_while_down_spools_and_the_next_process_catches_up(database, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    broker = broker_for(Database(REFUSING), spool)
    for event in conversation("restart-1"):
        broker.publish(event)
    broker.stop()
    assert len([json.loads(line) for line in spool.path.read_text().splitlines()]) == 3
    successor = broker_for(database, spool)
    try:
        assert successor.flush(10)
    finally:
        successor.stop()
    assert len(TranscriptArchive(database).transcript("restart-1")["events"]) == 3


def test_full_queue_spills_to_the_spool_without_blocking(database, tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    broker = broker_for(Database(REFUSING), spool, queue_size=2)
    try:
        for index in range(20):
            broker.publish(conversation(f"q-{index}")[1])
        broker.writer.database = database
        assert broker.flush(20)
    finally:
        broker.stop()
    assert TranscriptArchive(database).conversations()[1] == 20


def test_created_from_endpoints_yml(monkeypatch, backend, tmp_path):
    from core import settings as config

    monkeypatch.setenv("DATABASE_URL", backend.env_url)
    monkeypatch.setenv("ARCHIVE_SPOOL_PATH", str(tmp_path / "spool.jsonl"))
    config.get_settings.cache_clear()
    try:
        broker = asyncio.run(ArchiveEventBroker.from_endpoint_config(
            EndpointConfig(type="bot.archive.broker.ArchiveEventBroker")))
        assert broker.spool.path == tmp_path / "spool.jsonl"
        asyncio.run(broker.close())
        assert not broker.is_ready()
    finally:
        config.get_settings.cache_clear()
