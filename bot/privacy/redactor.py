"""The redaction engine as this deployment configures it (``REDACTOR_MODEL_PATH``, ``REDACTOR_EXTRA_SPACY_MODEL``).

The engine itself (``redaction/``) reads no settings; every caller on the Rasa server's side
takes its redactor from here, so all of them redact with the same model, and the same
allow lists: the agency's own contact facts (``data/agency.yml``) stay as written in bot
replies and transcripts, and log lines keep the technical words of ``log_terms.txt`` too.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Tuple

from core.agency import load_facts
from core.settings import get_settings
from redaction import AllowList, Redactor, load_redactor

logger = logging.getLogger(__name__)

AGENCY_FACTS = ("name", "website", "email", "phone", "address")
LOG_TERMS = Path(__file__).resolve().parent / "log_terms.txt"


def configured_redactor() -> Redactor:
    """The process-wide redactor for the configured model; raises ``RedactionError`` if it cannot load."""
    cfg = get_settings()
    return load_redactor(cfg.redactor_model_path, cfg.redactor_extra_spacy_model)


def _agency_phrases() -> Tuple[str, ...]:
    """The agency's public contact facts as they are now; none if the facts cannot be read
    (then more is redacted, never less)."""
    try:
        facts = load_facts()
    except Exception as error:
        logger.warning("Agency facts unreadable (%s); their allow list is empty", type(error).__name__)
        return ()
    return tuple(str(facts[key]) for key in AGENCY_FACTS if isinstance(facts.get(key), (str, int)))


@functools.lru_cache(maxsize=8)
def _allow_list(phrases: Tuple[str, ...]) -> AllowList:
    return AllowList(phrases)


@functools.lru_cache(maxsize=1)
def _log_terms() -> Tuple[str, ...]:
    lines = LOG_TERMS.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def agency_allow_list() -> AllowList:
    """What bot replies and transcripts keep as written: the agency's own name and contact facts."""
    return _allow_list(_agency_phrases())


def log_allow_list() -> AllowList:
    """What log lines keep as written: the agency's facts and the words of the software that logs."""
    return _allow_list(_agency_phrases() + _log_terms())
