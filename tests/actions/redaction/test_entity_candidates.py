"""The bridge from the trained NER to candidates, and its plausibility checks."""
import pytest

from actions.redaction.components.entity_candidates import plausibility_score


@pytest.mark.parametrize("text", ["Anna Schmidt", "Jürgen", "Anna-Lena Vogt", "Heinz von Kleist"])
def test_names_with_known_first_name_keep_full_score(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True) == 0.8


def test_several_capitalised_unknown_words_keep_a_passing_score():
    assert plausibility_score("Xandrilo Quembert", "PERSON", 0.8, doc_is_cased=True) == pytest.approx(0.6)


@pytest.mark.parametrize("text", ["Zahlung", "Sparkasse", "Growth"])
def test_single_unknown_capitalised_word_falls_below_threshold(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True) < 0.5


@pytest.mark.parametrize("text", ["deshalb kann", "etwas langsam", "hallo", "Viele Grüße"])
def test_lowercase_or_never_name_words_are_dropped(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True) is None


def test_lowercase_message_keeps_lowercase_names():
    assert plausibility_score("okonkwo", "PERSON", 0.8, doc_is_cased=False) == 0.8


@pytest.mark.parametrize("text, keep", [("Hauptstraße 5", True), ("40 countries", False), ("Nähe von Ulm", False)])
def test_addresses_need_a_number_and_a_name(text, keep):
    assert (plausibility_score(text, "ADDRESS", 0.8, doc_is_cased=True) is not None) is keep
