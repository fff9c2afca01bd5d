"""Word lists shipped with the engine (first names, words that are never names)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import FrozenSet

RESOURCE_DIR = Path(__file__).resolve().parent
# Generated lists and the hand-curated files that complete them.
_SUPPLEMENTS = {"first_names": ("extra_first_names",)}


@functools.lru_cache(maxsize=None)
def word_set(name: str) -> FrozenSet[str]:
    """Lower-cased entries of ``<name>.txt`` and its supplements (one per line, ``#`` starts a comment)."""
    words = set()
    for file_name in (name,) + _SUPPLEMENTS.get(name, ()):
        lines = (RESOURCE_DIR / f"{file_name}.txt").read_text(encoding="utf-8").splitlines()
        words.update(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
    return frozenset(words)
