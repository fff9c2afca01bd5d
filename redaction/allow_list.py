"""Phrases a deployment knows are not personal data, whatever they look like (Presidio's ``allow_list``).

The agency's own phone number, e-mail and address appear in every other bot reply, and log
lines say "Rasa server" or "supports_credentials: True". A detected span is kept as written
when its words are a run of consecutive words of one allowed phrase: "Musterstraße 1" of
"Musterstraße 1, 10115 Berlin", the whole phone number however it is spaced. Words are
compared case-insensitively and punctuation is ignored, so "+49 30 555-0199" matches
"+49 30 555 0199". A word inside a longer word never counts ("Anna" is not in "Johannastraße").
"""
from __future__ import annotations

import re
from typing import FrozenSet, Iterable, Tuple

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> Tuple[str, ...]:
    return tuple(word.casefold() for word in _WORD.findall(text))


class AllowList:
    """Every run of consecutive words of the allowed phrases, for a set look-up per span."""

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        runs = set()
        for phrase in phrases:
            phrase_words = words(phrase)
            for start in range(len(phrase_words)):
                for end in range(start + 1, len(phrase_words) + 1):
                    runs.add(phrase_words[start:end])
        self._runs: FrozenSet[Tuple[str, ...]] = frozenset(runs)

    def __bool__(self) -> bool:
        return bool(self._runs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AllowList) and other._runs == self._runs

    def __hash__(self) -> int:
        return hash(self._runs)

    def permits(self, text: str) -> bool:
        """True when ``text`` is (a run of) an allowed phrase, so it stays as written."""
        found = words(text)
        return bool(found) and found in self._runs
