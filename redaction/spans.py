"""Character-offset spans: the engine's public ``Span`` and the internal ``Candidate``.

Regex matches need not align with spaCy tokens, so every detector reports character
offsets into ``doc.text`` and stores them on ``doc._.pii_candidates``; the merging
component writes the final, non-overlapping result to ``doc._.pii_spans``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

from spacy.tokens import Doc


class _Stretch:
    """Start and end offsets into one text (mixin for the two span kinds)."""

    start: int
    end: int

    def overlaps(self, other: "_Stretch") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, order=True)
class Span(_Stretch):
    """One redacted stretch of the input: offsets and label, never the raw value."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Candidate(_Stretch):
    """A detector's proposal; ``validated`` means a checksum or library confirmed it."""

    start: int
    end: int
    label: str
    score: float
    source: str
    validated: bool = False
    priority: int = 0

    @property
    def length(self) -> int:
        return self.end - self.start


def register_extensions() -> None:
    """Add the Doc attributes the pipeline components share (idempotent)."""
    for name in ("pii_candidates", "pii_spans", "pii_lang"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once per doc: spaCy rebuilds it from the tokens on every access,
    and every detector needs it."""
    text = doc.user_data.get("pii_text")
    if text is None:
        text = doc.user_data["pii_text"] = doc.text
    return text


_DIGIT = re.compile(r"\d")


def digit_count(text: str) -> int:
    """How many digits ``text`` holds: the cheap pre-test of the number recognizers."""
    return len(_DIGIT.findall(text))


def add_candidates(doc: Doc, candidates: List[Candidate]) -> None:
    """Append candidates to the document without sharing a mutable default."""
    if not candidates:
        return
    existing = doc._.pii_candidates
    if existing is None:
        doc._.pii_candidates = list(candidates)
    else:
        existing.extend(candidates)


register_extensions()
