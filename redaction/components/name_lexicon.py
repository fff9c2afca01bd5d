"""Gives the NER a "known first name" feature by rewriting those tokens' NORM.

The hash embeddings cannot memorise 20,000 first names, but they can learn what one
shared norm means. Tokens whose lower-case form is in the first-name lexicon (and is
not an everyday word like "May" or "Will") get the norm ``__first_name__``. Training
mixes in invented names outside the lexicon, so the model keeps using context too.

The lexicon is part of the model: training builds it from ``resources/`` and saves it in
``model/pii_name_lexicon/`` with its SHA-256, and serving reads it from there, so the model
always sees the feature it was trained with. An edit to the word lists takes effect with
the next training; a lexicon that does not match its hash refuses to load.
"""
import hashlib
import json
from pathlib import Path
from typing import FrozenSet, Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import word_set

FIRST_NAME_NORM = "__first_name__"
NAMES_FILE = "names.txt"
HASH_FILE = "lexicon.json"


def resource_lexicon() -> FrozenSet[str]:
    """The lexicon the word lists give today (what the next training will use)."""
    return word_set("first_names") - word_set("not_names")


def lexicon_digest(names: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(names)).encode("utf-8")).hexdigest()


class LexiconMismatch(ValueError):
    """The saved lexicon is not the one the model was saved with."""


@Language.factory("pii_name_lexicon")
class NameLexiconNorms:
    """Runs before tok2vec (and as an annotating component during training)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.names = resource_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lower_ in self.names:
                token.norm_ = FIRST_NAME_NORM
        return doc

    def _load(self, names: Iterable[str], digest: str) -> "NameLexiconNorms":
        names = frozenset(names)
        if lexicon_digest(names) != digest:
            raise LexiconMismatch("the saved first-name lexicon does not match its SHA-256")
        self.names = names
        return self

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / NAMES_FILE).write_text("\n".join(sorted(self.names)) + "\n", encoding="utf-8")
        (path / HASH_FILE).write_text(json.dumps({"sha256": lexicon_digest(self.names), "entries": len(self.names)},
                                                 indent=2) + "\n", encoding="utf-8")

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> "NameLexiconNorms":
        path = Path(path)
        names = (path / NAMES_FILE).read_text(encoding="utf-8").splitlines()
        return self._load(names, json.loads((path / HASH_FILE).read_text(encoding="utf-8"))["sha256"])

    def to_bytes(self, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"names": sorted(self.names), "sha256": lexicon_digest(self.names)})

    def from_bytes(self, data: bytes, exclude: Iterable[str] = ()) -> "NameLexiconNorms":
        saved = srsly.msgpack_loads(data)
        return self._load(saved["names"], saved["sha256"])
