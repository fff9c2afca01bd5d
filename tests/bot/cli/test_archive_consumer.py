"""``python -m bot archive-consumer`` as an operator runs it: writes what the queue holds, stops on SIGTERM."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from core.settings import PROJECT_ROOT
from core.storage.database import Database
from bot.archive.store import TranscriptArchive
from tests.bot.archive.support import conversation
from tests.bot.archive.test_consumer import encoded, publish
from tests.support import rabbitmq


@pytest.fixture
def archive_queue():
    if not rabbitmq.reachable():
        pytest.skip(f"no RabbitMQ at {rabbitmq.RABBITMQ_URL} (set DISKRET_TEST_RABBITMQ)")
    name = rabbitmq.unique_queue()
    yield name
    asyncio.run(rabbitmq.delete(rabbitmq.RABBITMQ_URL, name))


def test_refuses_without_a_broker_url(tmp_path):
    env = dict(os.environ, ARCHIVE_BROKER_URL="", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run([sys.executable, "-m", "bot", "archive-consumer"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "ARCHIVE_BROKER_URL" in result.stderr


def test_writes_the_queue_and_stops_cleanly_on_sigterm(tmp_path, archive_queue):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    events = conversation("cli-1", lead=True)
    asyncio.run(publish(archive_queue, *encoded(*events)))
    env = dict(os.environ, ARCHIVE_BROKER_URL=rabbitmq.RABBITMQ_URL, ARCHIVE_QUEUE=archive_queue, DATABASE_URL=url,
               LOG_LEVEL="INFO")
    process = subprocess.Popen([sys.executable, "-m", "bot", "archive-consumer", "--batch-size", "50"],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    archive = TranscriptArchive(Database(url))
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            found = archive.transcript("cli-1")
            if found and len(found["events"]) == len(events):
                break
            time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    found = archive.transcript("cli-1")
    assert len(found["events"]) == len(events)
    assert "oliver.sampleton" not in json.dumps(found), "the real redaction engine runs again"
    assert asyncio.run(rabbitmq.waiting(rabbitmq.RABBITMQ_URL, archive_queue)) == 0
