"""Throw-away Redis, PostgreSQL and RabbitMQ servers for fault tests, which stop and restart them.

The machine's shared Redis, PostgreSQL and RabbitMQ are never touched: each instance here runs on a
free loopback port with its data in a temporary directory that is removed afterwards.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Optional

import psycopg2
import redis

from tests.support.stack import free_port, terminate

PG_BIN = Path(os.environ.get("DISKRET_PG_BIN", "/usr/lib/postgresql/15/bin"))
RABBITMQ_SERVER = Path(os.environ.get("DISKRET_RABBITMQ_SERVER", "/usr/lib/rabbitmq/bin/rabbitmq-server"))


def _wait(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not come up within {timeout}s")


class TempRedis:
    """``redis-server`` on a free port with an append-only file in a temporary directory, as
    ``make run`` starts it; ``stop`` and ``start`` keep the port and the data."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="diskret-redis-"))
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "TempRedis":
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory), "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        _wait(lambda: redis.Redis(port=self.port, socket_timeout=1).ping(), 10, "redis-server")
        return self

    def stop(self) -> None:
        terminate(self.process)
        self.process = None

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


class TempPostgres:
    """A private PostgreSQL cluster (initdb into a temp dir, run as the ``postgres`` user when root)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="diskret-pg-"))
        self.data = self.directory / "data"
        self.as_user: List[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.directory, "postgres", "postgres")
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "root", "--no-sync",
                   "-E", "UTF8", "--locale=C"], timeout=60)

    @property
    def url(self) -> str:
        return f"postgresql://root@127.0.0.1:{self.port}/postgres"

    def _run(self, command: List[str], timeout: float) -> None:
        subprocess.run([*self.as_user, *command], check=True, timeout=timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> "TempPostgres":
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                   str(self.directory / "server.log"), "-w", "-t", "30", "start"], timeout=40)
        _wait(lambda: psycopg2.connect(self.url, connect_timeout=2).close() or True, 15, "postgres")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop"],
                      timeout=40)

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


class TempRabbitMQ:
    """A private RabbitMQ node (Debian's ``rabbitmq-server``): its own node name, ports, Erlang cookie,
    configuration (no plugins) and data directory; ``stop`` and ``start`` keep port and data, so
    durable queues and persistent messages survive a restart, as on a real broker. Starts in ~10 s."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="diskret-rabbitmq-"))
        self.env = {
            **os.environ,
            "HOME": str(self.directory),  # where the node and rabbitmqctl keep their Erlang cookie
            "RABBITMQ_NODENAME": f"diskret-test-{uuid.uuid4().hex[:8]}@localhost",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(self.directory / "rabbitmq.pid"),
        }
        (self.directory / "rabbitmq.conf").write_text(f"listeners.tcp.default = 127.0.0.1:{self.port}\n")
        (self.directory / "enabled_plugins").write_text("[].\n")
        self.process: Optional[subprocess.Popen] = None

    @staticmethod
    def installed() -> bool:
        return RABBITMQ_SERVER.exists()

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def start(self) -> "TempRabbitMQ":
        self.process = subprocess.Popen(
            [str(RABBITMQ_SERVER)], env=self.env, start_new_session=True,
            stdout=open(self.directory / "server.log", "ab"), stderr=subprocess.STDOUT,
        )
        _wait(lambda: asyncio.run(_amqp_answers(self.url)), 60, "rabbitmq-server")
        return self

    def stop(self) -> None:
        """Stop the node as a service manager would (SIGTERM to the process group this object started)."""
        if self.process is None:
            return
        pid_file = self.directory / "rabbitmq.pid"
        beam = _pid_in(pid_file)  # read before the signal: the node deletes its pid file as it stops
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
            _wait(lambda: beam is None or not _alive(beam), 30, "rabbitmq-server to stop")
        except (subprocess.TimeoutExpired, TimeoutError):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        pid_file.unlink(missing_ok=True)
        self.process = None

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def _pid_in(pid_file: Path) -> Optional[int]:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


async def _amqp_answers(url: str) -> bool:
    import aio_pika

    connection = await aio_pika.connect(url, timeout=2)
    await connection.close()
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
