"""German Steuer-Identifikationsnummer (11 digits), kept only when the check digit holds."""

import re

from spacy.language import Language

from ..labels import ID_NUMBER
from ..validation import steuer_id_valid
from ..spans import digit_count
from .base import Pattern, PatternRecognizer


@Language.factory("pii_tax_id")
class TaxIdRecognizer(PatternRecognizer):
    """Compact or grouped ("12 345 678 903"); the checksum decides, not the grouping."""

    label = ID_NUMBER
    patterns = (
        Pattern("steuer_id", re.compile(r"(?<![\d\-/.,])[1-9]\d(?:[ /.]?\d){9}(?![\d]|[.,]\d)"), 0.3),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 11

    def validate(self, value, match, text, lang):
        return steuer_id_valid(value)
