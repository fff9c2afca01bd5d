"""First and last names from Faker's person providers, for data generation and the lexicon.

Only Latin-script names are used: the chat is German/English, and names of other
origins reach it transliterated (Yılmaz, Nowak, Nguyễn, El-Amin).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Dict, List, Tuple

import faker.providers.person as person_providers

_LATIN_NAME = re.compile(r"[A-Za-zÀ-ÿĀ-ž'’\- ]+")


def _provider_words(provider: type, attribute: str) -> List[str]:
    for klass in provider.__mro__:
        if attribute in klass.__dict__:
            value = klass.__dict__[attribute]
            if isinstance(value, dict):
                return list(value)
            if isinstance(value, (list, tuple, set, frozenset)):
                return list(value)
            return []
    return []


def names_by_locale() -> Dict[str, Tuple[List[str], List[str]]]:
    """locale -> (first names, last names), Latin script only, sorted for reproducibility."""
    result: Dict[str, Tuple[List[str], List[str]]] = {}
    for module in sorted(pkgutil.iter_modules(person_providers.__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        provider = importlib.import_module(f"{person_providers.__name__}.{module.name}").Provider
        firsts = set()
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            firsts.update(n for n in _provider_words(provider, attribute) if _LATIN_NAME.fullmatch(n))
        lasts = {n for n in _provider_words(provider, "last_names") if _LATIN_NAME.fullmatch(n)}
        if firsts and lasts:
            result[module.name] = (sorted(firsts), sorted(lasts))
    return result
