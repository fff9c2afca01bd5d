"""Word lists shipped with the engine (first names, words that are never names)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import FrozenSet

RESOURCE_DIR = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def word_set(name: str) -> FrozenSet[str]:
    """Lower-cased entries of ``<name>.txt`` (one per line, ``#`` starts a comment)."""
    lines = (RESOURCE_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
