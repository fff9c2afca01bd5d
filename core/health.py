"""Readiness, the same way in every process: a named check per part the process needs.

Each check answers True while its part can serve; a check that raises counts as "not ready"
and is logged by exception type only. The answer names each part and its state, nothing
else: no versions, no addresses, no data.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Mapping, Tuple

from core.redis_connection import sync_client

logger = logging.getLogger(__name__)

Check = Callable[[], bool]


def run_checks(checks: Mapping[str, Check]) -> Dict[str, bool]:
    """Each part's state (blocking round trips: call it off an event loop)."""
    return {name: _safe(check) for name, check in checks.items()}


def readiness_answer(states: Mapping[str, bool]) -> Tuple[Dict[str, Any], int]:
    """The JSON body and HTTP status of ``GET /ready``: 200 when every part is ready, else 503."""
    ready = all(states.values())
    return {"ready": ready, "checks": dict(states)}, 200 if ready else 503


def redis_answers(url: str) -> bool:
    return bool(sync_client(url, timeout=2).ping())


def _safe(check: Check) -> bool:
    try:
        return bool(check())
    except Exception as error:
        logger.warning("Readiness check failed (%s)", type(error).__name__)
        return False
