"""The real Diskret stack for integration tests: action server and Rasa server on free ports.

Each stack gets its own Redis key prefix (on a Redis database number of its own), its own
PostgreSQL schema and log files, so tests never collide with a running ``make run`` or
with each other, and everything is removed afterwards. It reads the agency's facts from its
own copy of ``data/agency.yml`` (``agency_file``), which tests may change.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import psycopg2
import redis
import requests

from core.session_tokens import conversation_id
from core.settings import PROJECT_ROOT

TEST_REDIS_DB = 7
POSTGRES_DSN = os.environ.get("DISKRET_TEST_POSTGRES", "postgresql://root@127.0.0.1:5432/test")
MODEL_PATH = PROJECT_ROOT / "models" / "diskret.tar.gz"


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def terminate(process: Optional[subprocess.Popen], timeout: float = 10) -> None:
    """Stop a child process: SIGTERM, then SIGKILL if it has not gone within ``timeout`` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout}s:\n{log.read_text()[-4000:]}")


class PostgresSchema:
    """A throw-away PostgreSQL schema, and a DATABASE_URL that puts everything in it."""

    def __init__(self, dsn: str = POSTGRES_DSN) -> None:
        self.dsn = dsn
        self.name = f"diskret_test_{uuid.uuid4().hex[:10]}"
        self._execute(f'CREATE SCHEMA "{self.name}"')

    @property
    def url(self) -> str:
        return f"{self.dsn}?options=-csearch_path%3D{self.name}"

    def _execute(self, statement: str) -> None:
        with closing(psycopg2.connect(self.dsn)) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(statement)

    def rows(self, table: str) -> List[tuple]:
        with closing(psycopg2.connect(self.dsn)) as connection, connection.cursor() as cursor:
            cursor.execute(f'SELECT * FROM "{self.name}"."{table}"')
            return cursor.fetchall()

    def tables(self) -> List[str]:
        with closing(psycopg2.connect(self.dsn)) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (self.name,))
            return [row[0] for row in cursor.fetchall()]

    def drop(self) -> None:
        self._execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')


class Stack:
    """Starts ``python -m bot actions`` and ``python -m bot serve`` with an isolated configuration."""

    def __init__(
        self,
        workdir: Path,
        extra_env: Optional[Dict[str, str]] = None,
        log_level: str = "DEBUG",
        allowed_origins: Sequence[str] = (),
        redis_url: Optional[str] = None,
        postgres_dsn: Optional[str] = None,
    ) -> None:
        """``redis_url`` / ``postgres_dsn`` point the stack at other servers (fault tests start their own)."""
        self.workdir = workdir
        self.prefix = f"t{uuid.uuid4().hex[:12]}"
        self.schema = PostgresSchema(postgres_dsn or POSTGRES_DSN)
        self.rasa_port = free_port()
        self.action_port = free_port()
        self.rasa_metrics_port = free_port()
        self.redis_url = redis_url or f"redis://127.0.0.1:6379/{TEST_REDIS_DB}"
        self.action_server_token = uuid.uuid4().hex
        self.agency_file = workdir / "agency.yml"
        shutil.copy(PROJECT_ROOT / "data" / "agency.yml", self.agency_file)
        self.env = {
            **os.environ,
            "DISKRET_ENV": "development",
            "REDIS_URL": self.redis_url,
            "REDIS_KEY_PREFIX": self.prefix,
            "DATABASE_URL": self.schema.url,
            "VAULT_KEY": "sMKk0f0A2Gq7r8n1w5ZbJX8b0l2m2fT3c8tQm7Yp3xU=",
            "LOOKUP_HASH_KEY": "test-lookup-key",
            "DEPLOY_TOKEN": uuid.uuid4().hex,
            "SESSION_KEY": f"test-session-key-{uuid.uuid4().hex}",
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "RASA_METRICS_PORT": str(self.rasa_metrics_port),
            "ACTION_METRICS_PORT": str(free_port()),
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "ACTION_SERVER_TOKEN": self.action_server_token,
            "LOG_LEVEL": log_level,
            "PYTHONUNBUFFERED": "1",
            # web origins that may open the chat: the defaults plus e.g. the test site's origin
            "ALLOWED_ORIGINS": ",".join(("http://localhost:8000", "http://127.0.0.1:8000", *allowed_origins)),
            "ARCHIVE_SPOOL_PATH": str(workdir / "archive-spool.jsonl"),
            "AGENCY_FILE": str(self.agency_file),
            **(extra_env or {}),
        }
        self.processes: Dict[str, subprocess.Popen] = {}
        self.env_for: Dict[str, Dict[str, str]] = {}
        self.logs: Dict[str, Path] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def conversation_id(self, session_token: str) -> str:
        """The conversation id (tracker key, lead, archive) this stack's servers derive from a visitor's token."""
        return conversation_id(session_token, self.env["SESSION_KEY"])

    def _spawn(self, name: str, command: List[str]) -> subprocess.Popen:
        log = self.workdir / f"{name}.log"
        self.logs[name] = log
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env={**self.env, **self.env_for.get(name, {})},
            stdout=open(log, "ab"), stderr=subprocess.STDOUT,
        )
        self.processes[name] = process
        return process

    def start_actions(self) -> None:
        process = self._spawn("actions", [sys.executable, "-m", "bot", "actions"])
        wait_for_http(f"http://127.0.0.1:{self.action_port}/health", process, self.logs["actions"])

    def start_rasa(self) -> None:
        process = self._spawn("rasa", [sys.executable, "-m", "bot", "serve", "--model", str(MODEL_PATH)])
        wait_for_http(f"{self.url}/socket.io/", process, self.logs["rasa"])

    def start_extra_rasa(self, name: str, extra_env: Optional[Dict[str, str]] = None) -> int:
        """Another Diskret Rasa server sharing this stack's Redis and database (horizontal scaling)."""
        port = free_port()
        self.env_for[name] = {**(extra_env or {}), "RASA_PORT": str(port), "RASA_METRICS_PORT": str(free_port())}
        process = self._spawn(name, [sys.executable, "-m", "bot", "serve", "--model", str(MODEL_PATH)])
        wait_for_http(f"http://127.0.0.1:{port}/socket.io/", process, self.logs[name])
        return port

    def start_probed(self, name: str, command: List[str], port_setting: str,
                     extra_env: Optional[Dict[str, str]] = None) -> Tuple[int, int]:
        """Another process (``bot actions`` or ``bot console serve``) on free ports, as the Procfile starts
        it; returns its HTTP port and its metrics port once ``/health`` answers."""
        if name in self.processes:
            raise ValueError(f"a process named {name!r} runs already; it would be replaced and never stopped")
        port, metrics_port = free_port(), free_port()
        metrics_setting = port_setting.replace("_PORT", "_METRICS_PORT")
        self.env_for[name] = {**(extra_env or {}), port_setting: str(port), metrics_setting: str(metrics_port)}
        process = self._spawn(name, [sys.executable, "-m", "bot", *command])
        wait_for_http(f"http://127.0.0.1:{port}/health", process, self.logs[name])
        return port, metrics_port

    def start_archive_consumer(self) -> None:
        """``python -m bot archive-consumer`` with this stack's settings (they must name ARCHIVE_BROKER_URL)."""
        self._spawn("archive-consumer", [sys.executable, "-m", "bot", "archive-consumer"])

    def start_plain_rasa(self, name: str = "plain", patched: bool = False) -> int:
        """The same model served the plain Rasa way: REST channel, in-memory tracker, no redaction;
        ``patched`` with Diskret's fixes to Rasa itself (``bot.rasa_patches``), to tell their gain
        from the cost of everything else Diskret adds."""
        port = free_port()
        launcher = ["-c", "import sys; from bot import rasa_patches; rasa_patches.install(); "
                          "from rasa.__main__ import main; sys.argv[0] = 'rasa'; main()"] if patched else ["-m", "rasa"]
        (self.workdir / "plain-credentials.yml").write_text("rest:\n", encoding="utf-8")
        (self.workdir / "plain-endpoints.yml").write_text(
            f"action_endpoint:\n  url: http://127.0.0.1:{self.action_port}/webhook\n"
            f"  headers:\n    Authorization: Bearer {self.action_server_token}\n", encoding="utf-8")
        process = self._spawn(name, [
            sys.executable, *launcher, "run", "--model", str(MODEL_PATH), "--port", str(port),
            "--credentials", str(self.workdir / "plain-credentials.yml"),
            "--endpoints", str(self.workdir / "plain-endpoints.yml"),
        ])
        wait_for_http(f"http://127.0.0.1:{port}/", process, self.logs[name])
        return port

    def start(self) -> "Stack":
        if not MODEL_PATH.exists():
            raise RuntimeError("no trained model: run `make train` first (make test does)")
        self.start_actions()
        self.start_rasa()
        return self

    def stop_process(self, name: str) -> None:
        terminate(self.processes.pop(name, None), timeout=20)

    def redis(self) -> "redis.Redis":
        return redis.Redis.from_url(self.redis_url)

    def redis_keys(self) -> List[bytes]:
        return list(self.redis().scan_iter(match=f"{self.prefix}:*"))

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs.values() if path.exists())

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_process(name)
        try:
            client = self.redis()
            for key in client.scan_iter(match=f"{self.prefix}:*"):
                client.delete(key)
        finally:
            self.schema.drop()
