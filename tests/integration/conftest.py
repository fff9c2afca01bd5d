"""One real stack (Redis, PostgreSQL, action server, Rasa server) shared by the integration tests."""
from __future__ import annotations

import asyncio
from typing import Iterator

import pytest

from tests.support.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("stack")).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def run():
    """Run a coroutine to completion in a fresh event loop (keeps tests free of async plugins)."""
    def runner(coroutine):
        return asyncio.run(coroutine)
    return runner
