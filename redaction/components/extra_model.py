"""Optional second opinion from an installed official spaCy model (REDACTOR_EXTRA_SPACY_MODEL).

Never required: the engine adds this component only when the setting names a model,
and loading fails closed (RedactionError) if that model is not installed.
"""

from typing import Dict

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..spans import add_candidates
from ..tokenizing import make_doc
from .entity_candidates import entity_candidates

DEFAULT_LABEL_MAP = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "ADDRESS"}


@Language.factory("pii_extra_model", default_config={"model": "", "label_map": DEFAULT_LABEL_MAP, "candidate_score": 0.6})
class ExtraModelCandidates:
    """Runs the named model's NER on the text and adds its person/location entities."""

    def __init__(self, nlp: Language, name: str, model: str, label_map: Dict[str, str], candidate_score: float) -> None:
        self.name = name
        self.label_map = dict(label_map)
        self.candidate_score = candidate_score
        self.extra = spacy.load(model, disable=["parser", "lemmatizer", "tagger", "attribute_ruler"]) if model else None

    def __call__(self, doc: Doc) -> Doc:
        if self.extra is not None:
            add_candidates(doc, entity_candidates(
                self.extra(make_doc(self.extra, doc.text)), self.label_map, self.candidate_score, self.name,
                check_plausibility=False,
            ))
        return doc
