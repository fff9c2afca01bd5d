"""The integration tests share one real stack (Redis, PostgreSQL, action server, Rasa server).

The ``stack`` and ``run`` fixtures live in tests/conftest.py, so the browser tests in
tests/widget use the same stack.
"""

import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.balancer import Nginx, nginx_binary
from tests.support.services import TempPostgres, TempRedis
from tests.support.stack import Stack


# A lower per-address flood limit than the default 120, so the test of it needs few messages
# (every test's messages come from 127.0.0.1; the counters are cleared before each test).
PRIVATE_IP_LIMIT = 40


class PrivateStack:
    """A stack on its own Redis and PostgreSQL servers, which tests may stop and restart."""

    def __init__(self, workdir: Path) -> None:
        self.redis_server = TempRedis().start()
        try:
            self.postgres = TempPostgres().start()
        except BaseException:
            self.redis_server.remove()
            raise
        self.stack = Stack(workdir, redis_url=self.redis_server.url, postgres_dsn=self.postgres.url,
                           extra_env={"LOCK_TTL_SECONDS": "20", "MAX_MESSAGES_PER_MINUTE_IP": str(PRIVATE_IP_LIMIT)})

    def clear_rate_limits(self) -> None:
        """Forget the flood counters, so one test's bursts never throttle the next test."""
        client = self.stack.redis()
        for key in client.scan_iter(match=f"{self.stack.prefix}:rate:*"):
            client.delete(key)

    def close(self) -> None:
        try:
            self.redis_server.start() if self.redis_server.process is None else None
            self.postgres.start() if not (self.postgres.data / "postmaster.pid").exists() else None
            self.stack.stop()
        finally:
            self.redis_server.remove()
            self.postgres.remove()


@pytest.fixture(scope="session")
def private_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateStack]:
    """Started once for the fault and hostile-input tests (they need servers they can take down)."""
    private = PrivateStack(tmp_path_factory.mktemp("private-stack"))
    try:
        private.stack.start()
        yield private
    finally:
        private.close()


API_TOKEN = "test-api-token-4b1d"


@pytest.fixture(scope="session")
def second_rasa(stack: Stack) -> Iterator[int]:
    """A second Diskret Rasa server on the shared stack's Redis (scaling), with the HTTP API behind a token."""
    port = stack.start_extra_rasa("rasa2", extra_env={"RASA_API_TOKEN": API_TOKEN})
    try:
        yield port
    finally:
        stack.stop_process("rasa2")


@pytest.fixture(scope="session")
def balancer(stack: Stack, second_rasa: int) -> Iterator[Nginx]:
    """Debian's nginx in front of both Rasa servers (round-robin, each socket.io connection kept on its server)."""
    if nginx_binary() is None:  # `make test` installs it; a bare pytest run tries the same
        from core.settings import PROJECT_ROOT
        subprocess.run(["make", "-s", "nginx"], cwd=PROJECT_ROOT, check=False, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if nginx_binary() is None:
        pytest.skip("nginx is not installed and `make nginx` could not install it (needs apt-get as root)")
    nginx = Nginx([stack.rasa_port, second_rasa]).start()
    try:
        yield nginx
    finally:
        nginx.stop()
