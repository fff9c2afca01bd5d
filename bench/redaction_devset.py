"""Builds the benchmark JSONL files from hand-written markup (``bench/data/redaction_*.txt``).

``redaction_dev.txt`` is the development set (used for error analysis);
``redaction_holdout.txt`` was written after the first training round (its errors were
looked at twice, so it is no longer blind); ``redaction_blind.txt`` was only ever scored,
but scored after several tuning rounds; ``redaction_blind2.txt`` was written after the
first round of tuning had stopped. A second round: ``redaction_dev2.txt`` (520 messages by a
separate author who never saw the training templates) is used for error analysis;
``redaction_blind3.txt`` (360 messages, another author who never saw the engine) is only
ever scored. A third round: ``redaction_dev4.txt`` (500 messages, another independent author) is for
error analysis, ``redaction_blind4.txt`` (400 messages, written at the start of the third
round by an author who never saw the engine) is only ever scored.

The markup (``[[LABEL:value]]`` inline, ``<lang>|`` prefix, ``\\n`` for line breaks) is
easy to write and review; the JSONL with character offsets is what the benchmark reads.
Checksum-bearing gold values are verified so a typo cannot slip into the gold set.
"""
import json
import re
import sys
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redaction.labels import LABELS  # noqa: E402
from redaction.validation import iban_valid, luhn_valid  # noqa: E402

DATA_DIR = Path(__file__).resolve().parent / "data"
SETS = (
    "redaction_dev", "redaction_holdout", "redaction_blind", "redaction_blind2", "redaction_dev2", "redaction_blind3",
    "redaction_dev4", "redaction_blind4", "redaction_dev5", "redaction_dev6", "redaction_dev7", "redaction_dev8",
)
_MARK = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]", re.DOTALL)  # a value may span lines
_CHECKS = {"IBAN": iban_valid, "CREDIT_CARD": luhn_valid}


def parse_line(line: str) -> Dict[str, object]:
    lang, _, marked = line.partition("|")
    marked = marked.replace("\\n", "\n")
    text, spans, cursor = "", [], 0
    for match in _MARK.finditer(marked):
        label, value = match.group(1), match.group(2)
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {line!r}")
        check = _CHECKS.get(label)
        if check and not check(value):
            raise ValueError(f"gold {label} fails its checksum: {value!r}")
        text += marked[cursor : match.start()]
        spans.append({"start": len(text), "end": len(text) + len(value), "label": label})
        text += value
        cursor = match.end()
    text += marked[cursor:]
    return {"lang": lang, "text": text, "spans": spans}


def build(name: str) -> List[Dict[str, object]]:
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    records = [parse_line(line) for line in lines if line.strip() and not line.startswith("#")]
    target = DATA_DIR / f"{name}.jsonl"
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records


if __name__ == "__main__":
    for name in SETS:
        print(f"{len(build(name))} messages written to {DATA_DIR / name}.jsonl")
