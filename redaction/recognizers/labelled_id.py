"""Identification numbers written right after the word that names them.

"Steuer-ID: 12 345 678 901", "SSN 078-05-1120", "Versichertennummer A123456789",
"codice fiscale …": when the writer says what the number is, it is an identification
number whatever its format, so numbers of countries without a validator of their own
are caught too. Customer, order and ticket numbers are named differently and stay
(see ``protected``).
"""

import re

from spacy.language import Language

from ..labels import ID_NUMBER
from ..spans import digit_count
from ..validation import austrian_svnr_valid, compact, ean13_valid, german_pension_number_valid, steuer_id_valid
from .base import SPACES, Pattern, PatternRecognizer

_NUMBER_WORD = r"(?:-?nummer|-?nr\.?)"
_ID_WORD = (
    r"steuer-?id(?:entifikationsnummer)?|steuerliche\s+identifikationsnummer|identifikationsnummer|"
    r"tax\s+id(?:entification\s+number)?|tax\s+number|id-?nr\.?|idnr|"
    rf"[\wäöü]*(?:sozialversicherungs|versicherungs|versicherten|rentenversicherungs){_NUMBER_WORD}|"
    rf"sv{_NUMBER_WORD}|svnr|rv{_NUMBER_WORD}|"
    rf"ahv{_NUMBER_WORD}?|sozialversicherungsausweis|"
    r"social(?:\s+security)?(?:\s+number)?|ssn|national\s+insurance(?:\s+number)?|ni\s+number|nino|"
    r"pps(?:\s+number)?|ppsn|"
    r"health\s+insurance\s+number|insurance\s+number|national\s+id(?:\s+number)?|personal\s+id(?:\s+number)?|"
    r"personennummer|personnummer|pesel|codice\s+fiscale|(?-i:TIN|AVS|BSN|DNI|NIE|NIF)|"
    rf"führerschein{_NUMBER_WORD}?|drivers?'?s?\s+licen[cs]e(?:\s+number)?|driving\s+licen[cs]e(?:\s+number)?|"
    r"(?-i:DL)|"
    rf"aufenthaltstitel{_NUMBER_WORD}?|residence\s+permit(?:\s+number)?"
)
# "Steuer-ID: …", "SSN 078-…", or a few words later with a link: "Passnummer für das Visum ist …"
# Every run of spaces is taken whole (``SPACES``): split between the optional parts, it would
# be tried in every division, which takes polynomial time on a long run.
WORDS_THEN_LINK = rf"(?:\s+[^\s:]+){{1,4}}?{SPACES}(?:ist|is|lautet|:|=){SPACES}"
_LINK = (
    rf"(?:{SPACES}\(?(?:{SPACES}(?:no\.?|nr\.?|number|nummer|#))?{SPACES}(?:ist|is|lautet|:|=|-)?{SPACES}"
    rf"|{WORDS_THEN_LINK})"
)
# 6-20 characters of digits and capitals, grouped by spaces, dots, dashes or slashes, at least 6 digits
# (ahead, only capitals and separators before the first digit, then at most one separator and
# capitals between digits; each character can be read one way only, so the test is linear)
_NUMBER = r"(?-i:(?=[A-Z\s./\-]*\d(?:[\s./\-]?[A-Z]*\d){5})[A-Z0-9](?:[A-Z0-9]|[\s./\-](?=[A-Z0-9])){5,19})"


@Language.factory("pii_labelled_id")
class LabelledIdRecognizer(PatternRecognizer):
    """A number of six or more digits right after a word that names an identification number."""

    label = ID_NUMBER
    patterns = (
        Pattern(
            "after_id_word",
            re.compile(rf"(?<![\w-])(?P<word>{_ID_WORD}){_LINK}(?P<number>{_NUMBER})(?![\w])", re.IGNORECASE),
            0.85,
            group="number",
        ),
    )

    def may_contain(self, text: str) -> bool:
        return digit_count(text) >= 6

    def validate(self, value, match, text, lang):
        """A number in the format of a kind with a check digit must pass it ("Steuer-ID 12345678903"
        with a wrong check digit is a look-alike); other formats are taken on the writer's word,
        which outranks a phone-number check."""
        word, number = match.group("word").lower(), compact(value)
        if re.match(r"steuer|tax|id|identifikation", word) and re.fullmatch(r"\d{11}", number):
            return steuer_id_valid(number)
        if re.fullmatch(r"\d{8}[A-Z]\d{3}", number):
            return german_pension_number_valid(number)
        if re.match(r"so[zc]ial|sv|versicherung|insurance", word) and re.fullmatch(r"\d{10}", number):
            return austrian_svnr_valid(number)
        if number.startswith("756") and len(number) == 13:
            return ean13_valid(number)
        return True  # named by the writer: as sure as a checksum ("SSN 078-05-1120" is no phone number)
