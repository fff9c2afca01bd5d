"""An append-only JSON-lines file of events waiting for the database (redacted events only).

Used when the in-memory buffer is full or the process stops while the database is away;
drained, oldest first, as soon as the database answers again. Created with mode 0600.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any, Dict, Iterable, List


class Spool:
    """Thread-safe: the request path may append while the writer thread drains."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, events: Iterable[Dict[str, Any]]) -> None:
        lines = "".join(json.dumps(event, ensure_ascii=False) + "\n" for event in events)
        if not lines:
            return
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                handle.write(lines)

    def take(self) -> List[Dict[str, Any]]:
        """Read and remove everything spooled; call ``append`` with it again if storing fails."""
        with self._lock:
            if not self.path.exists():
                return []
            with self.path.open(encoding="utf-8") as handle:
                events = [json.loads(line) for line in handle if line.strip()]
            self.path.unlink()
            return events

    def count(self) -> int:
        """Events spooled now (one per line)."""
        with self._lock:
            if not self.path.exists():
                return 0
            with self.path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())

    def __bool__(self) -> bool:
        return self.path.exists() and self.path.stat().st_size > 0
