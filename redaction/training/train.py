"""Trains the pipeline in ``config.cfg`` and installs it as the committed model.

spaCy's own training loop does the work; afterwards the best checkpoint is copied to
``redaction/model`` together with ``metrics.json`` (NER scores on the
generated dev corpus plus training settings), so the model directory documents itself.
"""
import json
import shutil
import time
from pathlib import Path
from typing import Dict

import spacy
from spacy.cli.train import train as spacy_train
from spacy.training import Corpus

from .. import components, recognizers  # noqa: F401  (factories must be registered)

TRAINING_DIR = Path(__file__).resolve().parent
CONFIG_PATH = TRAINING_DIR / "config.cfg"
MODEL_DIR = TRAINING_DIR.parent / "model"


def train_pipeline(corpus_dir: Path, output_dir: Path) -> Path:
    """Run ``spacy train`` on the CPU; returns the best checkpoint's directory."""
    overrides = {"paths.train": str(corpus_dir / "train.spacy"), "paths.dev": str(corpus_dir / "dev.spacy")}
    spacy_train(CONFIG_PATH, output_dir, overrides=overrides, use_gpu=-1)
    return output_dir / "model-best"


def evaluate_ner(model_dir: Path, dev_path: Path) -> Dict[str, object]:
    """Entity precision/recall/F per label on the generated dev corpus."""
    nlp = spacy.load(model_dir)
    scores = nlp.evaluate(list(Corpus(str(dev_path))(nlp)))
    return {
        "ents_p": round(scores["ents_p"], 4),
        "ents_r": round(scores["ents_r"], 4),
        "ents_f": round(scores["ents_f"], 4),
        "ents_per_type": {
            label: {key: round(value, 4) for key, value in values.items()}
            for label, values in (scores.get("ents_per_type") or {}).items()
        },
    }


def install_model(best_dir: Path, corpus_dir: Path, seconds: float) -> Path:
    """Copy the checkpoint to ``MODEL_DIR`` and write ``metrics.json`` beside it."""
    if MODEL_DIR.exists():
        shutil.rmtree(MODEL_DIR)
    shutil.copytree(best_dir, MODEL_DIR)
    metrics = {
        "dev_corpus": "generated (seed 1013), not the hand-written bench set",
        "ner": evaluate_ner(MODEL_DIR, corpus_dir / "dev.spacy"),
        "training_seconds": round(seconds, 1),
        "model_bytes": sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file()),
    }
    (MODEL_DIR / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return MODEL_DIR


def run(corpus_dir: Path, output_dir: Path) -> Path:
    started = time.perf_counter()
    best = train_pipeline(corpus_dir, output_dir)
    return install_model(best, corpus_dir, time.perf_counter() - started)
