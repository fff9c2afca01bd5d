"""``python -m bot train``: train the assistant, skipping when content and config are unchanged."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import List

from core.settings import PROJECT_ROOT

MODEL_NAME = "diskret"


def train_command(out: Path = PROJECT_ROOT / "models", root: Path = PROJECT_ROOT) -> List[str]:
    """Rasa compares the fingerprint with the newest model in ``out`` and trains only if it differs."""
    return [
        sys.executable, "-m", "rasa", "train",
        "--config", str(root / "config.yml"),
        "--domain", str(root / "domain"),
        "--data", str(root / "data" / "nlu"), str(root / "data" / "rules"), str(root / "data" / "stories"),
        "--out", str(out),
        "--fixed-model-name", MODEL_NAME,
    ]


def run(args: argparse.Namespace) -> int:
    """Train if needed; after a new model, write the marketers' quality report."""
    model = PROJECT_ROOT / "models" / f"{MODEL_NAME}.tar.gz"
    before = model.stat().st_mtime if model.exists() else None
    code = subprocess.call(train_command(), cwd=PROJECT_ROOT)
    if code == 0 and model.exists() and model.stat().st_mtime != before and not args.no_report:
        from bot.quality_report import write_report, written_reports

        write_report(model)
        print(written_reports())
    return code


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("train", help="train the assistant if data/, domain/ or config changed")
    parser.add_argument("--no-report", action="store_true", help="skip the quality report after training")
    parser.set_defaults(func=run)
