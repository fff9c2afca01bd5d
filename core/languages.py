"""Which language a visitor writes in: the page's language first, the message's words second."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Dict, FrozenSet, Mapping, Optional

import yaml

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
REQUESTS_FILE = Path(__file__).parent / "resources" / "language_requests.yml"
CLEAR_MARGIN = 3  # marker words more of one language than the other, for a message to count as written in it


def detect_language(text: str) -> Optional[str]:
    """``de`` or ``en`` when the words say so clearly enough, else None."""
    words = _WORD.findall(text.lower())
    german = sum(word in _GERMAN for word in words) + sum(ch in "äöüß" for ch in text.lower())
    english = sum(word in _ENGLISH for word in words)
    if german == english:
        return None
    return "de" if german > english else "en"


@functools.lru_cache(maxsize=1)
def _requests() -> Dict[str, Any]:
    data = yaml.safe_load(REQUESTS_FILE.read_text(encoding="utf-8"))
    names: Dict[str, FrozenSet[str]] = {lang: frozenset(words) for lang, words in data["languages"].items()}
    return {"max_words": int(data["max_words"]), "names": names, "cues": frozenset(data["cues"])}


def requested_language(text: str) -> Optional[str]:
    """The language a short message asks the chat to switch to ("English please", "auf Deutsch?"), else None."""
    rules = _requests()
    words = _WORD.findall(text.lower())
    if not words or len(words) > rules["max_words"]:
        return None
    named = [lang for lang, names in rules["names"].items() if any(word in names for word in words)]
    if len(named) != 1:
        return None
    others = [word for word in words if word not in rules["names"][named[0]]]
    return named[0] if not others or any(word in rules["cues"] for word in others) else None


def clearly_written_in(text: str) -> Optional[str]:
    """The language of a message whose marker words clearly favour one language (a longer message), else None."""
    words = _WORD.findall(text.lower())
    german = sum(word in _GERMAN for word in words) + sum(ch in "äöüß" for ch in text.lower())
    english = sum(word in _ENGLISH for word in words)
    if abs(german - english) < CLEAR_MARGIN:
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
