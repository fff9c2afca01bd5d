"""``python -m bot report``: the NLU quality report for marketers (text + confusion matrix)."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.quality_report import REPORT_DIR, write_report
from bot.deployment import newest_model


def run(args: argparse.Namespace) -> int:
    model = Path(args.model) if args.model else newest_model()
    if model is None:
        print("No model in models/: run `make train` first.")
        return 2
    write_report(model)
    print((REPORT_DIR / "nlu_heldout_report.txt").read_text(encoding="utf-8"))
    print(f"Confusion matrix: {REPORT_DIR / 'nlu_confusion.png'}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="NLU quality report on the held-out messages")
    parser.add_argument("--model", help="model file (default: the newest in models/)")
    parser.set_defaults(func=run)
