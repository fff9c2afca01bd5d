"""Redaction off the event loop, with a hard time budget per message.

The Rasa server answers every visitor on one asyncio loop, so a message that made a pattern
slow would stall every conversation. Redaction therefore runs in a few worker processes: a
message gets ``budget_seconds`` of a worker, and a worker that overruns it is killed and
replaced while the message fails closed (``RedactionTimeout``), like any redaction error.

Each worker also redacts its own output again and reports whether that finds nothing new; the
Rasa server then trusts such text as already redacted (``event_redaction.remember_redacted``),
so its later passes over events and log lines need not run the patterns on it in-process.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, List, Optional, Tuple

from core.metrics import REDACTION_SECONDS
from redaction import RedactionError, RedactionResult, Span

logger = logging.getLogger(__name__)
START_SECONDS = 120  # loading spaCy and the model in a fresh process


class RedactionTimeout(RedactionError):
    """A message took longer than the budget; its worker was replaced and nothing was processed."""


class PoolUnavailable(RedactionError):
    """No worker could take the message within the wait limit (all busy or restarting)."""


def _serve(connection: Connection, model_path: str, extra_model: str) -> None:
    """A worker's life: load the pipeline, then answer (text, lang) requests until the pipe closes."""
    from bot.privacy import log_privacy
    from redaction import load_redactor

    log_privacy.install()
    try:
        redactor = load_redactor(model_path, extra_model)
    except Exception as error:
        connection.send(("error", type(error).__name__))
        return
    connection.send(("ready", None))
    while True:
        try:
            text, lang = connection.recv()
        except (EOFError, OSError):
            return
        try:
            result = redactor.redact(text, lang)
            settled = redactor.redact(result.text, lang).text == result.text
            spans = [(span.start, span.end, span.label) for span in result.spans]
            connection.send(("ok", (result.text, spans, settled)))
        except Exception as error:  # the type only: an error message could quote the text
            connection.send(("error", type(error).__name__))


@dataclass
class _Worker:
    process: Any
    connection: Connection


@dataclass(frozen=True)
class PooledResult:
    """What a worker found, and whether redacting its output again changes nothing."""

    result: RedactionResult
    settled: bool


class RedactionPool:
    """A fixed number of redaction worker processes shared by one server's event loop."""

    def __init__(self, model_path: str, extra_model: str = "", workers: int = 2,
                 budget_seconds: float = 1.0, wait_seconds: float = 10.0) -> None:
        if workers < 1:
            raise ValueError("REDACTION_WORKERS must be at least 1")
        self.model_path = model_path
        self.extra_model = extra_model
        self.size = workers
        self.budget_seconds = budget_seconds
        self.wait_seconds = wait_seconds
        self._context = multiprocessing.get_context("spawn")  # no fork of a process with threads and TF
        self._idle: Optional[asyncio.Queue] = None
        self._workers: List[_Worker] = []

    def start(self) -> "RedactionPool":
        """Start every worker and wait until each has loaded the pipeline (fail at start, not later)."""
        self._workers = [self._spawn() for _ in range(self.size)]
        for worker in self._workers:
            self._await_ready(worker)
        return self

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.model_path, self.extra_model),
                                        name="diskret-redaction", daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _await_ready(self, worker: _Worker) -> None:
        if not worker.connection.poll(START_SECONDS):
            worker.process.kill()
            raise RedactionError("a redaction worker did not start in time")
        status, detail = worker.connection.recv()
        if status != "ready":
            raise RedactionError(f"a redaction worker could not load the pipeline ({detail})")

    def _queue(self) -> asyncio.Queue:
        """The idle workers, created on first use inside the serving loop."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def redact(self, text: str, lang: Optional[str] = None) -> PooledResult:
        """Redact one message in a worker, or raise ``RedactionError`` (incl. timeout): fail closed."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        idle = self._queue()
        try:
            worker = await asyncio.wait_for(idle.get(), self.wait_seconds)
        except asyncio.TimeoutError as error:
            raise PoolUnavailable("no redaction worker was free") from error
        healthy = False
        started = time.perf_counter()
        try:
            reply = await asyncio.wait_for(self._ask(worker, text, lang), self.budget_seconds)
            healthy = True
            REDACTION_SECONDS.observe(time.perf_counter() - started)
        except asyncio.TimeoutError as error:
            logger.error("Redaction overran its budget of %.0f ms; worker replaced", self.budget_seconds * 1000)
            raise RedactionTimeout("redaction took too long") from error
        except (EOFError, OSError) as error:
            logger.error("A redaction worker died (%s); replaced", type(error).__name__)
            raise RedactionError("the redaction worker died") from error
        finally:
            if healthy:
                idle.put_nowait(worker)
            else:
                asyncio.get_running_loop().create_task(self._replace(worker))
        return self._result(reply)

    async def _ask(self, worker: _Worker, text: str, lang: Optional[str]) -> Tuple[str, Any]:
        loop = asyncio.get_running_loop()
        answered = loop.create_future()
        descriptor = worker.connection.fileno()
        loop.add_reader(descriptor, lambda: answered.done() or answered.set_result(None))
        try:
            worker.connection.send((text, lang))
            await answered
        finally:
            loop.remove_reader(descriptor)
        return worker.connection.recv()

    @staticmethod
    def _result(reply: Tuple[str, Any]) -> PooledResult:
        status, payload = reply
        if status != "ok":
            raise RedactionError(f"redaction failed in a worker ({payload})")
        text, spans, settled = payload
        return PooledResult(RedactionResult(text, [Span(*span) for span in spans]), settled)

    async def _replace(self, worker: _Worker) -> None:
        """Kill a stuck or dead worker and put a fresh one in its place, off the loop."""
        worker.process.kill()
        worker.connection.close()
        loop = asyncio.get_running_loop()
        try:
            fresh = self._spawn()
            await loop.run_in_executor(None, self._await_ready, fresh)
        except Exception as error:
            logger.error("Could not replace a redaction worker (%s); retrying", type(error).__name__)
            await asyncio.sleep(5)
            loop.create_task(self._replace(worker))
            return
        self._workers = [fresh if w is worker else w for w in self._workers]
        self._queue().put_nowait(fresh)

    def alive_workers(self) -> int:
        """Worker processes running (busy or idle)."""
        return sum(worker.process.is_alive() for worker in self._workers)

    def idle_workers(self) -> int:
        """Workers alive and waiting for a message (fewer while some are busy or being replaced)."""
        return len(self._workers) if self._idle is None else self._idle.qsize()

    def close(self) -> None:
        for worker in self._workers:
            worker.process.kill()
            worker.connection.close()
        self._workers = []
