"""The redaction engine as this deployment configures it (``REDACTOR_MODEL_PATH``, ``REDACTOR_EXTRA_SPACY_MODEL``).

The engine itself (``redaction/``) reads no settings; every caller on the Rasa server's side
takes its redactor from here, so all of them redact with the same model.
"""
from __future__ import annotations

from core.settings import get_settings
from redaction import Redactor, load_redactor


def configured_redactor() -> Redactor:
    """The process-wide redactor for the configured model; raises ``RedactionError`` if it cannot load."""
    cfg = get_settings()
    return load_redactor(cfg.redactor_model_path, cfg.redactor_extra_spacy_model)
