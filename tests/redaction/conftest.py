"""Shared fixtures: the real pipeline, loaded once per test session. All data is fictitious."""
from typing import Callable, List, Tuple

import pytest

from redaction import Redactor, load_redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return load_redactor()


@pytest.fixture(scope="session")
def found(redactor: Redactor) -> Callable[..., List[Tuple[str, str]]]:
    """(label, redacted text) pairs for a message, in order."""

    def run(text: str, lang=None) -> List[Tuple[str, str]]:
        return [(span.label, text[span.start : span.end]) for span in redactor.redact(text, lang).spans]

    return run


@pytest.fixture(scope="session")
def labels(found) -> Callable[..., List[str]]:
    """Just the labels found in a message."""
    return lambda text, lang=None: [label for label, _ in found(text, lang)]


@pytest.fixture(scope="session")
def covered(redactor: Redactor) -> Callable[..., bool]:
    """Whether every letter and digit of ``value`` (first occurrence) is redacted, as the benchmark counts."""

    def run(text: str, value: str, lang=None) -> bool:
        start = text.index(value)
        spans = redactor.redact(text, lang).spans
        inside = {i for span in spans for i in range(span.start, span.end)}
        return all(i in inside for i in range(start, start + len(value)) if text[i].isalnum())

    return run
