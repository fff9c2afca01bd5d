"""The check of ``data/agency.yml``: every fact the answers insert is there, in both languages, well-formed.

``core.agency`` reads these keys to fill ``{agency_phone}``, ``{pricing_list}`` and the rest; a
missing key or language would leave a gap in an answer, so ``make check`` names it first.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple
from urllib.parse import urlparse

import yaml

from bot.content.problems import Key, Problem, line_in, yaml_lines
from core.languages import SUPPORTED_LANGUAGES
from core.opening_hours import TeamHours

CHECK = "agency"
FACTS = Path("data") / "agency.yml"

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]*[0-9]$")
_SERVICE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_CURRENCY = r"(?:€|EUR|CHF|Fr\.|\$|USD|£|GBP)"
_AMOUNT = r"\d[\d.,'’ ]*\d|\d"
_PRICE = re.compile(rf"{_CURRENCY}\s?(?:{_AMOUNT})|(?:{_AMOUNT})\s?{_CURRENCY}")
_NUMBER = re.compile(_AMOUNT)


def _url_problem(value: str) -> Optional[str]:
    parsed = urlparse(value)
    host = parsed.hostname or ""
    if parsed.scheme not in ("http", "https") or "." not in host or ".." in host or " " in value:
        return f"'{value}' is not a complete web address (like https://www.example.de)"
    return None


def _email_problem(value: str) -> Optional[str]:
    return None if _EMAIL.match(value) else f"'{value}' is not an e-mail address (like hallo@example.de)"


def _phone_problem(value: str) -> Optional[str]:
    digits = sum(ch.isdigit() for ch in value)
    if _PHONE.match(value) and 6 <= digits <= 15:
        return None
    return f"'{value}' is not a phone number (digits, spaces and a leading +, like +49 30 1234567)"


def _price_problem(value: str) -> Optional[str]:
    if _PRICE.search(value):
        return None
    return f"price '{value}' names no amount with a currency (like 'ab 890 €' or 'from €890')"


Format = Callable[[str], Optional[str]]


@dataclass(frozen=True)
class Field:
    """One fact: whether it must be given per language, and how each value must look."""

    localised: bool
    form: Optional[Format] = None


# The agency's own public contact data: never personal data of a private person, never redacted.
CONTACT = {
    "name": Field(localised=False),
    "website": Field(localised=False, form=_url_problem),
    "email": Field(localised=False, form=_email_problem),
    "phone": Field(localised=False, form=_phone_problem),
    "address": Field(localised=False),
}
TOP = {**CONTACT, "opening_hours": Field(localised=True), "response_time": Field(localised=True)}
SERVICE = {
    "name": Field(localised=True),
    "summary": Field(localised=True),
    "price": Field(localised=True, form=_price_problem),
}
REFERENCE = {"client": Field(localised=True), "result": Field(localised=True)}
NOT_OFFERED = {"name": Field(localised=True), "summary": Field(localised=True)}
LISTS = ("services", "references")
OPTIONAL = ("not_offered", "facts")  # services the agency does not offer; short facts ({fact_<name>})
TEAM_HOURS = "team_hours"  # optional: when a person answers (core.opening_hours)


class _Checker:
    """Walks the facts and collects problems, each at the line of the key it is about."""

    def __init__(self, path: Path, lines: Dict[Key, int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: List[Problem] = []

    def report(self, key: Key, message: str) -> None:
        self.problems.append(Problem(CHECK, self.path, line_in(self.lines, key), message))

    def unknown_keys(self, given: Dict[str, Any], known: Set[str], key: Key, where: str) -> None:
        for name in given:
            if name in known:
                continue
            close = difflib.get_close_matches(str(name), sorted(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(sorted(known))})"
            self.report(key + (name,), f"{where}: '{name}' is not used by the assistant{hint}")

    def field(self, value: Any, spec: Field, key: Key, what: str) -> None:
        if value is None or value == "" or value == {}:
            self.report(key, f"{what} is missing")
            return
        if isinstance(value, dict):
            self.languages(value, key, what, spec)
        elif spec.localised:
            self.report(key, f"{what} must be given in both languages, like {{de: \"...\", en: \"...\"}}")
        elif not isinstance(value, str):
            self.report(key, f"{what} must be text; put it in quotes (\"...\")")
        elif spec.form and spec.form(value):
            self.report(key, f"{what}: {spec.form(value)}")

    def languages(self, value: Dict[str, Any], key: Key, what: str, spec: Field) -> None:
        for language in SUPPORTED_LANGUAGES:
            text = value.get(language)
            name = "English" if language == "en" else "German"
            if text is None or (isinstance(text, str) and not text.strip()):
                self.report(key, f"{what} has no {name} text (add '{language}: \"...\"')")
            elif not isinstance(text, str):
                self.report(key + (language,), f"{what} ({language}) must be text; put it in quotes (\"...\")")
            elif spec.form and spec.form(text):
                self.report(key + (language,), f"{what} ({language}): {spec.form(text)}")
        for language in value:
            if language not in SUPPORTED_LANGUAGES:
                self.report(key + (language,), f"{what}: '{language}' is not a language of the assistant "
                                               f"(use {' and '.join(SUPPORTED_LANGUAGES)})")

    def entries(
        self, facts: Dict[str, Any], name: str, fields: Dict[str, Field]
    ) -> Iterator[Tuple[int, Dict[str, Any]]]:
        entries = facts.get(name)
        if not isinstance(entries, list) or not entries:
            self.report((name,), f"'{name}:' must be a list with at least one entry (each starting with '- ')")
            return
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                self.report((name, index), f"each entry under '{name}:' must have {', '.join(fields)}")
                continue
            yield index, entry


def _same_amounts(checker: _Checker, price: Any, key: Key, service: str) -> None:
    """A price changed in one language only is the likeliest slip: both must name the same amounts."""
    if not isinstance(price, dict) or not all(isinstance(price.get(lang), str) for lang in SUPPORTED_LANGUAGES):
        return
    amounts = {lang: sorted(re.sub(r"\D", "", n) for n in _NUMBER.findall(price[lang])) for lang in SUPPORTED_LANGUAGES}
    if len({tuple(found) for found in amounts.values()}) > 1:
        said = "; ".join(f"{lang}: {', '.join(found) or 'none'}" for lang, found in amounts.items())
        checker.report(key, f"service '{service}': the prices name different amounts per language ({said}); "
                            "change both languages")


def _check_services(checker: _Checker, facts: Dict[str, Any]) -> Set[str]:
    keys: Set[str] = set()
    for index, service in checker.entries(facts, "services", SERVICE):
        here: Key = ("services", index)
        key = service.get("key")
        if not isinstance(key, str) or not _SERVICE_KEY.match(key):
            checker.report(here + ("key",), f"service {index + 1} needs a 'key:' in lowercase letters, digits and _ "
                                            "(like 'seo')")
        elif key in keys:
            checker.report(here + ("key",), f"service key '{key}' is used twice; each service needs its own")
        if isinstance(key, str):
            keys.add(key)
        label = f"service '{key}'"
        checker.unknown_keys(service, {"key", *SERVICE}, here, label)
        for name, spec in SERVICE.items():
            checker.field(service.get(name), spec, here + (name,), f"{label} {name}")
        _same_amounts(checker, service.get("price"), here + ("price",), str(key))
    return keys


def _check_references(checker: _Checker, facts: Dict[str, Any], services: Set[str]) -> None:
    for index, reference in checker.entries(facts, "references", REFERENCE):
        here: Key = ("references", index)
        label = f"reference {index + 1}"
        checker.unknown_keys(reference, {"service", *REFERENCE}, here, label)
        service = reference.get("service")
        if service not in services:
            close = difflib.get_close_matches(str(service), sorted(services), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (services: {', '.join(sorted(services))})"
            checker.report(here + ("service",), f"{label}: 'service: {service}' is not the key of a service{hint}")
        for name, spec in REFERENCE.items():
            checker.field(reference.get(name), spec, here + (name,), f"{label} {name}")


def _check_optional(checker: _Checker, facts: Dict[str, Any], services: Set[str]) -> None:
    """``not_offered`` entries look like services without a price; each of ``facts`` is given in both languages."""
    for index, entry in enumerate(facts.get("not_offered") or []):
        here: Key = ("not_offered", index)
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not _SERVICE_KEY.match(key) or key in services:
            checker.report(here, f"not_offered entry {index + 1} needs its own 'key:' (lowercase, not one of services)")
            continue
        checker.unknown_keys(entry, {"key", *NOT_OFFERED}, here, f"not_offered '{key}'")
        for name, spec in NOT_OFFERED.items():
            checker.field(entry.get(name), spec, here + (name,), f"not_offered '{key}' {name}")
    entries = facts.get("facts") or {}
    if not isinstance(entries, dict):
        checker.report(("facts",), "'facts:' must be a list of 'name: {de: \"...\", en: \"...\"}' lines")
        return
    for name, value in entries.items():
        if not _SERVICE_KEY.match(str(name)):
            checker.report(("facts", name), f"fact '{name}': use lowercase letters, digits and _ in its name")
        checker.field(value, Field(localised=True), ("facts", name), f"fact '{name}'")


def check_agency_facts(root: Path) -> List[Problem]:
    """The agency's facts (data/agency.yml) are complete, in both languages and well-formed."""
    path = root / FACTS
    try:
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [Problem(CHECK, path, None, "the file is missing; the answers take the agency's facts from it")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Problem(CHECK, path, mark.line + 1 if mark else None,
                        f"the file is not valid YAML ({getattr(error, 'problem', None) or error}); "
                        "check quotes, colons and indentation")]
    checker = _Checker(path, yaml_lines(path))
    if not isinstance(facts, dict):
        checker.report((), "the file must consist of 'key: value' lines (name:, website:, services:, ...)")
        return checker.problems
    checker.unknown_keys(facts, {*TOP, *LISTS, *OPTIONAL, TEAM_HOURS}, (), "agency.yml")
    for name, spec in TOP.items():
        checker.field(facts.get(name), spec, (name,), f"'{name}'")
    if TEAM_HOURS in facts and TeamHours.from_facts(facts) is None:
        checker.report((TEAM_HOURS,), f"'{TEAM_HOURS}' must look like {{timezone: Europe/Berlin, days: [mon, tue, wed, "
                                      'thu, fri], open: "09:00", close: "18:00"}')
    services = _check_services(checker, facts)
    _check_references(checker, facts, services)
    _check_optional(checker, facts, services)
    return checker.problems


def public_texts(root: Path) -> List[Tuple[str, Path, Optional[int], str]]:
    """(text, file, line, what) of every fact but the agency's own contact data, for the personal-data check."""
    path = root / FACTS
    try:
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(facts, dict):
        return []
    lines = yaml_lines(path)
    found: List[Tuple[str, Path, Optional[int], str]] = []

    def collect(value: Any, key: Key) -> None:
        if isinstance(value, str):
            what = " ".join(str(part + 1) if isinstance(part, int) else part for part in key)
            found.append((value, path, line_in(lines, key), f"'{what}' in agency.yml"))
        elif isinstance(value, dict):
            for name, item in value.items():
                collect(item, key + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                collect(item, key + (index,))

    for name, value in facts.items():
        if name not in CONTACT:
            collect(value, (name,))
    return found
