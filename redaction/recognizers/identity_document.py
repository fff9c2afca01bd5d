"""Personalausweis and passport numbers.

The German ID card serial (9 characters + ICAO check digit) is accepted on its own;
any other document number needs a document word (Ausweis, Pass, passport) before it,
since bare alphanumeric codes are usually order or ticket numbers.
"""

import re

from spacy.language import Language

from ..labels import ID_NUMBER
from ..validation import icao_document_number_valid
from ..spans import digit_count
from .base import SPACES, Pattern, PatternRecognizer
from .labelled_id import WORDS_THEN_LINK

_DOCUMENT_WORD = (
    r"(?:personalausweis|ausweis|perso|reisepass|pass|passport|identity card|id card|"
    r"id-karte|identitätskarte|document|dokument)"
)
_LINK = (
    rf"(?:(?:[\s\-]?(?:nummer|nr\.?|number|no\.?|num\.?|id)?){SPACES}(?:ist|is|lautet|:|#|=)?{SPACES}"
    rf"|[\w\-]*{WORDS_THEN_LINK})"
)


@Language.factory("pii_identity_document")
class IdentityDocumentRecognizer(PatternRecognizer):
    """Check-digit-valid ID card serials anywhere; other document numbers after a document word."""

    label = ID_NUMBER
    patterns = (
        Pattern(
            "id_card_serial",
            re.compile(r"(?<![\w])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d(?![\w])"),
            0.4,
        ),
        Pattern(
            "after_document_word",
            re.compile(
                rf"(?<![\w]){_DOCUMENT_WORD}{_LINK}(?P<number>(?=[A-Z0-9]*\d)[A-Z0-9]{{6,10}})(?![\w])",
                re.IGNORECASE,
            ),
            0.85,
            group="number",
        ),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) > 0

    def validate(self, value, match, text, lang):
        if self.pattern_of(match).name == "id_card_serial":
            return icao_document_number_valid(value)
        return None
