"""The bridge from the trained NER to candidates, and its plausibility checks."""
import pytest

from redaction.components.entity_candidates import plausibility_score


@pytest.mark.parametrize("text", ["Anna Schmidt", "Jürgen", "Anna-Lena Vogt", "Heinz von Kleist"])
def test_names_with_known_first_name_keep_full_score(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True) == 0.8


def test_several_capitalised_unknown_words_keep_a_passing_score():
    assert plausibility_score("Xandrilo Quembert", "PERSON", 0.8, doc_is_cased=True) == pytest.approx(0.6)


@pytest.mark.parametrize("text", ["Zahlung", "Sparkasse", "Growth"])
def test_single_unknown_capitalised_word_falls_below_threshold(text):
    score = plausibility_score(text, "PERSON", 0.8, doc_is_cased=True)
    assert score is None or score < 0.5


@pytest.mark.parametrize("text", ["deshalb kann", "etwas langsam", "hallo", "Viele Grüße"])
def test_lowercase_or_never_name_words_are_dropped(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True) is None


def test_lowercase_message_keeps_names_with_a_distinctive_first_name():
    assert plausibility_score("ada okonkwo", "PERSON", 0.8, doc_is_cased=False) == 0.8
    assert plausibility_score("thomas", "PERSON", 0.8, doc_is_cased=False) == 0.8


@pytest.mark.parametrize("text", ["okonkwo", "what", "kann man", "what services", "friend", "will", "dieser chat"])
def test_lowercase_message_needs_a_distinctive_first_name(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=False) is None


@pytest.mark.parametrize("text", ["roger", "jo gerne", "skip that"])
def test_lone_first_name_in_a_short_lowercase_message_is_dropped(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=False, short_message=True) is None
    assert plausibility_score("anna schmidt", "PERSON", 0.8, doc_is_cased=False, short_message=True) == 0.8


@pytest.mark.parametrize(
    "text", ["Personenbezogene Daten", "Bereinigte Gesprächsprotokolle", "Zahlung Abwicklung", "Kostenlose Erstberatung"]
)
def test_german_common_noun_phrases_are_dropped(text):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True) is None


@pytest.mark.parametrize("text, following", [("Alpenblick Hotel", " AG"), ("Sunny", " Side Solar AG"), ("Mountain Peak Coffee Co", ".")])
def test_names_followed_by_a_company_suffix_are_companies(text, following):
    assert plausibility_score(text, "PERSON", 0.8, doc_is_cased=True, following=following) is None


def test_abbreviation_before_a_number_is_no_name():
    assert plausibility_score("Art", "PERSON", 0.8, doc_is_cased=True, following=". 17 DSGVO") is None


@pytest.mark.parametrize("text, keep", [("Hauptstraße 5", True), ("40 countries", False), ("Nähe von Ulm", False)])
def test_addresses_need_a_number_and_a_name(text, keep):
    assert (plausibility_score(text, "ADDRESS", 0.8, doc_is_cased=True) is not None) is keep


def test_guesses_with_digits_or_an_office_word_are_dropped():
    from redaction.components.entity_candidates import plausibility_score

    assert plausibility_score("Buchungscode K7XQ2P", "PERSON", 0.8, True) is None
    assert plausibility_score("Übersetzungsbüro Binder", "PERSON", 0.8, True) is None
    assert plausibility_score("Ausstellende Behörde", "PERSON", 0.8, True) is None


def test_a_british_or_american_postcode_is_address_evidence_too():
    from redaction.components.entity_candidates import _address_evidence

    assert _address_evidence("14 Kingsway, Leeds LS6 1AB")
    assert _address_evidence("310 Elm, Austin, TX 78701")
    assert not _address_evidence("Verwaltungskonto 731-204-8816")
