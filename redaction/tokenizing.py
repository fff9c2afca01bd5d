"""Tokenizing in linear time: spaCy's tokenizer is quadratic on long runs of punctuation.

The tokenizer strips prefix and suffix characters one at a time and searches the rest of the
run again after each, so 2,000 punctuation marks or emoji ("''''…", "?!?!…", "%%%…") take
0.3-0.9 s, and the 2,000 one-character tokens it makes cost the model as much again. A run longer
than ``PUNCTUATION_RUN`` becomes tokens of ``PUNCTUATION_RUN`` characters each, and the text
around it is tokenized as usual; the pieces are joined into one ``Doc`` with the same text. Chat
messages have no such runs ("?!?!", ":-)", "..." stay whole), and only inside them do tokens differ.
"""
import re
from typing import List

from spacy.language import Language
from spacy.tokens import Doc

PUNCTUATION_RUN = 16
_LONG_RUN = re.compile(rf"(?:[^\w\s]|_){{{PUNCTUATION_RUN + 1},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, with each long run of punctuation cut into tokens of ``PUNCTUATION_RUN``."""
    pieces: List[Doc] = []
    position = 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > position:
            pieces.append(nlp.make_doc(text[position : run.start()]))
        words = [
            text[start : min(start + PUNCTUATION_RUN, run.end())]
            for start in range(run.start(), run.end(), PUNCTUATION_RUN)
        ]
        pieces.append(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
        position = run.end()
    if not pieces:
        return nlp.make_doc(text)
    if position < len(text):
        pieces.append(nlp.make_doc(text[position:]))
    return Doc.from_docs(pieces, ensure_whitespace=False)
