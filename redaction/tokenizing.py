"""Tokenizing in linear time: spaCy's tokenizer is quadratic on long runs of punctuation.

The tokenizer strips prefix and suffix characters one at a time and searches the rest of the
run again after each, so 2,000 punctuation marks or emoji ("''''…", "?!?!…", "%%%…") take
0.3-0.9 s. Such runs are cut into short pieces that are tokenized one by one and joined into one
``Doc`` with the same text. Only runs longer than ``PUNCTUATION_RUN`` are cut (chat messages
have none: "?!?!", ":-)", "..." stay whole), and only inside them can the tokens differ.
"""
import re

from spacy.language import Language
from spacy.tokens import Doc

PUNCTUATION_RUN = 16
_LONG_RUN = re.compile(rf"(?:[^\w\s]|_){{{PUNCTUATION_RUN + 1},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, with runs of punctuation cut every ``PUNCTUATION_RUN`` characters."""
    cuts = [
        cut
        for run in _LONG_RUN.finditer(text)
        for cut in range(run.start() + PUNCTUATION_RUN, run.end(), PUNCTUATION_RUN)
    ]
    if not cuts:
        return nlp.make_doc(text)
    bounds = [0] + cuts + [len(text)]
    return Doc.from_docs([nlp.make_doc(text[start:end]) for start, end in zip(bounds, bounds[1:])], ensure_whitespace=False)
