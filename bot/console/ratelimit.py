"""Sign-in throttling: at most ``limit`` failures per user name and address within ``window`` seconds."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict, Tuple


class SignInLimiter:
    def __init__(self, limit: int = 5, window: float = 300, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: Dict[Tuple[str, str], Deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: Tuple[str, str]) -> Deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= self.clock() - self.window:
            failures.popleft()
        return failures

    def blocked(self, user: str, address: str) -> bool:
        with self._lock:
            return len(self._recent((user, address))) >= self.limit

    def failed(self, user: str, address: str) -> None:
        with self._lock:
            self._recent((user, address)).append(self.clock())

    def succeeded(self, user: str, address: str) -> None:
        with self._lock:
            self._failures.pop((user, address), None)
