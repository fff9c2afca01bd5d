"""Resolves overlapping candidates into the final, non-overlapping ``doc._.pii_spans``.

Order of preference: validated (checksum/library) first, then label priority, then
length, then score. A candidate that overlaps only winners of its own label is merged
into them (the union is redacted), which keeps recall when detectors disagree on the
boundaries. KEEP winners (placeholders, reference numbers) are dropped at the end.
"""

from dataclasses import replace
from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from ..labels import KEEP
from ..spans import Candidate, Span, text_of

_TRIM = " \t\r\n.,;!?)(\"'„“”‚‘’«»"


def _trimmed(text: str, candidate: Candidate) -> Candidate:
    """Without surrounding spaces and punctuation, but keeping "(089) …" and "Str."."""
    start, end = candidate.start, candidate.end
    while start < end and text[start] in _TRIM and not (text[start] == "(" and ")" in text[start : end - 1]):
        start += 1
    while end > start and text[end - 1] in _TRIM and not _keeps_last_char(text, start, end):
        end -= 1
    return replace(candidate, start=start, end=end)


def _keeps_last_char(text: str, start: int, end: int) -> bool:
    """A closing bracket that has its opening one inside, or the dot of "Str."/"St."/"Dr."."""
    if text[end - 1] == ")":
        return "(" in text[start + 1 : end - 1]
    if text[end - 1] != ".":
        return False
    words = text[start:end].split()
    return bool(words) and words[-1].lower() in {"str.", "st.", "dr.", "rd.", "ave.", "ln.", "pl.", "sq.", "blvd.", "ct."}


def merge_candidates(text: str, candidates: List[Candidate], min_score: float) -> List[Span]:
    """The winning spans, sorted by position."""
    ordered = sorted(
        (_trimmed(text, c) for c in candidates if c.score >= min_score or c.validated),
        key=lambda c: (c.validated, c.priority, c.length, c.score),
        reverse=True,
    )
    accepted: List[Candidate] = []
    for candidate in ordered:
        if candidate.length <= 0:
            continue
        clashes = [winner for winner in accepted if winner.overlaps(candidate)]
        if not clashes:
            accepted.append(candidate)
        elif all(winner.label == candidate.label for winner in clashes):
            start = min([candidate.start] + [w.start for w in clashes])
            end = max([candidate.end] + [w.end for w in clashes])
            union = replace(clashes[0], start=start, end=end)
            others = [w for w in accepted if w not in clashes]
            if not any(other.overlaps(union) for other in others):
                accepted = others + [union]
    return sorted(Span(c.start, c.end, c.label) for c in accepted if c.label != KEEP)


@Language.factory("pii_merger", default_config={"min_score": 0.5})
class CandidateMerger:
    """Last component: writes ``doc._.pii_spans`` from ``doc._.pii_candidates``."""

    def __init__(self, nlp: Language, name: str, min_score: float) -> None:
        self.name = name
        self.min_score = min_score

    def __call__(self, doc: Doc) -> Doc:
        doc._.pii_spans = merge_candidates(text_of(doc), doc._.pii_candidates or [], self.min_score)
        return doc
