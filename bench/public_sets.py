"""Converts public sets to the benchmark's JSONL (evaluation only: never train or tune on them).

    .venv/bin/python bench/public_sets.py presidio PATH/TO/synth_dataset_v2.json
    .venv/bin/python bench/public_sets.py germeval PATH/TO/NER-de-test.tsv

GermEval 2014 NER test split (sha256 ec6e6adce5ed71cee119ae758e569ea4be54c6be5319b3b49dfcdcb05e51301b of NER-de-test.tsv, 5,100 sentences),
CC BY 4.0 (Benikova, Biemann, Reznicek: NoSta-D Named Entity Annotation for German, LREC 2014):
tokens are joined with single spaces; outer PER spans are gold, other outer entities (LOC, ORG,
OTH) are ``ignore`` (a person's name inside an organisation's name is not a false alarm).

Source: microsoft/presidio-research, ``data/synth_dataset_v2.json`` at commit
7622dec1e5f7d25dc60b57c28c39f4c4af197018, MIT licence (Copyright (c) Microsoft
Corporation); all values are synthetic (Faker). Never train or tune on it. Its labels are
mapped to ours; spans of labels we do not redact (GPE, ORGANIZATION, DATE_TIME, ...) are
kept as ``ignore`` so that redacting them counts neither as a hit nor as a false alarm.
"""
import json
import sys
from pathlib import Path
from typing import Dict, List

DATA_DIR = Path(__file__).resolve().parent / "data"
TARGET = DATA_DIR / "presidio_synth_v2.jsonl"
GERMEVAL_TARGET = DATA_DIR / "external" / "germeval2014_test_per.jsonl"  # names real people: not committed
LABEL_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "ID_NUMBER",
    "US_DRIVER_LICENSE": "ID_NUMBER",
}


def convert(record: Dict) -> Dict[str, object]:
    """One presidio record as ``{"lang", "text", "spans", "ignore"}`` (the set is English)."""
    spans: List[Dict] = []
    ignore: List[Dict] = []
    for span in record["spans"]:
        label = LABEL_MAP.get(span["entity_type"])
        target = spans if label else ignore
        target.append({"start": span["start_position"], "end": span["end_position"], "label": label or span["entity_type"]})
    return {"lang": "en", "text": record["full_text"], "spans": spans, "ignore": ignore}


def germeval_sentence(rows: List[List[str]]) -> Dict[str, object]:
    """One GermEval sentence (rows of index, token, outer tag, inner tag): PER gold, other entities ignored."""
    text, spans, ignore = "", [], []
    current: List[Dict] = spans
    for _, token, outer, *_ in rows:
        start = len(text) + (1 if text else 0)
        text = f"{text} {token}" if text else token
        if outer.startswith("B-"):
            current = spans if outer == "B-PER" else ignore
            current.append({"start": start, "end": len(text), "label": "PERSON" if outer == "B-PER" else outer[2:]})
        elif outer.startswith("I-") and current:
            current[-1]["end"] = len(text)
    return {"lang": "de", "text": text, "spans": spans, "ignore": ignore}


def germeval(path: Path) -> List[Dict]:
    sentences, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if line.strip():
            rows.append(line.split("\t"))
        elif rows:
            sentences.append(germeval_sentence(rows))
            rows = []
    return sentences


def main(argv: List[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("presidio", "germeval"):
        raise SystemExit(__doc__)
    if argv[0] == "presidio":
        target, records = TARGET, [convert(r) for r in json.loads(Path(argv[1]).read_text(encoding="utf-8"))]
    else:
        target, records = GERMEVAL_TARGET, germeval(Path(argv[1]))
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{target}: {len(lines)} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
