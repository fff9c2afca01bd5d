"""Telephone numbers in German, Austrian, Swiss, British, US and international formats.

Candidates come from a permissive regex; ``phonenumbers`` decides. A number it calls
merely *possible* (fictitious ranges, unusual groupings) is still kept when it is
written in international form, is long enough, or a phone word stands nearby.
"""

import re
from typing import Tuple

import phonenumbers
from spacy.language import Language

from ..labels import PHONE
from ..spans import digit_count
from .base import Pattern, PatternRecognizer

_SEP = r"(?:[ \t]?[\-/–‑][ \t]?|[ \t])"
_EXTENSION = r"(?P<ext>\s?(?:-|x|ext\.?|extension|Durchwahl|DW|Dw\.|App\.?)\s?\d{1,5})?"
_INTERNATIONAL = rf"(?:\+|00)\s?\d{{1,3}}{_SEP}?(?:\(0\){_SEP}?)?(?:\(?\d{{1,5}}\)?{_SEP}?){{1,6}}\d"
_NATIONAL = rf"\(?0(?: ?\d){{1,5}}\)?{_SEP}?(?:\d{_SEP}?){{3,12}}\d"
_DOTTED = r"0\d{2,5}\.\d{3,}(?:\.\d{2,})*"
_NORTH_AMERICAN = r"(?:1[ \-.])?\(?[2-9]\d{2}\)?[ \-.]?\d{3}[ \-.]\d{4}"
# a local number without area code ("Tel. 234 56 78") counts only right after a phone word
_PHONE_LABEL = (
    r"(?:tel|telefon|telefonnummer|phone|phone\s+number|fon|handy|handynummer|mobil|mobilnummer|mobile|cell|"
    r"natel|fax|festnetz|whatsapp)\.?:?\s?"
)
_LOCAL = rf"(?P<local>[1-9](?:{_SEP}?\d){{4,9}})"

_CONTEXT = re.compile(
    r"(?:tel|telefon|phone|fon|handy|mobil|mobile|cell|nummer|number|nr|erreichbar|"
    r"reach|anrufen|ruf|rufen|call|whatsapp|signal|fax|festnetz|durchwahl|kontakt)",
    re.IGNORECASE,
)
# Words that make an unconfirmed number a reference, not a phone: "Tracking number 1Z 999 …",
# "company number 09876543", "Bestellnummer 4711-…".
_REFERENCE_CONTEXT = re.compile(
    r"(?:tracking|sendung|bestell|order|auftrag|kunden|customer|rechnung|invoice|ticket|vorgang|case\s|"
    r"company\s+(?:number|no)|registr|handelsregister|(?<!\w)(?:hrb|ust|vat|tax)(?!\w)|steuer|konto|account(?![ \t]+(?:manager|managerin|executive|director|lead))|referenz|reference|"
    r"artikel|item|(?<!\w)sku(?!\w)|serien|serial|lizenz|licen[cs]e|vertrag|contract|police|policy|aktenzeichen)",
    re.IGNORECASE,
)
_PHONE_WORD = re.compile(
    r"(?:tel|telefon|phone|fon|handy|mobil|mobile|cell|anrufen|ruf|call|whatsapp|signal|fax|festnetz|durchwahl)",
    re.IGNORECASE,
)


def _names_a_reference(before: str) -> bool:
    """A reference word ("Tracking number", "Bestellnummer") right before, and no phone word after it."""
    references = list(_REFERENCE_CONTEXT.finditer(before))
    if not references:
        return False
    return not any(word.start() > references[-1].start() for word in _PHONE_WORD.finditer(before))


_DATE = re.compile(r"\d{1,2}([./])\d{1,2}\1(?:\d{4}|\d{2})")  # "05/12/2024", "05.12.24"

_REGIONS = {"de": ("DE", "AT", "CH"), "en": ("GB", "US", "DE")}
_DEFAULT_REGIONS = ("DE", "AT", "CH", "GB", "US")


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def phone_verdict(value: str, regions: Tuple[str, ...]) -> Tuple[bool, bool]:
    """(valid, possible) for the number in any of the regions. Not cached, though ``refine`` and
    ``validate`` ask about the same match one after the other: a cache would keep the last
    visitors' phone numbers in memory."""
    cleaned = value.replace("(0)", "")
    possible = False
    for region in regions:
        try:
            number = phonenumbers.parse(cleaned, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True, True
        possible = possible or phonenumbers.is_possible_number(number)
    return False, possible


@Language.factory("pii_phone")
class PhoneRecognizer(PatternRecognizer):
    """Validated numbers score 1.0; possible ones need a phone-like form or context."""

    label = PHONE
    patterns = (
        Pattern("international", re.compile(rf"(?<![\w+]){_INTERNATIONAL}{_EXTENSION}(?!\d)"), 0.7),
        # not the tail of a longer run of digit groups ("Karte 5174 1075 0809 3631")
        Pattern("national", re.compile(rf"(?<![\w.,/\-])(?<!\d[ \t]){_NATIONAL}{_EXTENSION}(?![\d.,]\d|\d)"), 0.6),
        Pattern("dotted", re.compile(rf"(?<![\w.,/]){_DOTTED}(?![\d.,]\d|\d)"), 0.6),
        Pattern("north_american", re.compile(rf"(?<![\w.,/]){_NORTH_AMERICAN}(?![\d.,]\d|\d)"), 0.5),
        Pattern(
            "local_after_phone_word",
            re.compile(rf"(?<!\w){_PHONE_LABEL}{_LOCAL}(?![\d.,]\d|\d|\s?(?:€|eur|euro|uhr|%|h\b|min))", re.IGNORECASE),
            0.6,
            group="local",
        ),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 6

    def refine(self, match, pattern, text, lang):
        """Drop trailing digit groups (a time, a count) while the rest stays a valid number;
        an extension ("Durchwahl 12", "ext. 23") stays attached to a number that needs no trimming."""
        if "local" in match.re.groupindex:
            return match.span("local")
        start, end = match.span()
        number_end = match.start("ext") if "ext" in match.re.groupindex and match.group("ext") else end
        regions = _REGIONS.get(lang or "", _DEFAULT_REGIONS)
        if phone_verdict(text[start:number_end], regions)[0]:
            return start, end
        cut = number_end
        while len(_digits(text[start:cut])) >= 7:
            if phone_verdict(text[start:cut], regions)[0]:
                return start, cut
            cut = max(text.rfind(separator, start, cut) for separator in (" ", "-", "/", "–"))
            if cut <= start:
                break
        return start, end

    def validate(self, value, match, text, lang):
        if "local" in match.re.groupindex:
            return None if len(set(_digits(value))) > 1 else False
        extension = match.group("ext") if "ext" in match.re.groupindex else None
        if extension and value.endswith(extension):
            value = value[: -len(extension)]
        digits = _digits(value)
        if len(digits) < 6 or len(set(digits)) == 1 or _DATE.fullmatch(value):
            return False
        before = text[max(0, match.start() - 40) : match.start()]
        if _names_a_reference(before[-30:]):
            return False
        valid, possible = phone_verdict(value, _REGIONS.get(lang or "", _DEFAULT_REGIONS))
        if valid:
            return True
        if not possible:
            return False
        international = value.lstrip("(").startswith(("+", "00"))
        if _CONTEXT.search(before) or international or (value.startswith(("0", "(0")) and len(digits) >= 9):
            return None
        return False
