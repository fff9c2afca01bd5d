"""Dates given as a birth date ("geboren am 3.4.1985", "my DOB is 1990-03-12").

A date alone is an appointment or a deadline; only a birth cue right before it (or
"… geboren" right after it) makes it personal data. Only the date is redacted.
"""

import datetime
import re

from spacy.language import Language

from ..labels import DATE_OF_BIRTH
from .base import SPACES, Pattern, PatternRecognizer

_MONTHS = (
    r"(?:jan(?:uar|uary)?|jän(?:ner)?|feb(?:ruar|ruary)?|mär(?:z)?|maerz|mar(?:ch)?|apr(?:il)?|mai|may|"
    r"jun(?:i|e)?|jul(?:i|y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|"
    r"dez(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}\s?[./\-]\s?\d{1,2}\s?[./\-]\s?(?:\d{4}|\d{2})"  # 3.4.1985, 03/04/85
    r"|\d{4}-\d{1,2}-\d{1,2}"  # 1985-04-03
    rf"|\d{{1,2}}(?:\.|st|nd|rd|th)?\s?(?:of\s)?{_MONTHS}\s?,?\s?(?:\d{{4}}|\d{{2}})"  # 3. April 1985
    rf"|{_MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:\d{{4}}|\d{{2}}))"  # April 3, 1985
)
_CUE_BEFORE = (
    r"(?:(?<![*\w])\*(?!\*)|geboren|geb\.|geb|geburtsdatum|geburtstag|geb\.-datum|geburtsdat\.?|jahrgang|"
    r"born|birth\s?date|date\sof\sbirth|d\.o\.b\.?|dob|birthday|b-day|bday)"
)
# Up to five fillers; each takes its run of spaces whole (``SPACES``), else a long run would be
# divided among the five in every possible way.
_FILLER = (
    rf"(?:{SPACES}(?::|=|-|\*|ist|is|am|on|the|der|den|im|in|war|was|wurde|bin|ich|i|mein|my|of|es|it|it's|'s)"
    rf"{SPACES}|\s+(?!\s)|,{SPACES}){{0,5}}"
)


def _plausible_birth_year(date: str) -> bool:
    """A four-digit year between 1900 and five years ago; a two-digit year is taken as it is."""
    years = re.findall(r"\d{4}", date)
    return not years or 1900 <= int(years[0]) <= datetime.date.today().year - 5


@Language.factory("pii_date_of_birth")
class DateOfBirthRecognizer(PatternRecognizer):
    """A date within a few words after a birth cue, or right before "geboren"/"born"."""

    label = DATE_OF_BIRTH
    patterns = (
        Pattern(
            "cue_before",
            re.compile(rf"(?<!\w){_CUE_BEFORE}\w*{_FILLER}(?P<date>{_DATE})(?!\d)", re.IGNORECASE),
            0.9,
            group="date",
        ),
        Pattern(
            "cue_nearby",
            re.compile(rf"(?<!\w){_CUE_BEFORE}\w*(?:\W+\w+){{1,5}}?\W+(?P<date>{_DATE})(?!\d)", re.IGNORECASE),
            0.8,
            group="date",
        ),
        Pattern(
            "cue_after",
            re.compile(rf"(?<![\w.])(?P<date>{_DATE})(?!\d)(?:\s+(?:in|im)\s+[\w\-]+)?\s+(?:geboren|born)\b", re.IGNORECASE),
            0.9,
            group="date",
        ),
    )

    def validate(self, value, match, text, lang):
        """Further from the cue, only a date in a plausible birth year counts: "Geburtstagsaktion
        für unsere Kunden am 12.12.2025" is a promotion date."""
        if self.pattern_of(match).name != "cue_nearby":
            return None
        return None if _plausible_birth_year(value) else False

    def may_contain(self, text: str) -> bool:
        lowered = text.lower()
        return any(cue in lowered for cue in ("geb", "born", "birth", "dob", "d.o.b", "day", "jahrgang", "*"))
