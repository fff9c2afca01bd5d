"""Word lists shipped with the engine (first names, words that are never names, command words)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import FrozenSet, List, Tuple

RESOURCE_DIR = Path(__file__).resolve().parent
# Generated lists and the hand-curated files that complete them.
_SUPPLEMENTS = {"first_names": ("extra_first_names",), "not_names": ("command_words",)}


def _entries(file_name: str) -> List[str]:
    lines = (RESOURCE_DIR / f"{file_name}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=None)
def cased_entries(name: str) -> Tuple[str, ...]:
    """The entries of ``<name>.txt`` as written (for lists matched case-sensitively, like brand names)."""
    return tuple(_entries(name))


@functools.lru_cache(maxsize=None)
def word_set(name: str) -> FrozenSet[str]:
    """Lower-cased entries of ``<name>.txt`` and its supplements (one per line, ``#`` starts a comment)."""
    words = set()
    for file_name in (name,) + _SUPPLEMENTS.get(name, ()):
        words.update(entry.lower() for entry in _entries(file_name))
    return frozenset(words)
