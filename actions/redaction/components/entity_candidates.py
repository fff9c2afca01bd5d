"""Turns the statistical NER's ``doc.ents`` into candidates for the merger."""

import re
from typing import Dict, List, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..recognizers.base import PRIORITY
from ..resources import word_set
from ..spans import Candidate, add_candidates


def implausible_name(text: str, doc_is_cased: bool) -> bool:
    """A PERSON guess made only of never-name words, or lowercase in a cased message
    without a known first name ("deshalb kann"), is a model slip, not a name."""
    words = text.lower().split()
    if all(word in word_set("not_names") for word in words):
        return True
    return doc_is_cased and text[:1].islower() and not _has_first_name(words[:1])


def _has_first_name(words: List[str]) -> bool:
    names = word_set("first_names")
    return any(part in names and part not in word_set("not_names") for w in words for part in w.split("-"))


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


def plausible_address(text: str, doc_is_cased: bool) -> bool:
    """An address has a house number next to a (capitalised, unless the message is all
    lowercase) street name: "Hauptstraße 5", "12 Baker Street", not "takes 2-3"."""
    if not doc_is_cased:
        return any(c.isdigit() for c in text)
    return _NUMBER_BY_NAME.search(text) is not None


_PARTICLES = {"von", "van", "de", "der", "den", "di", "da", "del", "la", "le", "zu", "ten", "ter", "al", "el", "bin"}


def plausibility_score(text: str, label: str, score: float, doc_is_cased: bool) -> Optional[float]:
    """The candidate score for one of our NER's entities, or None to drop it."""
    if label == "PERSON":
        if implausible_name(text, doc_is_cased):
            return None
        return person_score(text, score) if doc_is_cased else score
    if label == "ADDRESS" and not plausible_address(text, doc_is_cased):
        return None
    return score


def entity_candidates(
    doc: Doc, label_map: Dict[str, str], score: float, source: str, check_plausibility: bool = True
) -> List[Candidate]:
    """Candidates for the mapped entities; ``check_plausibility`` filters our small NER's slips."""
    doc_is_cased = doc.text != doc.text.lower()
    result = []
    for ent in doc.ents:
        label = label_map.get(ent.label_)
        if label is None or not any(char.isalpha() for char in ent.text):
            continue
        ent_score: Optional[float] = score
        if check_plausibility:
            ent_score = plausibility_score(ent.text, label, score, doc_is_cased)
        if ent_score is not None:
            result.append(
                Candidate(ent.start_char, ent.end_char, label, ent_score, f"{source}:{ent.label_}", False, PRIORITY[label])
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
