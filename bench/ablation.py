"""What each part of the redaction pipeline adds: every component switched off in turn.

    .venv/bin/python bench/ablation.py        (make bench-ablation)

Scores the whole pipeline, then the pipeline without one component at a time, on all
hand-written sets together and on the presidio synthetic set (same scoring as
bench/redaction.py). A component whose removal costs nothing on any set is a candidate
for deletion; one whose removal raises precision buys its recall with false alarms.
"""
import sys
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.redaction import DATA_DIR, caught, overlaps  # noqa: E402
from bench.redaction_devset import SETS  # noqa: E402

# Components that only carry others' results (no detection of their own).
NOT_ABLATED = {"pii_merger", "pii_entity_candidates", "tok2vec"}


def load(names) -> List[Dict]:
    import json

    records = []
    for name in names:
        path = DATA_DIR / f"{name}.jsonl"
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records


def score(redactor, records: List[Dict]) -> Tuple[float, float]:
    results = redactor.redact_batch([r["text"] for r in records], [r["lang"] for r in records])
    hits = total = good = predicted = 0
    for record, result in zip(records, results):
        for gold in record["spans"]:
            hits += caught(record["text"], gold, result.spans)
            total += 1
        for span in result.spans:
            correct = overlaps(span, record["spans"])
            if correct or not overlaps(span, record.get("ignore", ())):
                good += correct
                predicted += 1
    return hits / total, good / predicted if predicted else 1.0


def main() -> int:
    from redaction import load_redactor

    redactor = load_redactor()
    sets = {"hand-written sets": load(SETS), "presidio synthetic": load(["presidio_synth_v2"])}
    baseline = {name: score(redactor, records) for name, records in sets.items()}
    header = "".join(f" | {name:>28}" for name in sets)
    print(f"{'without':<24}{header}")
    print(f"{'(nothing: full pipeline)':<24}" + "".join(
        f" | R {r:.3f} P {p:.3f}{'':>12}" for r, p in baseline.values()))
    for component in redactor.nlp.pipe_names:
        if component in NOT_ABLATED:
            continue
        with redactor.nlp.select_pipes(disable=[component]):
            row = {name: score(redactor, records) for name, records in sets.items()}
        cells = []
        for name, (r, p) in row.items():
            base_r, base_p = baseline[name]
            cells.append(f" | R {r:.3f} P {p:.3f} ({r - base_r:+.3f}/{p - base_p:+.3f})")
        print(f"{component:<24}" + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
