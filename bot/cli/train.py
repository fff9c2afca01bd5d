"""``python -m bot train``: train the assistant, skipping when content and config are unchanged."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import List

from actions.config import PROJECT_ROOT

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
    return subprocess.call(train_command(), cwd=PROJECT_ROOT)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("train", help="train the assistant if data/, domain/ or config changed")
    parser.set_defaults(func=run)
