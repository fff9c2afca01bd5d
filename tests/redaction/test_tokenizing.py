"""Tokenizing long punctuation runs in pieces: same text, the same tokens elsewhere, linear time."""
import time

import pytest

from redaction.tokenizing import make_doc


@pytest.fixture(scope="module")
def nlp(redactor):
    return redactor.nlp


@pytest.mark.parametrize(
    "text",
    ["Hallo Anna!!! Geht's dir gut?! :-) (siehe https://example.com/a?b=c) ...", "„Zitat“ – 12,50 € / 3 × 4", ""],
)
def test_ordinary_text_is_tokenized_as_spacy_does(nlp, text):
    assert [t.text_with_ws for t in make_doc(nlp, text)] == [t.text_with_ws for t in nlp.make_doc(text)]


@pytest.mark.parametrize("run", ["'" * 2000, "Hallo " + "?!" * 900 + " Anna", "a" + "€" * 40 + "b c", "_" * 500 + "\n" + "😀" * 300])
def test_long_runs_keep_the_text(nlp, run):
    assert make_doc(nlp, run).text == run


def test_a_long_run_is_tokenized_in_linear_time(nlp):
    best = float("inf")
    for _ in range(3):
        nlp.tokenizer._flush_cache()  # the first reading of a run is the slow one
        started = time.perf_counter()
        make_doc(nlp, "%" * 2000)
        best = min(best, time.perf_counter() - started)
    assert best < 0.030  # spaCy's own tokenizer: about 0.6 s


def test_a_long_run_becomes_few_tokens(nlp):
    """The model reads 2,000 one-character tokens in about 25 ms; in pieces, a run costs it little."""
    doc = make_doc(nlp, "Steuer-ID " + "+" * 1980 + "!123456")
    assert len(doc) < 140
    assert doc[0].text == "Steuer" and doc[-1].text.endswith("123456")
