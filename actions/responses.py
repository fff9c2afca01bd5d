"""Render a domain response on the action server, for texts that must be recorded verbatim.

The consent record keeps the exact wording the visitor agreed to, so the action server
renders ``utter_ask_contact_consent`` itself, with the same variables and the same filling
(:func:`core.templates.fill`) the Rasa server uses.
"""
from __future__ import annotations

import hashlib
from typing import Any, Dict

from core.agency import response_variables
from core.languages import other_language
from core.templates import fill


def _matches_language(variant: Dict[str, Any], language: str) -> bool:
    return any(
        condition.get("name") == "language" and condition.get("value") == language
        for condition in variant.get("condition") or []
    )


def render_response(domain: Dict[str, Any], name: str, language: str) -> str:
    """The text of response ``name`` in ``language``, with the agency's facts filled in."""
    variants = domain.get("responses", {}).get(name) or []
    variant = next((v for v in variants if _matches_language(v, language)), None)
    if variant is None:
        raise KeyError(f"response {name!r} has no variant for language {language!r}")
    return fill(variant.get("text", ""), response_variables(language),
                response_variables(other_language(language)), name)


def text_version(text: str) -> str:
    """A stable version label that changes whenever the wording changes."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
