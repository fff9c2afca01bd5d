"""Throw-away Redis and PostgreSQL servers for fault tests, which stop and restart them.

The machine's shared Redis and PostgreSQL are never touched: each instance here runs on a
free loopback port with its data in a temporary directory that is removed afterwards.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional

import psycopg2
import redis

from tests.support.stack import free_port, terminate

PG_BIN = Path(os.environ.get("DISKRET_PG_BIN", "/usr/lib/postgresql/15/bin"))


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
