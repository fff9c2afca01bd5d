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

# path -> ((modification time, size) when read, facts)
_cache: Dict[Path, Tuple[Tuple[int, int], Dict[str, Any]]] = {}


def facts_file(settings: Optional[Settings] = None) -> Path:
    """``AGENCY_FILE``, relative to the project folder unless absolute."""
    path = Path((settings or get_settings()).agency_file)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _localised(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get(DEFAULT_LANGUAGE) or "")
    return "" if value is None else str(value)


def _version(path: Path) -> Tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


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


FACT_PREFIX = "fact_"
SERVICE_VARIABLES = ("service_name", "service_summary", "service_price")


def fact_variables(language: str, facts: Dict[str, Any]) -> Dict[str, str]:
    """``{fact_<name>}`` for each entry under ``facts:`` (short facts the FAQ answers insert)."""
    entries = facts.get("facts") or {}
    return {f"{FACT_PREFIX}{name}": _localised(value, language) for name, value in entries.items()} \
        if isinstance(entries, dict) else {}


def find_service(key: Optional[str], facts: Dict[str, Any]) -> Tuple[Optional[Dict[str, Any]], bool]:
    """The entry for ``key`` (the ``service`` slot) and whether the agency offers it (``services``) or not (``not_offered``)."""
    wanted = str(key or "").strip().lower()
    for listed, offered in (("services", True), ("not_offered", False)):
        for entry in facts.get(listed) or []:
            if isinstance(entry, dict) and str(entry.get("key", "")).lower() == wanted:
                return entry, offered
    return None, False


def service_variables(key: Optional[str], language: str, facts: Dict[str, Any]) -> Dict[str, str]:
    """``{service_name}``, ``{service_summary}``, ``{service_price}`` of the service a visitor named."""
    entry, _ = find_service(key, facts)
    entry = entry or {}
    return {name: _localised(entry.get(name.split("_", 1)[1]), language) for name in SERVICE_VARIABLES}


def response_variables(
    language: str, settings: Optional[Settings] = None, facts: Optional[Dict[str, Any]] = None,
    service: Optional[str] = None,
) -> Dict[str, str]:
    """Every ``{variable}`` a response may use, rendered for ``language`` (``service``: the slot's value, if any)."""
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
        "references_list": "\n".join(
            f"• {_localised(r.get('client'), language)} – {names.get(r.get('service'), r.get('service', ''))}: "
            f"{_localised(r.get('result'), language)}"
            for r in facts.get("references", [])
        ),
        "privacy_notice_url": settings.privacy_notice_url_en if language == "en" else settings.privacy_notice_url,
        "session_ttl_minutes": str(max(1, settings.session_ttl_seconds // 60)),
        "transcript_retention_days": str(settings.transcript_retention_days),
        "lead_retention_days": str(settings.lead_retention_days),
        **service_variables(service, language, facts),
        **fact_variables(language, facts),
    }


def variable_names(facts: Optional[Dict[str, Any]] = None) -> FrozenSet[str]:
    """The names of every variable :func:`response_variables` provides (``make check`` accepts only these);
    the ``{fact_<name>}`` ones come from ``facts`` (the agency.yml being checked)."""
    return frozenset(response_variables(DEFAULT_LANGUAGE, Settings(), facts or {}))
