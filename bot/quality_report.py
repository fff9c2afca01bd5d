"""The NLU quality report for marketers: per-intent precision/recall per language on each held-out
set, the most confused intent pairs, and a confusion-matrix picture per set.

Written to ``test-artifacts/`` after each training (``python -m bot train``) and by the NLU test.
"""
from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Tuple

import yaml

from core.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from rasa.core.agent import Agent

NLU_TESTS = PROJECT_ROOT / "tests" / "nlu"
HELDOUT_SETS: Dict[str, Path] = {
    "heldout": NLU_TESTS / "heldout.yml",  # written by the team; close to the training data
    "independent": NLU_TESTS / "independent.yml",  # written apart from it; see first_contact.md
}
REPORT_DIR = PROJECT_ROOT / "test-artifacts"
# Per language. The independent set's guard sits one point under its first score (0.945/0.937) and
# the 0.93 goal: retraining after a domain change alone moved English by 0.007.
MIN_MACRO_F1: Dict[str, float] = {"heldout": 0.90, "independent": 0.92}

Pair = Tuple[str, str]  # (gold intent, predicted intent)


@dataclass(frozen=True)
class IntentScore:
    precision: float
    recall: float
    f1: float


def heldout_examples(path: Path = HELDOUT_SETS["heldout"]) -> Dict[str, List[Tuple[str, str]]]:
    """language -> [(text, intent)]"""
    by_language: Dict[str, List[Tuple[str, str]]] = defaultdict(list)
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            stripped = line.strip()
            if stripped.startswith("- ") and stripped[2:].strip():
                by_language[block["metadata"]["language"]].append((stripped[2:].strip(), block["intent"]))
    return by_language


def load_agent(model_path: Path) -> Agent:
    """Loaded once per report: loading a model takes far longer than classifying a set."""
    from rasa.core.agent import Agent

    return Agent.load(str(model_path))


def classify(agent: Agent, examples: Dict[str, List[Tuple[str, str]]]) -> Dict[str, List[Pair]]:
    async def run(items: List[Tuple[str, str]]) -> List[Pair]:
        return [(gold, (await agent.parse_message(text))["intent"]["name"]) for text, gold in items]

    return {language: asyncio.run(run(items)) for language, items in examples.items()}


def intent_scores(pairs: List[Pair]) -> Dict[str, IntentScore]:
    scores = {}
    for intent in sorted({gold for gold, _ in pairs}):
        tp = sum(g == intent and p == intent for g, p in pairs)
        predicted = sum(p == intent for _, p in pairs)
        actual = sum(g == intent for g, _ in pairs)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = IntentScore(precision, recall, f1)
    return scores


def macro_f1(scores: Dict[str, IntentScore]) -> float:
    return sum(score.f1 for score in scores.values()) / len(scores)


def confused_pairs(pairs: List[Pair], top: int = 5) -> List[Tuple[Pair, int]]:
    return Counter((g, p) for g, p in pairs if g != p).most_common(top)


def text_report(predictions: Dict[str, List[Pair]], set_name: str = "heldout") -> str:
    lines = []
    for language, pairs in sorted(predictions.items()):
        scores = intent_scores(pairs)
        lines.append(f"[{set_name} {language}] macro-F1 {macro_f1(scores):.3f} on {len(pairs)} held-out messages")
        lines += [f"  {intent:24s} P={s.precision:.2f} R={s.recall:.2f} F1={s.f1:.2f}" for intent, s in scores.items()]
        lines.append(f"  most confused ({language}): " + (", ".join(
            f"{gold} -> {predicted} ({count}x)" for (gold, predicted), count in confused_pairs(pairs)) or "none"))
    return "\n".join(lines) + "\n"


def confusion_picture(predictions: Dict[str, List[Pair]], path: Path, set_name: str = "heldout") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    languages = sorted(predictions)
    figure, axes = plt.subplots(1, len(languages), figsize=(9 * len(languages), 8))
    for axis, language in zip(axes if len(languages) > 1 else [axes], languages):
        pairs = predictions[language]
        labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
        index = {label: i for i, label in enumerate(labels)}
        matrix = [[0] * len(labels) for _ in labels]
        for gold, predicted in pairs:
            matrix[index[gold]][index[predicted]] += 1
        axis.imshow(matrix, cmap="Blues")
        axis.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
        axis.set_yticks(range(len(labels)), labels, fontsize=7)
        axis.set_xlabel("predicted intent")
        axis.set_ylabel("true intent")
        axis.set_title(f"{set_name} {language.upper()}: macro-F1 {macro_f1(intent_scores(pairs)):.3f}")
        for row, values in enumerate(matrix):
            for column, count in enumerate(values):
                if count:
                    axis.text(column, row, str(count), ha="center", va="center", fontsize=6,
                              color="white" if row == column else "darkred")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def report_files(set_name: str, out: Path = REPORT_DIR) -> Tuple[Path, Path]:
    """The text report and the confusion picture of one held-out set."""
    return out / f"nlu_{set_name}_report.txt", out / f"nlu_{set_name}_confusion.png"


def write_report(
    model_path: Path, out: Path = REPORT_DIR, sets: Dict[str, Path] = HELDOUT_SETS,
) -> Dict[str, Dict[str, List[Pair]]]:
    """set name -> language -> (gold, predicted); each set gets its own text report and picture."""
    agent = load_agent(model_path)
    predictions = {name: classify(agent, heldout_examples(path)) for name, path in sets.items()}
    out.mkdir(parents=True, exist_ok=True)
    for name, by_language in predictions.items():
        text_path, picture_path = report_files(name, out)
        text_path.write_text(text_report(by_language, name), encoding="utf-8")
        confusion_picture(by_language, picture_path, name)
    return predictions


def written_reports(out: Path = REPORT_DIR, sets: Dict[str, Path] = HELDOUT_SETS) -> str:
    """The text reports of every set, as the CLI prints them after training."""
    return "".join(report_files(name, out)[0].read_text(encoding="utf-8") for name in sets)
