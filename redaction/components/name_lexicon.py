"""Gives the NER a "known first name" feature by rewriting those tokens' NORM.

The hash embeddings cannot memorise 20,000 first names, but they can learn what one
shared norm means. Tokens whose lower-case form is in the first-name lexicon (and is
not an everyday word like "May" or "Will") get the norm ``__first_name__``. Training
mixes in invented names outside the lexicon, so the model keeps using context too.
"""
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import word_set

FIRST_NAME_NORM = "__first_name__"


@Language.factory("pii_name_lexicon")
class NameLexiconNorms:
    """Runs before tok2vec (and as an annotating component during training)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.names = word_set("first_names") - word_set("not_names")

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lower_ in self.names:
                token.norm_ = FIRST_NAME_NORM
        return doc
