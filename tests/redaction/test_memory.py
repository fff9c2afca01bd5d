"""Bounded memory (issue 14): spaCy's vocabulary must not keep every visitor's words.

spaCy stores each new token string, with a lexeme, for the life of the pipeline; unchecked,
2,000 messages of unseen words grew the server from 140 to 322 MiB and kept the names and
addresses in memory. The Redactor renews its pipeline once the vocabulary has grown by a bound.
All names and addresses here are invented.
"""
import gc
import weakref
from typing import List

import pytest

from redaction import Redactor, load_pipeline
from redaction.engine import DEFAULT_MODEL_PATH

MESSAGES = 3000
BATCH = 100


def surname(index: int) -> str:
    """An invented surname per number: "Quarnaaaa", "Quarnaaab", …"""
    letters = "".join("abcdefghijklmnopqrstuvwxyz"[index // 26**power % 26] for power in (3, 2, 1, 0))
    return f"Quarn{letters}"


def canaries(count: int) -> List[str]:
    """Strings no pipeline has seen: one invented surname and e-mail address per message."""
    return [surname(index) for index in range(count)] + [f"qz{index:05d}@example.org" for index in range(count)]


def messages(count: int) -> List[str]:
    return [f"Hallo, ich bin Vera {surname(index)}, erreichbar unter qz{index:05d}@example.org" for index in range(count)]


@pytest.fixture()
def own_pipeline():
    """A freshly loaded pipeline (a Redactor saves its pipeline as it is given, to renew it from),
    apart from the session's redactor."""
    return load_pipeline(DEFAULT_MODEL_PATH)


def redact_all(redactor: Redactor, texts: List[str]) -> None:
    for start in range(0, len(texts), BATCH):
        redactor.redact_batch(texts[start : start + BATCH])


def test_vocabulary_stays_bounded(own_pipeline):
    redactor = Redactor(own_pipeline, renew_after=2_000)
    redactor.redact_batch(["Warm-up: Anna Schmidt, anna@example.de, 0151 23456789"] * 3)
    strings, lexemes = len(redactor.nlp.vocab.strings), len(redactor.nlp.vocab)
    first = redactor.nlp
    redact_all(redactor, messages(MESSAGES))
    assert redactor.nlp is not first  # renewed at least once
    # at most the bound plus what one batch adds (a few strings per message: word, lowercase, shape)
    assert len(redactor.nlp.vocab.strings) <= strings + redactor.renew_after + 10 * BATCH
    assert len(redactor.nlp.vocab) <= lexemes + redactor.renew_after + 10 * BATCH
    # unbounded, the 3,000 messages would have added over 9,000 strings
    assert len(redactor.nlp.vocab.strings) - strings < 9_000


def test_no_visitor_string_survives_a_renewal(own_pipeline):
    redactor = Redactor(own_pipeline, renew_after=0)  # strict: a fresh pipeline after every batch
    texts = messages(MESSAGES)
    redact_all(redactor, texts[:BATCH])
    renewed = weakref.ref(redactor.nlp)  # held by the redactor alone (the fixture holds the first)
    redact_all(redactor, texts[BATCH:])
    strings = redactor.nlp.vocab.strings
    assert [canary for canary in canaries(MESSAGES) if canary in strings] == []
    gc.collect()
    assert renewed() is None  # a replaced pipeline, and the strings in it, are freed


def test_a_renewed_pipeline_redacts_the_same(own_pipeline):
    redactor = Redactor(own_pipeline, renew_after=0)
    text = "Viele Grüße\nAnna-Lena Schmidt\nHauptstraße 5, 10115 Berlin, Tel. 0151 23456789, IBAN DE89 3704 0044 0532 0130 00"
    before = redactor.nlp
    first = redactor.redact(text)
    assert redactor.nlp is not before
    assert redactor.redact(text) == first
    assert first.text.count("[") == 4
