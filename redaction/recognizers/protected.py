"""Text that must never be redacted: existing placeholders, business reference numbers and brands
named after people ("Hugo Boss", "Dr. Oetker").

Its candidates carry the internal KEEP label: they block overlapping detections and
are dropped from the output. Placeholders ("[EMAIL]", "[PERSON_2]") always win, which
makes redaction idempotent; a reference number ("Kundennummer 4711-233", "Ticket
#88231") loses only to a checksum-validated value.
"""

import re

from spacy.language import Language

from ..labels import KEEP, PLACEHOLDER_RE
from ..resources import cased_entries
from .base import SPACES, Pattern, PatternRecognizer, list_alternation, words_in_order

_REFERENCE_WORD = (
    r"(?:kunden|kd|bestell|auftrags|rechnungs|ticket|vorgangs|vertrags|referenz|ref|order|invoice|customer|"
    r"case|reference|tracking|sendungs|artikel|mitglieds|projekt|angebots|lieferschein|bestellung|account|"
    r"konto(?!\s*(?:nr|nummer))|booking|buchungs|reservierungs|reservation|transaktions|transaction|serien|serial|"
    r"produkt|product|sku|item|job|stellen|aktenzeichen|az|voucher|gutschein|coupon|rabatt|promo|code)"
)
_REFERENCE = re.compile(
    rf"(?<!\w){_REFERENCE_WORD}[\-\s]?(?:nummer|nr\.?|no\.?|number|num|id|code|#)?{SPACES}(?::|ist|is|lautet|=)?{SPACES}"
    r"(?P<ref>#?\s?[A-Z]{0,4}[\-\s]?\d[\w\-/]{0,20}\d|#?\d)(?!\w)",
    re.IGNORECASE,
)


# Brands named after people, as written ("Hugo Boss", "Dr. Oetker"); see resources/brand_names.txt.
_BRANDS = re.compile(rf"(?<![\w])(?:{list_alternation(cased_entries('brand_names'))})(?![\w])")
_BRAND_WORDS = frozenset(words_in_order(entry)[0] for entry in cased_entries("brand_names"))


@Language.factory("pii_protected")
class ProtectedTextRecognizer(PatternRecognizer):
    """Marks placeholders and reference numbers as KEEP so no detector redacts them."""

    label = KEEP
    patterns = (
        Pattern("placeholder", PLACEHOLDER_RE, 1.0),
        Pattern("reference_number", _REFERENCE, 0.9, group="ref"),
        Pattern("hash_number", re.compile(r"(?<![\w&])#\d{3,12}(?!\w)"), 0.9),
        Pattern("brand", _BRANDS, 0.9, hints=_BRAND_WORDS),
        # a search ranking, the agency's daily talk: "rankt auf platz 14", "on position 3"
        Pattern(
            "ranking",
            re.compile(r"(?i:(?:auf|on|at)\s+(?:platz|position|rang|rank|seite|page)\s+\d{1,3})(?!\d|[.,]\d)"),
            0.9,
            hints=frozenset({"platz", "position", "rang", "rank", "seite", "page"}),
        ),
    )

    def validate(self, value, match, text, lang):
        return True if self.pattern_of(match).name == "placeholder" else None
