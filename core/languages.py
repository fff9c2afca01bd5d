"""Which language a visitor writes in: the page's language first, the message's words second."""
from __future__ import annotations

import re
from typing import Any, Mapping, Optional

SUPPORTED_LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

_GERMAN = frozenset(
    "ich du sie wir ihr bin bist ist sind und oder nicht kein keine was wie wer wo wann warum "
    "bitte danke hallo grüezi servus moin tschüss ja nein mein meine mir mich euch ihnen habt "
    "haben hätte gern gerne möchte würde kann können kostet preis preise beratung termin daten "
    "löschen mit für von der die das den dem ein eine einen auf auch noch schon mal doch "
    "über zu zum zur bei aus nach vielen dank grüße leistungen angebot".split()
)
_ENGLISH = frozenset(
    "i you he she we they am are is and or not no what how who where when why please thanks "
    "thank hello hi hey bye yes my me your our do does did have has would could can cost price "
    "prices consultation appointment data delete with for from the a an to of on at in about "
    "want need talk human services offer much".split()
)
_WORD = re.compile(r"[a-zäöüß]+")


def detect_language(text: str) -> Optional[str]:
    """``de`` or ``en`` when the words say so clearly enough, else None."""
    words = _WORD.findall(text.lower())
    german = sum(word in _GERMAN for word in words) + sum(ch in "äöüß" for ch in text.lower())
    english = sum(word in _ENGLISH for word in words)
    if german == english:
        return None
    return "de" if german > english else "en"


def language_from_metadata(metadata: Optional[Mapping[str, Any]]) -> Optional[str]:
    value = (metadata or {}).get("language")
    if isinstance(value, str) and value.lower()[:2] in SUPPORTED_LANGUAGES:
        return value.lower()[:2]
    return None


def resolve_language(metadata: Optional[Mapping[str, Any]], text: str = "", current: Optional[str] = None) -> str:
    """Page language, else the message's language, else what the conversation used so far."""
    return language_from_metadata(metadata) or detect_language(text or "") or current or DEFAULT_LANGUAGE


def other_language(language: str) -> str:
    """The supported language that is not ``language`` (where a missing value may be found)."""
    return next(other for other in SUPPORTED_LANGUAGES if other != language)
