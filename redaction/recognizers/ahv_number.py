"""Swiss AHV/AVS social security number: 756.xxxx.xxxx.xx with an EAN-13 check digit."""

import re

from spacy.language import Language

from ..labels import ID_NUMBER
from ..validation import ean13_valid
from .base import Pattern, PatternRecognizer


@Language.factory("pii_ahv_number")
class AhvNumberRecognizer(PatternRecognizer):
    """The 756 country prefix plus a valid check digit is specific enough on its own."""

    label = ID_NUMBER
    patterns = (Pattern("ahv", re.compile(r"(?<![\d.])756[. ]?\d{4}[. ]?\d{4}[. ]?\d{2}(?![\d]|\.\d)"), 0.4),)

    def may_contain(self, text: str) -> bool:
        return "756" in text

    def validate(self, value, match, text, lang):
        return ean13_valid(value)
