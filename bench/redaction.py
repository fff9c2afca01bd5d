"""Benchmark of the redaction engine on the hand-written sets and public sets: quality and speed.

    .venv/bin/python bench/redaction.py [--show-errors] [--data FILE]

Recall: a gold span counts as caught when every letter and digit of it lies inside
some redacted span (of any label). Precision: a redacted span counts as correct when
it overlaps a gold span; a redacted span that overlaps only an ``ignore`` span (a label we do
not redact in a public set, e.g. presidio's ORGANIZATION) is not scored. Public sets:
``presidio_synth_v2.jsonl`` (microsoft/presidio-research, MIT) and ``germeval2014_test_per.jsonl``
(GermEval 2014 test split, PER only, CC BY 4.0), both built by bench/public_sets.py. Speed runs on one core: BLAS/OpenMP threads are pinned to 1.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Dict, List, Sequence, Tuple  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from threadpoolctl import threadpool_limits  # noqa: E402

from bench.redaction_devset import DATA_DIR, SETS  # noqa: E402

PUBLIC_SETS = ("presidio_synth_v2",)
# Sets with real people's names (GermEval 2014: Wikipedia and news) are not committed: convert them
# into this folder (gitignored) with bench/public_sets.py, and they are scored too.
EXTERNAL_DIR = DATA_DIR / "external"
EXTERNAL_SETS = ("germeval2014_test_per",)
DEFAULT_DATA = [DATA_DIR / f"{name}.jsonl" for name in SETS + PUBLIC_SETS] + [
    EXTERNAL_DIR / f"{name}.jsonl" for name in EXTERNAL_SETS]
LOAD_SNIPPET = (
    "import time, resource; t = time.perf_counter();"
    "from redaction import load_redactor; load_redactor();"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def caught(text: str, gold: Dict, predicted: Sequence) -> bool:
    covered = set()
    for span in predicted:
        covered.update(range(span.start, span.end))
    return all(i in covered for i in range(gold["start"], gold["end"]) if text[i].isalnum())


def overlaps(span, golds: Sequence[Dict]) -> bool:
    return any(span.start < g["end"] and g["start"] < span.end for g in golds)


def quality(records: List[Dict], results: List, show_errors: bool) -> None:
    recall: Dict[Tuple[str, str], List[int]] = defaultdict(lambda: [0, 0])
    precision: Dict[Tuple[str, str], List[int]] = defaultdict(lambda: [0, 0])
    clean_messages = [0, 0]
    for record, result in zip(records, results):
        lang, text = record["lang"], record["text"]
        for gold in record["spans"]:
            hit = caught(text, gold, result.spans)
            for key in ((lang, gold["label"]), (lang, "ALL"), ("all", gold["label"]), ("all", "ALL")):
                recall[key][0] += hit
                recall[key][1] += 1
            if not hit and show_errors:
                print(f"  MISS {gold['label']:<13} {text[gold['start']:gold['end']]!r} in {text!r}")
        for span in result.spans:
            good = overlaps(span, record["spans"])
            if not good and overlaps(span, record.get("ignore", ())):
                continue
            for key in ((lang, span.label), (lang, "ALL"), ("all", span.label), ("all", "ALL")):
                precision[key][0] += good
                precision[key][1] += 1
            if not good and show_errors:
                print(f"  FALSE {span.label:<12} {text[span.start:span.end]!r} in {text!r}")
        if not record["spans"]:
            clean_messages[0] += not result.spans
            clean_messages[1] += 1
    print(f"\n{'lang':<5} {'label':<14} {'recall':>8} {'(n)':>6} {'precision':>10} {'(n)':>6}")
    keys = sorted(set(recall) | set(precision), key=lambda k: (k[0] == "all", k[0], k[1] == "ALL", k[1]))
    for key in keys:
        r_hit, r_all = recall.get(key, [0, 0])
        p_hit, p_all = precision.get(key, [0, 0])
        r = f"{r_hit / r_all:.3f}" if r_all else "-"
        p = f"{p_hit / p_all:.3f}" if p_all else "-"
        print(f"{key[0]:<5} {key[1]:<14} {r:>8} {r_all:>6} {p:>10} {p_all:>6}")
    print(f"messages without personal data left untouched: {clean_messages[0]}/{clean_messages[1]}")


SHORT_CHARS = 80


def speed(redactor, records: List[Dict], what: str) -> None:
    texts = [r["text"] for r in records]
    langs = [r["lang"] for r in records]
    batch_texts = (texts * (5000 // len(texts) + 1))[:5000]
    batch_langs = (langs * (5000 // len(langs) + 1))[:5000]
    redactor.redact_batch(batch_texts[:500], batch_langs[:500])  # warm-up
    started = time.perf_counter()
    redactor.redact_batch(batch_texts, batch_langs)
    batch_rate = len(batch_texts) / (time.perf_counter() - started)
    latencies = []
    for text, lang in zip(batch_texts[:2000], batch_langs[:2000]):
        started = time.perf_counter()
        redactor.redact(text, lang)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    mean_chars = statistics.mean(len(t) for t in texts)
    print(f"\nspeed, {what} (one core, {len(batch_texts)} messages, mean {mean_chars:.0f} chars):")
    print(f"  batch (nlp.pipe):  {batch_rate:,.0f} messages/s")
    print(f"  one by one:        {1000 / statistics.mean(latencies):,.0f} messages/s")
    print(f"  latency single:    p50 {statistics.median(latencies):.2f} ms, p99 {p99:.2f} ms, max {latencies[-1]:.2f} ms")


def load_figures() -> None:
    output = subprocess.run(
        [sys.executable, "-c", LOAD_SNIPPET], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    print(f"  load (fresh process, imports included): {float(output[0]):.2f} s, RSS after load {int(output[1]) / 1024:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, action="append", help="JSONL set(s) to score (default: every set)")
    parser.add_argument("--show-errors", action="store_true", help="print misses and false alarms (dev data is fictitious)")
    args = parser.parse_args()
    with threadpool_limits(1):
        from redaction import load_redactor

        redactor = load_redactor()
        all_records = []
        for path in args.data or DEFAULT_DATA:
            if not path.exists() and path.parent == EXTERNAL_DIR:
                print(f"\n=== {path.name}: skipped, not converted here (see bench/public_sets.py)")
                continue
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            all_records.extend(records)
            print(f"\n=== {path.name}: {len(records)} messages, {sum(len(r['spans']) for r in records)} gold spans, "
                  f"{sum(not r['spans'] for r in records)} messages without personal data")
            langs = [r["lang"] for r in records]
            results = redactor.redact_batch([r["text"] for r in records], langs)
            quality(records, results, args.show_errors)
            again = redactor.redact_batch([result.text for result in results], langs)
            changed = sum(first.text != second.text for first, second in zip(results, again))
            print(f"redacted output that changes when redacted again: {changed}/{len(records)}")
        speed(redactor, all_records, "every message")
        speed(redactor, [r for r in all_records if len(r["text"]) <= SHORT_CHARS], f"short messages (<= {SHORT_CHARS} chars)")
    load_figures()
    print(f"  RSS of this benchmark process (max): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
