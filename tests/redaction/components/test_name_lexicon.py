"""The first-name lexicon is saved with the model and checked against its hash, so serving sees
exactly the feature the model was trained with."""
import json
import shutil
from pathlib import Path

import pytest
import spacy

from redaction import RedactionError, load_pipeline
from redaction.components.name_lexicon import (
    FIRST_NAME_NORM, HASH_FILE, NAMES_FILE, lexicon_digest, resource_lexicon,
)
from redaction.engine import DEFAULT_MODEL_PATH

SAVED = Path(DEFAULT_MODEL_PATH) / "pii_name_lexicon"


def test_known_first_names_share_one_norm_everyday_words_do_not():
    nlp = spacy.blank("xx")
    nlp.add_pipe("pii_name_lexicon")
    doc = nlp("Anna trifft will und Kunde")
    assert [t.norm_ == FIRST_NAME_NORM for t in doc] == [True, False, False, False, False]


def test_the_shipped_lexicon_matches_its_hash():
    names = (SAVED / NAMES_FILE).read_text(encoding="utf-8").splitlines()
    recorded = json.loads((SAVED / HASH_FILE).read_text(encoding="utf-8"))
    assert lexicon_digest(names) == recorded["sha256"] and len(names) == recorded["entries"] > 20_000


def test_serving_uses_the_saved_lexicon_not_the_word_lists(redactor):
    saved = set((SAVED / NAMES_FILE).read_text(encoding="utf-8").splitlines())
    assert redactor.nlp.get_pipe("pii_name_lexicon").names == saved


def test_a_changed_lexicon_refuses_to_load(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_PATH, model)
    with open(model / "pii_name_lexicon" / NAMES_FILE, "a", encoding="utf-8") as names:
        names.write("xqzzyv\n")
    with pytest.raises(RedactionError, match="lexicon"):
        load_pipeline(str(model))


def test_the_lexicon_survives_a_round_trip_through_bytes(redactor):
    component = redactor.nlp.get_pipe("pii_name_lexicon")
    copy = type(component)(redactor.nlp, "copy")
    copy.names = frozenset()
    assert copy.from_bytes(component.to_bytes()).names == component.names


def test_word_list_edits_since_the_last_training_are_few():
    """A word-list edit reaches the model only with `make redactor-model`; this keeps the backlog visible
    and small (13 words left the lexicon after the shipped model was trained: "skip", "link", cities)."""
    saved = set((SAVED / NAMES_FILE).read_text(encoding="utf-8").splitlines())
    assert len(saved ^ resource_lexicon()) <= 20
