"""The agency's facts from ``data/agency.yml`` (``AGENCY_FILE``), turned into response variables per language.

Marketers edit one file; every answer that mentions a phone number, a price range or a
reference takes it from there, in the visitor's language.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, FrozenSet, Optional, Tuple

import yaml

from core.languages import DEFAULT_LANGUAGE
from core.opening_hours import availability
from core.settings import PROJECT_ROOT, Settings, get_settings

logger = logging.getLogger(__name__)

# path -> ((modification time, size, status-change time) when read, facts)
_cache: Dict[Path, Tuple[Tuple[int, int, int], Dict[str, Any]]] = {}


def facts_file(settings: Optional[Settings] = None) -> Path:
    """``AGENCY_FILE``, relative to the project folder unless absolute."""
    path = Path((settings or get_settings()).agency_file)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _localised(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get(DEFAULT_LANGUAGE) or "")
    return "" if value is None else str(value)


def _version(path: Path) -> Tuple[int, int, int]:
    """One ``stat``: an edit that keeps the file's time and size (a copy with ``cp -p``, a same-length
    price) still changes its status-change time, which no tool sets back, so both servers see it."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns


def _read(path: Path) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        facts = yaml.safe_load(handle)
    if not isinstance(facts, dict):
        raise ValueError(f"{path}: expected a mapping of agency facts")
    return facts


def load_facts(path: Optional[Path] = None) -> Dict[str, Any]:
    """The facts, re-read whenever the file changes, so both servers go live with an edit without a restart.

    One ``stat`` per call tells whether the file changed. A file that cannot be read (say, saved
    half-way through an edit) never replaces good facts: they stay, and the error is logged.
    """
    path = path or facts_file()
    cached = _cache.get(path)
    try:
        version = _version(path)
        if cached is not None and cached[0] == version:
            return cached[1]
        facts = _read(path)
    except (OSError, yaml.YAMLError, ValueError) as error:
        if cached is None:
            raise
        logger.error("Agency facts in %s cannot be read (%s); keeping the facts read before", path.name,
                     type(error).__name__)
        # remember the unreadable version as seen, so it is not parsed (and logged) again until it changes
        _cache[path] = (_version(path) if path.exists() else cached[0], cached[1])
        return cached[1]
    if cached is not None:
        logger.info("Agency facts re-read from %s", path.name)
    _cache[path] = (version, facts)
    return facts


def reload_facts(path: Optional[Path] = None) -> Dict[str, Any]:
    """Read the facts now, whatever the file's time says; raises if the file cannot be read (cache kept).

    A model deploy calls this, so that ``make deploy`` makes changed facts live for certain and
    refuses a facts file that cannot be read.
    """
    path = path or facts_file()
    version = _version(path)
    facts = _read(path)
    _cache[path] = (version, facts)
    return facts


def service_names(language: str, facts: Optional[Dict[str, Any]] = None) -> Dict[str, str]:
    facts = facts if facts is not None else load_facts()
    return {service["key"]: _localised(service.get("name"), language) for service in facts.get("services", [])}


def _reference_line(reference: Dict[str, Any], language: str, names: Dict[str, str]) -> str:
    service = reference.get("service", "")
    return (f"• {_localised(reference.get('client'), language)} – {names.get(service, service)}: "
            f"{_localised(reference.get('result'), language)}")


def response_variables(
    language: str, settings: Optional[Settings] = None, facts: Optional[Dict[str, Any]] = None
) -> Dict[str, str]:
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
        "team_availability": availability(facts, language, datetime.now(timezone.utc)),
        "agency_response_time": _localised(facts.get("response_time"), language),
        "services_list": "\n".join(
            f"• {_localised(s.get('name'), language)} – {_localised(s.get('summary'), language)}" for s in services
        ),
        "pricing_list": "\n".join(
            f"• {_localised(s.get('name'), language)}: {_localised(s.get('price'), language)}" for s in services
        ),
        "service_names_list": "\n".join(f"• {_localised(s.get('name'), language)}" for s in services),
        "references_list": "\n".join(_reference_line(r, language, names) for r in facts.get("references", [])),
        # The short answer shows the first reference; the others come one service at a time ("More details").
        "reference_highlight": "\n".join(
            _reference_line(r, language, names) for r in facts.get("references", [])[:1]),
        "privacy_notice_url": settings.privacy_notice_url_en if language == "en" else settings.privacy_notice_url,
        "session_ttl_minutes": str(max(1, settings.session_ttl_seconds // 60)),
        "transcript_retention_days": str(settings.transcript_retention_days),
        "lead_retention_days": str(settings.lead_retention_days),
    }


def service_variables(
    key: str, language: str, facts: Optional[Dict[str, Any]] = None
) -> Optional[Dict[str, str]]:
    """The variables of one service's answer (``utter_service_info``, ``utter_service_reference``), or None.

    The action server passes them along with the response (actions/services.py); the first
    reference for the service, if there is one, fills ``{reference_client}`` and ``{reference_result}``.
    """
    facts = facts if facts is not None else load_facts()
    service = next((s for s in facts.get("services", []) if s.get("key") == key), None)
    if service is None:
        return None
    reference = next((r for r in facts.get("references", []) if r.get("service") == key), None) or {}
    return {
        "service_name": _localised(service.get("name"), language),
        "service_summary": _localised(service.get("summary"), language),
        "service_price": _localised(service.get("price"), language),
        "reference_client": _localised(reference.get("client"), language),
        "reference_result": _localised(reference.get("result"), language),
    }


# Filled by the action server for one service (service_variables), not from the facts at large.
SERVICE_VARIABLES = frozenset({"service_name", "service_summary", "service_price", "reference_client", "reference_result"})


def variable_names() -> FrozenSet[str]:
    """The names of every variable :func:`response_variables` provides (``make check`` accepts only these)."""
    return frozenset(response_variables(DEFAULT_LANGUAGE, Settings(), {}))
