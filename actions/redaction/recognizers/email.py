"""E-mail addresses, including the "(at)"/"[at]" spellings common in German mail."""

import re

from spacy.language import Language

from ..labels import EMAIL
from .base import Pattern, PatternRecognizer

_LOCAL = r"[A-Za-z0-9À-ÿ._%+\-']+"
_DOMAIN = r"(?:[A-Za-z0-9À-ÿ\-]+\.)+[A-Za-z]{2,24}"
_AT_WORD = r"\s?[\(\[\{]\s?(?:at|ät|@)\s?[\)\]\}]\s?"
_DOT_WORD = r"(?:\.|\s?[\(\[\{]\s?(?:dot|punkt)\s?[\)\]\}]\s?)"


@Language.factory("pii_email")
class EmailRecognizer(PatternRecognizer):
    """Plain and obfuscated addresses; the TLD must look real to avoid "a@b" noise."""

    label = EMAIL
    patterns = (
        Pattern("plain", re.compile(rf"(?<![\w.@]){_LOCAL}@{_DOMAIN}\b"), 0.95),
        Pattern(
            "obfuscated",
            re.compile(
                rf"(?<![\w.@]){_LOCAL}{_AT_WORD}(?:[A-Za-z0-9\-]+{_DOT_WORD})+[A-Za-z]{{2,24}}\b",
                re.IGNORECASE,
            ),
            0.85,
        ),
    )

    def may_contain(self, text: str) -> bool:
        return "@" in text or "(" in text or "[" in text or "{" in text
