"""Turns the statistical NER's ``doc.ents`` into candidates for the merger.

The small NER over-generalises on casual chat ("what", "kann man", "Ihren Daten"), so a
PERSON guess has to bring evidence in proportion to how little the casing says:

* function words (spaCy's German/English stop words, ``not_names``) are trimmed from the
  edges of a guess that has no known first name;
* in an all-lowercase message a guess needs a *distinctive* known first name (one that is
  not also a stop word or an everyday word from Faker's lorem lists), because casing
  tells nothing there; cue phrases ("ich bin anna", "my name is …") are handled by
  ``pii_person_cues`` and do not depend on this;
* in a cased message, guesses without a known first name that look like German common
  nouns (noun suffixes, adjective + noun) or name a company or a place are dropped.
"""

import functools
import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..recognizers.base import PRIORITY
from ..recognizers.person import _COMPANY_SUFFIX, _PRONOUNS, PLACE_TYPE
from ..resources import word_set
from ..spans import Candidate, add_candidates, text_of


@functools.lru_cache(maxsize=None)
def function_words() -> FrozenSet[str]:
    """spaCy's German and English stop words plus our never-name words."""
    from spacy.lang.de.stop_words import STOP_WORDS as GERMAN
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH

    return frozenset(w.lower() for w in GERMAN | ENGLISH) | word_set("not_names")


@functools.lru_cache(maxsize=None)
def _distinctive_first_names() -> FrozenSet[str]:
    everyday = word_set("common_words") | word_set("english_words")  # "worth", "grace", "will"
    return word_set("first_names") - word_set("not_names") - everyday - function_words()


def implausible_name(text: str, doc_is_cased: bool) -> bool:
    """A PERSON guess made only of never-name words, or lowercase in a cased message
    without a known first name ("deshalb kann"), is a model slip, not a name."""
    words = [w.strip(".,!?") for w in text.lower().split()]
    if all(word in function_words() for word in words):
        return True
    return doc_is_cased and text[:1].islower() and not has_distinctive_first_name(words[:1])


def _has_first_name(words: List[str]) -> bool:
    names = word_set("first_names")
    return any(part in names and part not in word_set("not_names") for w in words for part in w.split("-"))


SHORT_MESSAGE_WORDS = 3


def has_distinctive_first_name(words: List[str]) -> bool:
    """A known first name that is not also an everyday word ("anna", not "will" or "friend")."""
    names = _distinctive_first_names()
    return any(part in names for w in words for part in w.lower().strip(".,!?").split("-"))


# Capitalised German common nouns: derivational suffixes that surnames practically never have.
_NOUN_SUFFIX = re.compile(r"(?:ung|heit|keit|schaft|tion|sion|tät|erei|ismus|daten|protokolle?)$")
# An inflected adjective or participle before a noun: "Personenbezogene Daten", "Bereinigte …".
_ADJECTIVE = re.compile(r"(?:ig|lich|isch|bar|los|ogen|iert|igt|ent|end)(?:e|en|er|es|em)$")


def looks_like_common_noun_phrase(words: List[str]) -> bool:
    """German noun evidence in a cased guess without a known first name."""
    lowered = [w.lower().strip(".,!?") for w in words]
    if any(len(w) >= 6 and _NOUN_SUFFIX.search(w) for w in lowered):
        return True
    return len(lowered) > 1 and _ADJECTIVE.search(lowered[0]) is not None


_FOLLOWING_COMPANY = re.compile(r"(?-i:(?:[ \t]+[A-ZÄÖÜ][\wäöüß\-]*){0,3}?)" + _COMPANY_SUFFIX.pattern, re.IGNORECASE)
# "Art. 17", "Nr. 5", "Abs. 2": an abbreviation before a number, not a name.
_ABBREVIATION_BEFORE_NUMBER = re.compile(r"\.[ \t]?\d")


# A business type as the first word makes the rest its name: "Eiscafé Venezia", "Pizzeria Roma".
_BUSINESS_TYPE = re.compile(
    r"[\wäöüßé]*(?:café|cafe|restaurant|ristorante|pizzeria|trattoria|bistro|hotel|pension|gasthof|gasthaus|salon|"
    r"studio|praxis|kanzlei|klinik|apotheke|bäckerei|konditorei|metzgerei|autohaus|weingut|boutique|parkhaus|"
    r"stadtwerke|kino|theater|museum|universität|hochschule|schule|gymnasium|kirche|rathaus|büro|firma|gericht|"
    r"amt|behörde|verlag|agentur)",
    re.IGNORECASE,
)


def names_a_company_or_place(text: str, following: str) -> bool:
    """A company or a place, not a person: "Alpenblick Hotel AG", "Mountain Peak Coffee Co.",
    "Eiscafé Venezia", "Victoria Station"."""
    words = text.split()
    if len(words) > 1 and _COMPANY_SUFFIX.fullmatch(" " + words[-1].rstrip(".")):
        return True
    if len(words) > 1 and (_BUSINESS_TYPE.fullmatch(words[0]) or PLACE_TYPE.fullmatch(words[-1])):
        return True
    return _FOLLOWING_COMPANY.match(following) is not None


def person_score(text: str, score: float) -> float:
    """Full score with a known first name; a bit less for several capitalised words
    ("Callum Fraser"); below the merger's threshold for one unknown capitalised word
    ("Zahlung", "Bristol"), which is far more often a noun or a place than a surname."""
    words = [w.strip(".,") for w in text.split()]
    if _has_first_name([w.lower() for w in words]):
        return score
    if len(words) > 1 and all(w[:1].isupper() for w in words if w.lower() not in _PARTICLES):
        return score - 0.2
    return min(score, 0.45)


_NUMBER_BY_NAME = re.compile(r"[A-ZÄÖÜ][^\s\d]+\.?[ \t]?\d|\d+[A-Za-z]?,?[ \t]+[A-ZÄÖÜ]")


# What makes a number next to a word a street address: a street word in one of the languages
# visitors write addresses in, or a house number with the postcode ("Top 10" has neither).
_STREET_WORD = re.compile(
    r"(?i:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|street|st\.|road|rd\.?|"
    r"avenue|ave\.?|lane|drive|close|court|way|rue|chemin|boulevard|via|viale|piazza|corso|calle|avenida|"
    r"plaza|rua|ulica|utca|laan|straat|gracht|vej|gatan|gata|vägen)",
)
_DIGIT_GROUP = re.compile(r"\d+")


# A postcode: before a capitalised town ("10115 Berlin", "1060 Wien"; not "2023-0412" or "731-204-8816"),
# British ("LS6 1AB") or an American state with its ZIP code ("NY 10024").
_POSTCODE_TOWN = re.compile(
    r"(?<![\d\-/])\d{4,5}[ \t]+[A-ZÄÖÜ][a-zäöüß]|(?<!\w)[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}(?!\w)"
    r"|(?<!\w)[A-Z]{2}[ \t]\d{5}(?!\d)"
)


def _address_evidence(text: str) -> bool:
    """A street word, or a house number besides the postcode and town ("10115 Berlin" alone is not
    an address, nor are "Kostenstelle 300-22" or "Rechnungen 2023-0412")."""
    if _STREET_WORD.search(text) is not None:
        return True
    return len(_DIGIT_GROUP.findall(text)) >= 2 and _POSTCODE_TOWN.search(text) is not None


def plausible_address(text: str, doc_is_cased: bool) -> bool:
    """An address has a house number next to a (capitalised, unless the message is all
    lowercase) street name: "Hauptstraße 5", "12 Baker Street", not "takes 2-3" or "Top 10"."""
    if not doc_is_cased:
        return any(c.isdigit() for c in text) and _address_evidence(text)
    return _NUMBER_BY_NAME.search(text) is not None and _address_evidence(text)


_PARTICLES = {"von", "van", "de", "der", "den", "di", "da", "del", "la", "le", "zu", "ten", "ter", "al", "el", "bin"}


def plausibility_score(
    text: str, label: str, score: float, doc_is_cased: bool, following: str = "", short_message: bool = False
) -> Optional[float]:
    """The candidate score for one of our NER's entities, or None to drop it.

    ``short_message``: the message has at most three words; a lone lowercase first name
    there ("jo", "roger", "skip that") is far more often an interjection than a name
    (a name after a cue, "ich bin anna", is the cue recognizer's job)."""
    if label == "PERSON":
        if implausible_name(text, doc_is_cased) or any(char.isdigit() for char in text):
            return None  # "Buchungscode K7XQ2P": names have no digits
        words = text.split()
        if _ABBREVIATION_BEFORE_NUMBER.match(following):
            return None
        if not doc_is_cased:
            content = [w for w in words if w.lower().strip(".,!?") not in function_words()]
            if not has_distinctive_first_name(words) or (short_message and len(content) <= 1):
                return None
            return score
        if names_a_company_or_place(text, following):
            return None  # "Sunny Side Solar AG", "Alpenblick Hotel AG"
        if not _has_first_name([w.lower().strip(".,") for w in words]) and looks_like_common_noun_phrase(words):
            return None
        return person_score(text, score)
    if label == "ADDRESS" and not plausible_address(text, doc_is_cased):
        return None
    return score


def trimmed_person(ent: SpacySpan, doc_is_cased: bool) -> Optional[Tuple[int, int]]:
    """Token bounds of a PERSON guess without function words at its edges ("Ihren Daten"
    -> "Daten", "or claude" -> "claude"), unless such a word is a distinctive first name
    itself; None if nothing is left."""
    start, end = ent.start, ent.end
    doc = ent.doc
    words = function_words()

    def edge_word(i: int) -> bool:
        """A function word at the edge, unless it is itself a distinctive first name."""
        return doc[i].lower_ in words and not has_distinctive_first_name([doc[i].text])

    while start < end and (doc[start].is_punct or (edge_word(start) and not _first_name_pair(doc, start))):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or edge_word(end - 1) or (doc_is_cased and _lowercase_word(doc[end - 1]))
    ):
        end -= 1
    return (start, end) if end > start else None


def _lowercase_word(token) -> bool:
    """An everyday lowercase word at the end of a guess in a cased message ("Geneva stores")."""
    return token.text.islower() and (token.lower_ in word_set("english_words") or token.lower_ in word_set("common_words"))


def _first_name_pair(doc: Doc, i: int) -> bool:
    """"Will Hargreaves", "Hope Adeyemi": a capitalised first name that is also a word, then a capitalised word."""
    token = doc[i]
    return (
        token.lower_ not in _PRONOUNS
        and token.text[:1].isupper()
        and token.lower_ in word_set("first_names")
        and i + 1 < len(doc)
        and doc[i + 1].text[:1].isupper()
        and doc[i + 1].lower_ not in function_words()
    )


def entity_candidates(
    doc: Doc, label_map: Dict[str, str], score: float, source: str, check_plausibility: bool = True
) -> List[Candidate]:
    """Candidates for the mapped entities; ``check_plausibility`` filters our small NER's slips."""
    text = text_of(doc)
    doc_is_cased = text != text.lower()
    short_message = len(text.split()) <= SHORT_MESSAGE_WORDS
    result = []
    for ent in doc.ents:
        label = label_map.get(ent.label_)
        if label is None or not any(char.isalpha() for char in ent.text):
            continue
        ent_score: Optional[float] = score
        ner_label = ent.label_
        if check_plausibility:
            if label == "PERSON":
                bounds = trimmed_person(ent, doc_is_cased)
                if bounds is None:
                    continue
                ent = doc[bounds[0] : bounds[1]]
            ent_score = plausibility_score(
                ent.text, label, score, doc_is_cased, text[ent.end_char :], short_message
            )
        if ent_score is not None:
            result.append(
                Candidate(ent.start_char, ent.end_char, label, ent_score, f"{source}:{ner_label}", False, PRIORITY[label])
            )
    return result


@Language.factory(
    "pii_entity_candidates",
    default_config={"label_map": {"PERSON": "PERSON", "ADDRESS": "ADDRESS"}, "candidate_score": 0.8},
)
class EntityCandidates:
    """Copies the trained NER's entities (mapped to engine labels) into ``doc._.pii_candidates``."""

    def __init__(self, nlp: Language, name: str, label_map: Dict[str, str], candidate_score: float) -> None:
        self.name = name
        self.label_map = dict(label_map)
        self.candidate_score = candidate_score

    def __call__(self, doc: Doc) -> Doc:
        add_candidates(doc, entity_candidates(doc, self.label_map, self.candidate_score, self.name))
        return doc
