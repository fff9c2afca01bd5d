"""German Rentenversicherungsnummer, Austrian Sozialversicherungsnummer, UK National Insurance and
US Social Security numbers."""

import re

from spacy.language import Language

from ..labels import ID_NUMBER
from ..validation import austrian_svnr_valid, german_pension_number_valid
from ..spans import digit_count
from .base import Pattern, PatternRecognizer

_AUSTRIAN_CONTEXT = re.compile(
    r"(?:sv|sozialversicherung|versicherungs|svnr|sv-nr|e-card|social\s+(?:insurance|security)|insurance\s+number)",
    re.IGNORECASE,
)


_UK_NINO_UNUSED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


@Language.factory("pii_social_security")
class SocialSecurityRecognizer(PatternRecognizer):
    """The German number has a letter in it and a check digit; the Austrian one needs context."""

    label = ID_NUMBER
    patterns = (
        Pattern(
            "de_rvnr",
            re.compile(r"(?<![\w])\d{2} ?\d{6} ?[A-Za-z] ?\d{2} ?\d(?![\w])"),
            0.4,
        ),
        Pattern("at_svnr", re.compile(r"(?<![\d.,])\d{4} ?\d{6}(?![\d]|[.,]\d)"), 0.3),
        # US Social Security number, written with dashes (area never 000, 666 or 9xx; no zero group)
        Pattern("us_ssn", re.compile(r"(?<![\w\-/.])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w\-]|[.,/]\d)"), 0.6),
        # UK National Insurance number: two prefix letters (never D, F, I, Q, U, V; not O second; QQ is HMRC's
        # specimen, which people copy), six digits, A-D
        Pattern(
            "uk_nino",
            re.compile(r"(?<![\w])(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ) ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])"),
            0.7,
        ),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 6  # the UK number has six digits, the others nine or more

    def validate(self, value, match, text, lang):
        if self.pattern_of(match).name == "us_ssn":
            return None
        if self.pattern_of(match).name == "uk_nino":
            return value[:2] not in _UK_NINO_UNUSED_PREFIXES and None
        if any(char.isalpha() for char in value):
            return german_pension_number_valid(value)
        if not austrian_svnr_valid(value):
            return False
        return bool(_AUSTRIAN_CONTEXT.search(text[max(0, match.start() - 60) : match.start()]))
