"""``python -m redaction.training``: regenerate lexicon and corpora, retrain, install.

Everything is seeded, so two runs on the same package versions give the same data.
Corpora and checkpoints go to ``var/redactor-training`` below the working directory (git-ignored).
"""
import argparse
from pathlib import Path

from .generate import write_corpora
from .lexicon import write_common_words, write_first_names
from .train import run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work-dir", type=Path, default=Path("var") / "redactor-training")
    parser.add_argument("--train-size", type=int, default=24000)
    parser.add_argument("--dev-size", type=int, default=1600)
    args = parser.parse_args()
    print(f"first-name lexicon: {write_first_names()} names, common words: {write_common_words()}")
    corpus_dir = args.work_dir / "corpus"
    write_corpora(corpus_dir, args.train_size, args.dev_size)
    model_dir = run(corpus_dir, args.work_dir / "output")
    print(f"installed {model_dir} (metrics in {model_dir / 'metrics.json'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
