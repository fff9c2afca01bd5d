"""Intent quality on each set of held-out visitor messages.

``heldout.yml`` was written by the team and is close to the training data; ``independent.yml`` was
written apart from it (its first score is in ``first_contact.md``). Writes the marketers' report
(text + confusion matrix per set) and fails below each set's macro-F1 per language.
"""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from bot.quality_report import (
    HELDOUT_SETS, MIN_MACRO_F1, heldout_examples, intent_scores, macro_f1, report_files, text_report, write_report,
)
from bot.content.checks import BUTTON_ONLY_INTENTS
from core.settings import PROJECT_ROOT
from tests.support.stack import MODEL_PATH

# What visitors type: every intent of the domain but those only buttons send.
DOMAIN_INTENTS = set(yaml.safe_load(
    (PROJECT_ROOT / "domain" / "core.yml").read_text(encoding="utf-8"))["intents"]) - BUTTON_ONLY_INTENTS


@pytest.fixture(scope="module")
def predictions():
    return write_report(MODEL_PATH)


@pytest.mark.parametrize("set_name", sorted(HELDOUT_SETS))
def test_heldout_set_covers_every_intent_in_both_languages(set_name):
    by_language = heldout_examples(HELDOUT_SETS[set_name])
    assert sorted(by_language) == ["de", "en"]
    for language, examples in by_language.items():
        counts = Counter(intent for _, intent in examples)
        assert set(counts) == DOMAIN_INTENTS and min(counts.values()) >= 30, (set_name, language, counts)


def test_scores_are_computed_per_intent():
    pairs = [("greet", "greet"), ("greet", "thank"), ("thank", "thank")]
    scores = intent_scores(pairs)
    assert scores["greet"].precision == 1.0 and scores["greet"].recall == 0.5
    assert scores["thank"].precision == 0.5 and scores["thank"].recall == 1.0
    report = text_report({"de": pairs}, "independent")
    assert "greet -> thank (1x)" in report and report.startswith("[independent de] macro-F1")


@pytest.mark.parametrize("set_name", sorted(HELDOUT_SETS))
@pytest.mark.parametrize("language", ["de", "en"])
def test_macro_f1_per_language(predictions, set_name, language):
    pairs = predictions[set_name][language]
    print(text_report({language: pairs}, set_name))
    text_path, picture_path = report_files(set_name)
    assert f"[{set_name} {language}] macro-F1" in text_path.read_text(encoding="utf-8")
    assert picture_path.stat().st_size > 10_000
    assert macro_f1(intent_scores(pairs)) >= MIN_MACRO_F1[set_name], text_report(predictions[set_name], set_name)
