"""Postal addresses: a street with a house number, plus postcode and city when they follow.

German/Austrian/Swiss streets are recognised by their suffix ("Hauptstraße 5",
"Bahnhofstr. 12a", "Mariahilfer Straße 1/3/12"), English ones by house number +
street type ("221B Baker St"). A postcode and city alone ("10115 Berlin") are not
personal data and are only taken as the tail of a street address.
"""

import re
from typing import List, Optional

from spacy.language import Language

from ..casing import is_shouted, title_case_words
from ..labels import ADDRESS
from ..resources import word_set
from ..spans import Candidate, digit_count
from .base import Pattern, PatternRecognizer, possessive

_DE_SUFFIX = (
    r"(?:straße|strasse|str\.|str|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|"
    r"graben|kai|zeile|promenade|stieg|twiete|kamp|gürtel|lände|anger|hof|gässli|gässle|rain|halde)"
)
_WORD = r"[A-Za-zÄÖÜäöüßÀ-ÿ][\wÄÖÜäöüßÀ-ÿ'\-]*"
# Word runs are bounded (40 characters after the capital, 60 for a street name): a run can start
# after any apostrophe or hyphen inside a longer one, and unbounded, each start would read to
# the run's end (quadratic time on "A'A'A'…").
_CAP_WORD = r"[A-ZÄÖÜÀ-Þ][\wÄÖÜäöüßÀ-ÿ'\-]{0,40}\.?"
_NAME_WORD = r"[A-ZÄÖÜÀ-Þ][a-zäöüßà-ÿ][\wäöüßà-ÿ'\-]*"
# Words before a street type are taken whole ("Karl-Marx-Allee": the hyphens belong to the word;
# a hyphen after a dot still separates: "St.-Martin-Str."). A word that could end at any of its
# hyphens, with the next word or the street name starting there, made the engine try every
# division of a hyphenated run (cubic time: "A-A-A-…-A 1" took minutes); the street name takes
# apostrophes, so "O'Connell-Straße" needs no division either.
_DE_STREET = (
    rf"(?:(?:{possessive(_CAP_WORD, 'de_word')}[ \-]){{0,2}}[\wÄÖÜäöüßÀ-ÿ\-][\wÄÖÜäöüßÀ-ÿ'\-]{{1,59}}(?i:{_DE_SUFFIX})"  # Alte Bahnhofstr.
    rf"|(?:{possessive(_CAP_WORD, 'de_name')}[ \-]){{1,2}}"
    r"(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Chaussee|Gürtel|Markt|Kai))"
)
_HOUSE_NUMBER = r"\d{1,3}(?:\s?[a-hA-H](?![\wÄÖÜäöüß]))?(?:\s?[-/]\s?\d{1,3}[a-h]?){0,3}"
# Austrian door numbers after the house number: "45/Stiege 2/Top 14", "2, Stiege 1, Top 4"
_UNIT = r"(?:\s?[/,]\s?(?:Stiege|Stg\.?|Top|Tür|Whg\.?|Wohnung|Haus|Block|Stock|OG|EG)\s?\d{1,3}[a-z]?)*"
_POSTCODE = r"(?:(?:D|A|CH|DE|AT)[\- ])?\d{4,5}"
_CITY = rf"(?:St\.[ \t]?|Sankt[ \t])?[A-ZÄÖÜa-zäöü][\wÄÖÜäöüß\-]+(?:\s(?:am|an\sder|im|ob\sder|bei|in)\s{_CAP_WORD}|\s\([A-Za-zÄÖÜäöü. ]+\)|\s[A-ZÄÖÜ][\wäöüß\-]+)?"
_POSTCODE_CITY = rf",?\s{{1,2}}(?:in[ \t]+)?{_POSTCODE}[ \t]{_CITY}"  # "Hauptstr. 12 in 80331 München"
_DE_TAIL = rf"(?:{_POSTCODE_CITY})?"
_PARTICLES = r"(?:am|an|der|den|dem|des|die|im|in|zum|zur|von|vom|auf|bei|unter|hinter|vor|de|la|du|le)"
_STREET_OPENER = r"(?:Am|An|Auf|Im|In|Unter|Hinter|Vor|Zum|Zur|Bei|Alte|Alter|Altes|Neue|Neuer|Neues|Obere|Untere|Kleine|Große|Lange|Hohe)"
_LEADING_WORDS = rf"(?:{_STREET_OPENER}[ \t](?:{_PARTICLES}[ \t])?)?{_CAP_WORD}(?:[ \t]{_CAP_WORD})?"

# Swiss French/Italian and other Romance forms put the street type first: "Rue du Marché 14",
# "Via Nassa 5", "Chemin des Vignes 3a".
_ROMANCE_TYPE = (
    r"(?:Rue|Avenue|Av\.|Chemin|Ch\.|Route|Rte\.?|Boulevard|Bd\.?|Place|Quai|Impasse|Allée|Ruelle|Sentier|"
    r"Via|Viale|Piazza|Piazzale|Corso|Vicolo|Largo|Calle|Avenida|Plaza|Paseo|Rua|Travessa)"
)
_ROMANCE_LINK = r"(?:(?:de|du|des|de\s+la|de\s+l'|la|le|les|l'|d'|del|della|dello|dei|degli|di|da|do|dos|das)\s?)?"
_EN_TYPE = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Close|Court|Ct\.?|Place|Pl\.?|"
    r"Square|Sq\.?|Boulevard|Blvd\.?|Terrace|Crescent|Gardens|Grove|Row|Mews|Hill|Parkway|Pkwy\.?|Highway)"
)
_EN_UNIT = r"(?:,?\s(?:Apt|Apartment|Flat|Suite|Unit)\.?\s?#?\w{1,5})?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
_US_STATE_ZIP = r"[A-Z]{2}\s\d{5}(?:-\d{4})?"
_EN_TAIL = (
    rf"(?:(?:,\s|[ \t]*\n[ \t]*)(?:{_NAME_WORD}\s){{0,2}}{_NAME_WORD}(?:,?\s(?:{_US_STATE_ZIP}|{_UK_POSTCODE}|[A-Z]{{2}}))?"
    rf"|,?\s{_UK_POSTCODE})?"
)


@Language.factory("pii_address")
class AddressRecognizer(PatternRecognizer):
    """Street + house number (+ postcode and city) in German and English forms."""

    label = ADDRESS
    patterns = (
        Pattern(
            "de_street",
            re.compile(rf"(?<![\w\-])(?<!\w'){_DE_STREET}\s?{_HOUSE_NUMBER}(?![\d,.]\d|\d){_UNIT}{_DE_TAIL}(?!\w)"),
            0.8,
        ),
        Pattern(
            "street_postcode_city",
            re.compile(rf"(?<![\w\-]){_LEADING_WORDS}[ \t]{_HOUSE_NUMBER}{_UNIT},?\s{{1,2}}{_POSTCODE}[ \t]{_CITY}(?!\w)"),
            0.85,
        ),
        Pattern(
            "en_street",
            re.compile(
                rf"(?<![\w\-])(?:(?:Flat|Apt\.?|Apartment|Unit|Suite)\s\w{{1,5}},?\s)?\d{{1,5}}[A-Za-z]?,?\s"
                rf"(?:(?:{_CAP_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s){{1,3}}{_EN_TYPE}(?!\w){_EN_UNIT}{_EN_TAIL}(?!\w)"
            ),
            0.8,
        ),
        Pattern(
            # a British postcode vouches for a street without a street type: "45 Kingsway, Manchester M19 2LL"
            "uk_postcode_address",
            re.compile(
                rf"(?<![\w\-])\d{{1,4}}[A-Za-z]?,?\s(?:{_CAP_WORD}\s){{0,2}}{_CAP_WORD},\s"
                rf"(?:{_NAME_WORD}\s){{0,2}}{_NAME_WORD},?\s{_UK_POSTCODE}(?!\w)"
            ),
            0.8,
        ),
        Pattern(
            "post_box",
            re.compile(
                rf"(?<![\w\-])(?:Postfach|P\.\s?O\.\s?Box|PO\s?Box|Post\s+Office\s+Box)\s?\d(?:\s?\d){{1,9}}"
                rf"(?:{_POSTCODE_CITY}|{_EN_TAIL})(?!\w)"
            ),
            0.7,
        ),
        Pattern(
            "romance_street",
            re.compile(
                rf"(?<![\w\-]){_ROMANCE_TYPE}\s{_ROMANCE_LINK}{possessive(_CAP_WORD, 'first')}"
                rf"(?:[ \-]{possessive(_CAP_WORD, 'more')}){{0,2}}"
                rf",?\s{_HOUSE_NUMBER}(?![\d,.]\d|\d){_DE_TAIL}(?!\w)"
            ),
            0.8,
        ),
    )

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.english_words = word_set("english_words")

    def may_contain(self, text: str) -> bool:
        return digit_count(text) > 0

    def validate(self, value, match, text, lang):
        """Without a street type, the street must not be everyday words ("3 Offices, London SW1A 1AA")."""
        if self.pattern_of(match).name != "uk_postcode_address":
            return None
        street = value.split(",")[0].split()[1:]
        return False if all(word.lower() in self.english_words for word in street) else None

    def analyze(self, text: str, lang: Optional[str] = None) -> List[Candidate]:
        """Street names need capitals; a message in capitals is also read in title case."""
        candidates = super().analyze(text, lang)
        if candidates or not is_shouted(text):
            return candidates
        return super().analyze(title_case_words(text), lang)
