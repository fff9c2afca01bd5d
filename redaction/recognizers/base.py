"""Shared base for rule recognizers: regex patterns find, ``validate`` confirms.

Modelled on Presidio's ``PatternRecognizer``: a subclass lists its ``patterns`` and
optionally overrides ``validate`` (checksum, library check) and ``may_contain`` (a
cheap pre-test that skips the regexes for most chat messages). Subclasses become
spaCy pipeline components by decorating the class with ``@Language.factory``.
"""

import re
from dataclasses import dataclass
from typing import ClassVar, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc

from ..spans import Candidate, add_candidates, text_of


@dataclass(frozen=True)
class Pattern:
    """A named regex; ``group`` selects the part of the match that is redacted.

    ``hints``: lowercase words of which the text must contain at least one for the regex to
    be able to match (a cheap pre-test; empty: always run). ``requires``: a substring likewise.
    """

    name: str
    regex: "re.Pattern[str]"
    score: float
    group: Union[int, str] = 0
    hints: FrozenSet[str] = frozenset()
    requires: str = ""


_WORDS = re.compile(r"[^\W\d_]+")

# A whole run of whitespace, never a part of it (a possessive ``\s*``: Python 3.10's ``re`` has
# none). Where optional parts of a pattern may each take spaces, a plain ``\s*`` lets the engine
# try every division of a long run among them; ``(?!\s)`` stops backtracking into the run
# after one step, so the pattern stays linear. Use it only where no part after it can start
# with whitespace (it does not change what matches there).
SPACES = r"\s*(?!\s)"


def possessive(regex: str, name: str) -> str:
    """``regex`` matched once and never given back, like an atomic group (Python 3.10 has none):
    the lookahead captures its first match and the backreference consumes exactly that. ``name``
    names the capture and must be unique within the pattern."""
    return rf"(?=(?P<{name}>{regex}))(?P={name})"


def list_alternation(entries: Iterable[str]) -> str:
    """A regex alternation of word-list entries, longest first (so "multiple sklerose" wins over
    "sklerose"), any run of whitespace where an entry has a space."""
    ordered = sorted(entries, key=lambda entry: (-len(entry), entry))
    return "|".join(re.escape(entry).replace("\\ ", r"\s+") for entry in ordered)


def words_in_order(text: str) -> List[str]:
    """The lowercase words of a text, as ``hints`` count them ("covid-19" -> ["covid"])."""
    return _WORDS.findall(text.lower())


# Priorities decide overlaps between different labels (higher wins after "validated").
PRIORITY = {
    "KEEP": 100,
    "EMAIL": 90,
    "URL_PERSONAL": 85,
    "IBAN": 80,
    "CREDIT_CARD": 75,
    "ID_NUMBER": 70,
    "IP_ADDRESS": 65,
    "PHONE": 60,
    "DATE_OF_BIRTH": 55,
    "ADDRESS": 50,
    "HEALTH": 40,
    "PERSON": 30,
}


class PatternRecognizer:
    """Finds one label with regexes and keeps the matches ``validate`` does not reject."""

    label: ClassVar[str]
    patterns: ClassVar[Sequence[Pattern]] = ()
    # False: a match that starts inside a value ``validate`` confirmed is not tried (a lookahead
    # pattern tries every start, and in a run of digit groups each would be checked again).
    starts_inside_confirmed: ClassVar[bool] = True

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def may_contain(self, text: str) -> bool:
        """Cheap test whether running the patterns can find anything at all."""
        return True

    def active_patterns(self, text: str) -> Sequence[Pattern]:
        """The patterns worth running on ``text``: those whose ``hints`` and ``requires`` it meets."""
        return self._meeting_hints(self.patterns, text)

    @staticmethod
    def _meeting_hints(patterns: Sequence[Pattern], text: str) -> List[Pattern]:
        words: Optional[FrozenSet[str]] = None
        active = []
        for pattern in patterns:
            if pattern.requires and pattern.requires not in text:
                continue
            if pattern.hints:
                # not cached across calls: a cache keyed by the message would keep visitors' text
                words = frozenset(words_in_order(text)) if words is None else words
                if pattern.hints.isdisjoint(words):
                    continue
            active.append(pattern)
        return active

    def refine(
        self, match: "re.Match[str]", pattern: Pattern, text: str, lang: Optional[str]
    ) -> Tuple[int, int]:
        """The offsets to redact for a match; override to trim greedy matches."""
        return match.span(pattern.group)

    def validate(
        self, value: str, match: "re.Match[str]", text: str, lang: Optional[str]
    ) -> Optional[bool]:
        """True: confirmed; False: reject; None: no check available, keep the score."""
        return None

    def pattern_of(self, match: "re.Match[str]") -> Pattern:
        """The pattern that produced a match (for validators that treat patterns differently)."""
        return next(pattern for pattern in self.patterns if pattern.regex is match.re)

    def analyze(self, text: str, lang: Optional[str] = None) -> List[Candidate]:
        if not text or not self.may_contain(text):
            return []
        return list(self._iter_candidates(text, lang))

    def _iter_candidates(self, text: str, lang: Optional[str]) -> Iterator[Candidate]:
        for pattern in self.active_patterns(text):
            confirmed_until = 0
            for match in pattern.regex.finditer(text):
                if match.start() < confirmed_until:
                    continue
                start, end = self.refine(match, pattern, text, lang)
                if start == end:
                    continue
                verdict = self.validate(text[start:end], match, text, lang)
                if verdict is False:
                    continue
                if verdict and not self.starts_inside_confirmed:
                    confirmed_until = end
                yield Candidate(
                    start=start,
                    end=end,
                    label=self.label,
                    score=1.0 if verdict else pattern.score,
                    source=f"{self.name}:{pattern.name}",
                    validated=bool(verdict),
                    priority=PRIORITY.get(self.label, 0),
                )

    def __call__(self, doc: Doc) -> Doc:
        add_candidates(doc, self.analyze(text_of(doc), doc._.pii_lang))
        return doc
