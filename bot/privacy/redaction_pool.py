"""Redaction off the event loop, with a hard time budget per message.

The Rasa server answers every visitor on one asyncio loop, so a message that made a pattern
slow would stall every conversation. Redaction therefore runs in a few worker processes. A
message gets ``budget_seconds`` of a worker's own time: the worker's alarm interrupts a match
that overruns it (``re`` checks for signals while it backtracks), and the message fails closed
(``RedactionTimeout``), like any redaction error. The budget is kept by the worker, not by the
busy event loop, whose late wake-ups under load must not count against a quick answer. Only a
worker that does not answer within ``stuck_seconds`` (stuck where no signal reaches it) is
killed and replaced.

Each worker is driven by a thread of the server process that takes messages from one queue,
so a worker starts on the next message as soon as it has answered, however busy the event
loop is; the loop only hands messages in and receives the answers.

Each worker also redacts its own output again and reports whether that finds nothing new; the
Rasa server then trusts such text as already redacted (``event_redaction.remember_redacted``),
so its later passes over events and log lines need not run the patterns on it in-process.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import queue
import threading
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, List, Optional, Tuple

from core.metrics import REDACTION_SECONDS
from redaction import RedactionError, RedactionResult, Span

logger = logging.getLogger(__name__)
START_SECONDS = 120  # loading spaCy and the model in a fresh process
STUCK_GRACE_SECONDS = 10.0  # beyond the budget, before a silent worker counts as stuck


class RedactionTimeout(RedactionError):
    """A message took longer than the budget (or its worker got stuck); nothing was processed."""


class PoolUnavailable(RedactionError):
    """No worker could take the message within the wait limit (all busy or restarting), or the pool is closed."""


class _Overrun(BaseException):
    """Raised by a worker's alarm; a BaseException, so the engine's fail-closed handler passes it on."""


def _interrupt(signum: int, frame: Any) -> None:
    raise _Overrun


def _serve(connection: Connection, model_path: str, extra_model: str, budget_seconds: float) -> None:
    """A worker's life: load the pipeline, then answer (text, lang) requests until the pipe closes.

    Each answer carries the seconds the worker spent; past ``budget_seconds`` the alarm ends the work.
    """
    from bot.privacy import log_privacy
    from redaction import load_redactor

    log_privacy.install()
    try:
        redactor = load_redactor(model_path, extra_model)
    except Exception as error:
        connection.send(("error", type(error).__name__))
        return
    signal.signal(signal.SIGALRM, _interrupt)
    connection.send(("ready", None))
    while True:
        try:
            text, lang = connection.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            signal.setitimer(signal.ITIMER_REAL, budget_seconds)
            try:
                result = redactor.redact(text, lang)
                settled = redactor.redact(result.text, lang).text == result.text
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            spans = [(span.start, span.end, span.label) for span in result.spans]
            connection.send(("ok", (result.text, spans, settled, time.perf_counter() - started)))
        except _Overrun:
            connection.send(("timeout", time.perf_counter() - started))
        except Exception as error:  # the type only: an error message could quote the text
            connection.send(("error", type(error).__name__))


@dataclass
class _Worker:
    process: Any
    connection: Connection


@dataclass
class _Job:
    """One message on its way through the queue, and where its answer goes."""

    text: str
    lang: Optional[str]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future
    queued: float  # time.monotonic() when it entered the queue


@dataclass(frozen=True)
class PooledResult:
    """What a worker found, and whether redacting its output again changes nothing."""

    result: RedactionResult
    settled: bool


class RedactionPool:
    """A fixed number of redaction worker processes shared by one server's event loop."""

    def __init__(self, model_path: str, extra_model: str = "", workers: int = 2, budget_seconds: float = 1.0,
                 wait_seconds: float = 10.0, stuck_seconds: Optional[float] = None) -> None:
        if workers < 1:
            raise ValueError("REDACTION_WORKERS must be at least 1")
        self.model_path = model_path
        self.extra_model = extra_model
        self.size = workers
        self.budget_seconds = budget_seconds
        self.wait_seconds = wait_seconds
        self.stuck_seconds = budget_seconds + STUCK_GRACE_SECONDS if stuck_seconds is None else stuck_seconds
        self._context = multiprocessing.get_context("spawn")  # no fork of a process with threads and TF
        self._jobs: "queue.Queue[Optional[_Job]]" = queue.Queue()
        self._workers: List[_Worker] = []
        self._waiting = 0  # drivers waiting for a message
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> "RedactionPool":
        """Start every worker and wait until each has loaded the pipeline (fail at start, not later)."""
        self._workers = [self._spawn() for _ in range(self.size)]
        for worker in self._workers:
            self._await_ready(worker)
        for index in range(self.size):
            threading.Thread(target=self._drive, args=(index,), name=f"redaction-driver-{index}", daemon=True).start()
        return self

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.model_path, self.extra_model, self.budget_seconds),
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

    async def redact(self, text: str, lang: Optional[str] = None) -> PooledResult:
        """Redact one message in a worker, or raise ``RedactionError`` (incl. timeout): fail closed."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if self._closed:
            raise PoolUnavailable("the redaction pool is closed")
        loop = asyncio.get_running_loop()
        job = _Job(text, lang, loop, loop.create_future(), time.monotonic())
        self._jobs.put(job)
        return self._result(await job.future)

    def _drive(self, index: int) -> None:
        """A driver thread: hand queued messages to worker ``index`` one by one; replace it if it gets stuck."""
        while True:
            with self._lock:
                self._waiting += 1
            job = self._jobs.get()
            with self._lock:
                self._waiting -= 1
            if job is None:
                return
            if time.monotonic() - job.queued > self.wait_seconds:
                _settle(job, error=PoolUnavailable("no redaction worker was free"))
                continue
            worker = self._workers[index]
            try:
                worker.connection.send((job.text, job.lang))
                if not worker.connection.poll(self.stuck_seconds):
                    logger.error("A redaction worker gave no answer in %.0f s; replaced", self.stuck_seconds)
                    _settle(job, error=RedactionTimeout("redaction took too long"))
                    self._replace(index)
                    continue
                _settle(job, reply=worker.connection.recv())
            except (EOFError, OSError) as error:
                logger.error("A redaction worker died (%s); replaced", type(error).__name__)
                _settle(job, error=RedactionError("the redaction worker died"))
                self._replace(index)

    def _replace(self, index: int) -> None:
        """Kill worker ``index`` and start a fresh one in its place (in its driver thread, off the loop)."""
        while not self._closed:
            old = self._workers[index]
            old.process.kill()
            old.connection.close()
            try:
                fresh = self._spawn()
                self._await_ready(fresh)
            except Exception as error:
                logger.error("Could not replace a redaction worker (%s); retrying", type(error).__name__)
                time.sleep(5)
                continue
            self._workers[index] = fresh
            return

    def _result(self, reply: Tuple[str, Any]) -> PooledResult:
        status, payload = reply
        if status == "timeout":
            REDACTION_SECONDS.observe(payload)
            logger.error("Redaction overran its budget of %.0f ms", self.budget_seconds * 1000)
            raise RedactionTimeout("redaction took too long")
        if status != "ok":
            raise RedactionError(f"redaction failed in a worker ({payload})")
        text, spans, settled, seconds = payload
        REDACTION_SECONDS.observe(seconds)
        return PooledResult(RedactionResult(text, [Span(*span) for span in spans]), settled)

    def alive_workers(self) -> int:
        """Worker processes running (busy or idle)."""
        return sum(worker.process.is_alive() for worker in self._workers)

    def idle_workers(self) -> int:
        """Workers waiting for a message (fewer while some are busy or being replaced)."""
        with self._lock:
            return self._waiting

    def close(self) -> None:
        self._closed = True
        for _ in self._workers:
            self._jobs.put(None)
        for worker in self._workers:
            worker.process.kill()
            worker.connection.close()
        self._workers = []


def _settle(job: _Job, reply: Optional[Tuple[str, Any]] = None, error: Optional[Exception] = None) -> None:
    """Deliver a driver thread's outcome to the job's event loop (thread-safe)."""

    def settle() -> None:
        if job.future.done():  # the visitor's turn was cancelled meanwhile
            return
        if error is not None:
            job.future.set_exception(error)
        else:
            job.future.set_result(reply)

    try:
        job.loop.call_soon_threadsafe(settle)
    except RuntimeError:  # the loop has closed: nobody waits for the answer
        pass
