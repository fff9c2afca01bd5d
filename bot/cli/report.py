"""``python -m bot report``: the NLU quality report for marketers (text + confusion matrix)."""
from __future__ import annotations

import argparse
from pathlib import Path

from bot.quality_report import HELDOUT_SETS, report_files, write_report, written_reports
from bot.deployment import newest_model


def run(args: argparse.Namespace) -> int:
    model = Path(args.model) if args.model else newest_model()
    if model is None:
        print("No model in models/: run `make train` first.")
        return 2
    write_report(model)
    print(written_reports())
    for name in HELDOUT_SETS:
        print(f"Confusion matrix ({name}): {report_files(name)[1]}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="NLU quality report on each set of held-out messages")
    parser.add_argument("--model", help="model file (default: the newest in models/)")
    parser.set_defaults(func=run)
