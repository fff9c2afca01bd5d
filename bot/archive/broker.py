"""Rasa event broker that archives redacted events without ever delaying a reply.

The default of ``bot.archive.configured.ConfiguredEventBroker`` (``endpoints.yml``), for one Rasa server.
``publish`` only enqueues; a daemon thread writes batches. While the database is slow or
down, events wait in memory, then in the on-disk spool, and are written once it is back.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from asyncio import AbstractEventLoop
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from core import metrics
from core.settings import get_settings
from core.storage.database import Database
from bot.archive.spool import Spool
from bot.archive.writer import ArchiveWriter

logger = logging.getLogger(__name__)

QUEUE_SIZE = 10_000
BATCH_SIZE = 500
BATCH_SECONDS = 1.0
BUFFER_LIMIT = 5_000
RETRY_SECONDS = (0.5, 1, 2, 5, 10, 30)


class ArchiveEventBroker(EventBroker):
    """Bounded queue in front of an ``ArchiveWriter`` running on its own thread."""

    def __init__(self, writer: ArchiveWriter, spool: Spool, queue_size: int = QUEUE_SIZE,
                 buffer_limit: int = BUFFER_LIMIT, retry_seconds: tuple = RETRY_SECONDS,
                 batch_seconds: float = BATCH_SECONDS) -> None:
        self.writer = writer
        self.batch_seconds = batch_seconds
        self.spool = spool
        self.buffer_limit = buffer_limit
        self.retry_seconds = retry_seconds
        self._queue: "queue.Queue[Dict[str, Any]]" = queue.Queue(maxsize=queue_size)
        self._pending: List[Dict[str, Any]] = []
        self._stop = threading.Event()
        self._failures = 0
        self._storing = False
        self._thread = threading.Thread(target=self._run, name="archive-writer", daemon=True)
        self._thread.start()
        metrics.ARCHIVE_BACKLOG.set_function(self.backlog)

    @classmethod
    async def from_endpoint_config(
        cls, broker_config: EndpointConfig, event_loop: Optional[AbstractEventLoop] = None
    ) -> "ArchiveEventBroker":
        cfg = get_settings()
        return cls(ArchiveWriter(Database(cfg.database_url)), Spool(Path(cfg.archive_spool_path)))

    def publish(self, event: Dict[Text, Any]) -> None:
        """Enqueue; never blocks. A full queue spills to the spool as received (already redacted)."""
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self.spool.append([event])

    def backlog(self) -> int:
        """Events received but not yet in the database: in memory and in the spool."""
        return self._queue.qsize() + len(self._pending) + self.spool.count()

    def is_ready(self) -> bool:
        return self._thread.is_alive()

    async def close(self) -> None:
        self.stop()

    def stop(self, timeout: float = 10) -> None:
        """Write what is waiting if the database allows, spool the rest."""
        self._stop.set()
        self._thread.join(timeout)

    def flush(self, timeout: float = 10) -> bool:
        """Wait until everything published so far is stored (for tests and shutdown); True if so."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._queue.unfinished_tasks == 0 and not self._pending and not self._storing and not self.spool:
                return True
            time.sleep(0.05)
        return False

    # --- writer thread -------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            self._take(block=True)
            if self._pending or self.spool:
                self._store()
        while self._take(block=False) or self._pending:  # stopping: store or spool what is in memory
            self._store()

    def _take(self, block: bool) -> bool:
        """Gather a batch: after the first event, wait up to ``batch_seconds`` for more, so a busy
        server writes a few large transactions instead of one per turn (each costs the replying
        event loop its share of the interpreter)."""
        taken = False
        deadline = float("inf")
        try:
            while len(self._pending) < BATCH_SIZE:
                wait = 0.2 if not taken else deadline - time.monotonic()
                if taken and (wait <= 0 or self._stop.is_set()):
                    break
                self._pending.append(self._queue.get(block=block, timeout=wait))
                self._queue.task_done()
                if not taken:
                    taken, deadline = True, time.monotonic() + self.batch_seconds
        except queue.Empty:
            pass
        return taken

    def _store(self) -> None:
        self._storing = True
        try:
            batch = self.spool.take() + self._pending
            try:
                self.writer.write(batch)
            except Exception as error:  # the database or redaction failed: keep everything and retry
                self._keep(batch, error)
                return
            self._pending = []
            if self._failures:
                logger.info("Archive available again; buffered events stored")
            self._failures = 0
        finally:
            self._storing = False

    def _keep(self, batch: List[Dict[str, Any]], error: Exception) -> None:
        self._failures += 1
        if self._failures == 1:
            logger.warning("Archive unavailable (%s); buffering events", type(error).__name__)
        if len(batch) > self.buffer_limit or self._stop.is_set():
            self.spool.append(self._redacted(batch))
            self._pending = []
        else:
            self._pending = batch
        self._stop.wait(self.retry_seconds[min(self._failures, len(self.retry_seconds)) - 1])

    def _redacted(self, batch: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """Run the second redaction pass before anything goes to disk, where possible."""
        try:
            return [self.writer.redact(event) for event in batch]
        except Exception:  # redaction unavailable: events are spooled as received (the tracker store redacted them)
            return batch
