"""Diskret's redaction engine: removes personal data from chat messages before storage.

    from redaction import load_redactor
    result = load_redactor().redact("Ich bin Anna Schmidt, 0151 23456789", lang="de")
    result.text   # "Ich bin [PERSON], [PHONE]"

Importing this package registers every pipeline component factory with spaCy, so the
trained pipeline in ``redaction/model`` loads with plain ``spacy.load``.
"""
from . import components, recognizers  # noqa: F401  (registers the spaCy factories)
from .allow_list import AllowList
from .engine import RedactionResult, Redactor, load_pipeline, load_redactor
from .errors import RedactionError
from .labels import LABELS
from .numbering import PlaceholderNumbering
from .spans import Span

__all__ = [
    "AllowList",
    "LABELS",
    "PlaceholderNumbering",
    "RedactionError",
    "RedactionResult",
    "Redactor",
    "Span",
    "load_pipeline",
    "load_redactor",
]
