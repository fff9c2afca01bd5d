"""Turns the statistical NER's ``doc.ents`` into candidates for the merger."""

from typing import Dict, List

from spacy.language import Language
from spacy.tokens import Doc

from ..recognizers.base import PRIORITY
from ..resources import word_set
from ..spans import Candidate, add_candidates


def entity_candidates(doc: Doc, label_map: Dict[str, str], score: float, source: str) -> List[Candidate]:
    """Candidates for the entities whose label is mapped; lone function words are skipped."""
    not_names = word_set("not_names")
    result = []
    for ent in doc.ents:
        label = label_map.get(ent.label_)
        if label is None or not any(char.isalpha() for char in ent.text):
            continue
        if label == "PERSON" and ent.text.lower() in not_names:
            continue
        result.append(
            Candidate(ent.start_char, ent.end_char, label, score, f"{source}:{ent.label_}", False, PRIORITY[label])
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
