"""Intent quality on held-out visitor messages written apart from the training data.

Writes the marketers' report (text + confusion matrix) and fails below macro-F1 0.90 per language.
"""
from __future__ import annotations

from collections import Counter

import pytest

from bot.quality_report import MIN_MACRO_F1, REPORT_DIR, heldout_examples, intent_scores, macro_f1, text_report, write_report
from tests.support.stack import MODEL_PATH


@pytest.fixture(scope="module")
def predictions():
    return write_report(MODEL_PATH)


def test_heldout_set_covers_every_intent_in_both_languages():
    for language, examples in heldout_examples().items():
        counts = Counter(intent for _, intent in examples)
        assert len(counts) >= 18 and min(counts.values()) >= 30, (language, counts)


def test_scores_are_computed_per_intent():
    pairs = [("greet", "greet"), ("greet", "thank"), ("thank", "thank")]
    scores = intent_scores(pairs)
    assert scores["greet"].precision == 1.0 and scores["greet"].recall == 0.5
    assert scores["thank"].precision == 0.5 and scores["thank"].recall == 1.0
    assert "greet -> thank (1x)" in text_report({"de": pairs})


@pytest.mark.parametrize("language", ["de", "en"])
def test_macro_f1_per_language(predictions, language):
    print(text_report({language: predictions[language]}))
    assert (REPORT_DIR / "nlu_confusion.png").stat().st_size > 10_000
    assert macro_f1(intent_scores(predictions[language])) >= MIN_MACRO_F1, text_report(predictions)
