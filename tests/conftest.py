"""Fixtures shared across test folders: one real stack per test session.

The stack (Redis, PostgreSQL, action server, Rasa server) is shared by the integration
tests (tests/integration) and the browser tests (tests/widget). Its ALLOWED_ORIGINS include
the origin the demo site is served on in the browser tests (``site_port``), reserved here
before the stack starts.
"""
from __future__ import annotations

import asyncio
from typing import Iterator

import pytest

from tests.support.stack import Stack, free_port


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the demo site runs on in browser tests (allowed to open the chat)."""
    return free_port()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Iterator[Stack]:
    origins = (f"http://127.0.0.1:{site_port}", f"http://localhost:{site_port}")
    running = Stack(tmp_path_factory.mktemp("stack"), allowed_origins=origins).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def run():
    """Run a coroutine to completion in a fresh event loop (keeps tests free of async plugins)."""
    def runner(coroutine):
        return asyncio.run(coroutine)
    return runner
