"""E-mail addresses, including the "(at)"/"[at]" spellings common in German mail."""

import re

from spacy.language import Language

from ..labels import EMAIL
from .base import Pattern, PatternRecognizer

# Parts as long as the standard allows (local part 64, domain label 63 characters): a local part
# may start after any "+", "-" or "'", and unbounded, each start would read to the end of a long
# run (quadratic time on "+++…").
_LOCAL = r"[A-Za-z0-9À-ÿ._%+\-']{1,64}"
_LABEL = r"[A-Za-z0-9\-]{1,63}"
_DOMAIN = r"(?:[A-Za-z0-9À-ÿ\-]{1,63}\.)+[A-Za-z]{2,24}"
_AT_WORD = r"\s?[\(\[\{]\s?(?:at|ät|@)\s?[\)\]\}]\s?"
_DOT_WORD = r"(?:\.|\s?[\(\[\{]\s?(?:dot|punkt)\s?[\)\]\}]\s?)"
_SPOKEN_DOT = r"(?:\.|[ \t](?:dot|punkt)[ \t])"
_SPOKEN_AT = re.compile(r"[ \t](?:at|ät)[ \t]", re.IGNORECASE)
# Bare "at"/"dot" also occur in ordinary sentences, so the domain must end in a common TLD.
_COMMON_TLD = r"(?:de|at|ch|li|com|net|org|eu|info|biz|io|co|uk|me|nl|fr|it|es|pl|be|dk|se|no|fi|cz|email|online)"


@Language.factory("pii_email")
class EmailRecognizer(PatternRecognizer):
    """Plain and obfuscated addresses; the TLD must look real to avoid "a@b" noise."""

    label = EMAIL
    patterns = (
        Pattern("plain", re.compile(rf"(?<![\w.@]){_LOCAL}@{_DOMAIN}\b"), 0.95),
        Pattern(
            "obfuscated",
            re.compile(
                rf"(?<![\w.@]){_LOCAL}{_AT_WORD}(?:{_LABEL}{_DOT_WORD})+[A-Za-z]{{2,24}}\b",
                re.IGNORECASE,
            ),
            0.85,
        ),
        Pattern(
            "spelled_out",
            re.compile(
                rf"(?<![\w.@%+\-'])[\w%+\-']{{1,64}}(?:{_SPOKEN_DOT}[\w%+\-']{{1,64}}){{0,8}}[ \t](?:at|ät)[ \t]"
                rf"{_LABEL}(?:{_SPOKEN_DOT}{_LABEL}){{0,8}}{_SPOKEN_DOT}{_COMMON_TLD}(?![\w.])",
                re.IGNORECASE,
            ),
            0.7,
        ),
    )

    def may_contain(self, text: str) -> bool:
        return "@" in text or "(" in text or "[" in text or "{" in text or _SPOKEN_AT.search(text) is not None
