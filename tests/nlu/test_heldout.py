"""Intent quality on held-out visitor messages written apart from the training data.

Prints per-intent precision/recall per language and fails below macro-F1 0.90 in either.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml

from actions.config import PROJECT_ROOT
from tests.support.stack import MODEL_PATH

HELDOUT = Path(__file__).with_name("heldout.yml")
REPORT = PROJECT_ROOT / "test-artifacts" / "nlu_heldout_report.txt"
MIN_MACRO_F1 = 0.90


def heldout_examples() -> Dict[str, List[Tuple[str, str]]]:
    """language -> [(text, intent)]"""
    by_language: Dict[str, List[Tuple[str, str]]] = defaultdict(list)
    for block in yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["nlu"]:
        language = block["metadata"]["language"]
        for line in block["examples"].splitlines():
            text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
            if text:
                by_language[language].append((text, block["intent"]))
    return by_language


def per_intent_scores(pairs: List[Tuple[str, str]]) -> Dict[str, Tuple[float, float, float]]:
    """intent -> (precision, recall, f1) from (gold, predicted) pairs."""
    intents = {gold for gold, _ in pairs}
    scores = {}
    for intent in sorted(intents):
        tp = sum(g == intent and p == intent for g, p in pairs)
        predicted = sum(p == intent for _, p in pairs)
        actual = sum(g == intent for g, _ in pairs)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = (precision, recall, f1)
    return scores


@pytest.fixture(scope="module")
def predictions() -> Dict[str, List[Tuple[str, str]]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL_PATH))

    async def classify(examples):
        results = []
        for text, gold in examples:
            parsed = await agent.parse_message(text)
            results.append((gold, parsed["intent"]["name"]))
        return results

    return {language: asyncio.run(classify(examples)) for language, examples in heldout_examples().items()}


def test_heldout_set_covers_every_intent_in_both_languages():
    examples = heldout_examples()
    for language in ("de", "en"):
        counts = defaultdict(int)
        for _, intent in examples[language]:
            counts[intent] += 1
        assert len(counts) >= 18 and min(counts.values()) >= 30, (language, dict(counts))


@pytest.mark.parametrize("language", ["de", "en"])
def test_macro_f1_per_language(predictions, language):
    scores = per_intent_scores(predictions[language])
    macro_f1 = sum(f1 for _, _, f1 in scores.values()) / len(scores)
    lines = [f"[{language}] macro-F1 {macro_f1:.3f} on {len(predictions[language])} messages"]
    lines += [f"  {intent:24s} P={p:.2f} R={r:.2f} F1={f:.2f}" for intent, (p, r, f) in scores.items()]
    REPORT.parent.mkdir(exist_ok=True)
    with REPORT.open("a" if language == "en" else "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    assert macro_f1 >= MIN_MACRO_F1, "\n".join(lines)
