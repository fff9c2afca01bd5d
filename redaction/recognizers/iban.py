"""IBANs, compact or in groups, validated with mod-97 and the country's length."""

import re

from spacy.language import Language

from ..labels import IBAN
from ..validation import IBAN_LENGTHS, iban_valid
from ..spans import digit_count
from .base import Pattern, PatternRecognizer


@Language.factory("pii_iban")
class IbanRecognizer(PatternRecognizer):
    """Greedy match, then trimmed to the country's IBAN length before the checksum."""

    label = IBAN
    patterns = (
        Pattern(
            "iban",
            # a lookahead, so a failed greedy match ("to 15th and debit from CH20 …") cannot swallow
            # the IBAN that starts inside it
            re.compile(r"(?<![A-Za-z0-9])(?=(?P<iban>[A-Za-z]{2} ?\d{2}(?:[ \-.]?[A-Za-z0-9]){10,32}))", re.IGNORECASE),
            0.5,
            group="iban",
        ),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 10

    def refine(self, match, pattern, text, lang):
        start, end = match.span("iban")
        wanted = IBAN_LENGTHS.get(text[start : start + 2].upper())
        if wanted is None:
            return start, end
        seen = 0
        for index in range(start, end):
            if text[index].isalnum():
                seen += 1
                if seen == wanted:
                    return start, index + 1
        return start, end

    def validate(self, value, match, text, lang):
        return iban_valid(value)
