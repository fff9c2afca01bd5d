"""The agency's facts from ``data/agency.yml``, turned into response variables per language.

Marketers edit one file; every answer that mentions a phone number, a price range or a
reference takes it from there, in the visitor's language.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict

import yaml

from core.languages import DEFAULT_LANGUAGE
from core.settings import PROJECT_ROOT, Settings, get_settings

AGENCY_FILE = PROJECT_ROOT / "data" / "agency.yml"


def _localised(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get(DEFAULT_LANGUAGE) or "")
    return "" if value is None else str(value)


@functools.lru_cache(maxsize=4)
def load_facts(path: Path = AGENCY_FILE) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        facts = yaml.safe_load(handle)
    if not isinstance(facts, dict):
        raise ValueError(f"{path}: expected a mapping of agency facts")
    return facts


def service_names(language: str, facts: Dict[str, Any] = None) -> Dict[str, str]:
    facts = facts if facts is not None else load_facts()
    return {service["key"]: _localised(service.get("name"), language) for service in facts.get("services", [])}


def response_variables(language: str, settings: Settings = None, facts: Dict[str, Any] = None) -> Dict[str, str]:
    """Every ``{variable}`` a response may use, rendered for ``language``."""
    settings = settings or get_settings()
    facts = facts if facts is not None else load_facts()
    services = facts.get("services", [])
    names = service_names(language, facts)
    return {
        "agency_name": _localised(facts.get("name"), language),
        "agency_website": _localised(facts.get("website"), language),
        "agency_email": _localised(facts.get("email"), language),
        "agency_phone": _localised(facts.get("phone"), language),
        "agency_address": _localised(facts.get("address"), language),
        "agency_hours": _localised(facts.get("opening_hours"), language),
        "agency_response_time": _localised(facts.get("response_time"), language),
        "services_list": "\n".join(
            f"• {_localised(s.get('name'), language)} – {_localised(s.get('summary'), language)}" for s in services
        ),
        "pricing_list": "\n".join(
            f"• {_localised(s.get('name'), language)}: {_localised(s.get('price'), language)}" for s in services
        ),
        "references_list": "\n".join(
            f"• {_localised(r.get('client'), language)} – {names.get(r.get('service'), r.get('service', ''))}: "
            f"{_localised(r.get('result'), language)}"
            for r in facts.get("references", [])
        ),
        "privacy_notice_url": settings.privacy_notice_url,
        "session_ttl_minutes": str(max(1, settings.session_ttl_seconds // 60)),
        "transcript_retention_days": str(settings.transcript_retention_days),
        "lead_retention_days": str(settings.lead_retention_days),
    }
