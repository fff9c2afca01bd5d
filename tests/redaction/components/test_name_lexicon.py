import spacy

from redaction.components.name_lexicon import FIRST_NAME_NORM


def test_known_first_names_share_one_norm_everyday_words_do_not():
    nlp = spacy.blank("xx")
    nlp.add_pipe("pii_name_lexicon")
    doc = nlp("Anna trifft will und Kunde")
    assert [t.norm_ == FIRST_NAME_NORM for t in doc] == [True, False, False, False, False]
