"""Names introduced by a cue: "mein Name ist …", "Dr. Meier", "ich bin anna schmidt", signatures.

The trained NER finds names anywhere; this recognizer adds the cases where the
wording itself says a name follows, so they are caught even in lowercase or when the
name is also a common word. Weak cues ("ich bin", "I'm", "Hallo") need the first word
to be a known first name, because German capitalises nouns ("Ich bin Kunde").
"""

import re
from typing import Optional

from spacy.language import Language

from ..labels import PERSON
from ..resources import word_set
from .base import Pattern, PatternRecognizer

_UPPER = "A-ZÄÖÜÀ-ÞĀ-Ž"
_LOWER = "a-zäöüßà-ÿā-ž"
_CAP_NAME = rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:['’\-][{_UPPER}]?[{_LOWER}]+)*"
_ANY_NAME = rf"[{_UPPER}{_LOWER}][{_LOWER}]+(?:['’\-][{_UPPER}{_LOWER}]?[{_LOWER}]+)*"
_PARTICLE = r"(?:von|van|de|der|den|di|da|del|della|le|la|du|dos|das|el|al|bin|ibn|zu|ten|ter|y|mc|mac)"
_CAP_FULL = rf"{_CAP_NAME}(?:[ \t](?:{_PARTICLE}[ \t]){{0,2}}{_CAP_NAME}){{0,3}}"
_ANY_FULL = rf"{_ANY_NAME}(?:[ \t](?:{_PARTICLE}[ \t]){{0,2}}{_ANY_NAME}){{0,2}}"
_TITLE = (
    r"(?:Herrn?|Frau|Hr\.|Fr\.|Fräulein|Dr\.(?:\s?med\.)?|Prof\.|Professor(?:in)?|Dipl\.-Ing\.|Mag\.|Ing\.|"
    r"Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Sir|Dame|Madame|Monsieur|Signora?)"
)
_STRONG_CUE = (
    r"(?:mein(?:\s+vollständiger)?\s+name\s+(?:ist|lautet|is)|ich\s+hei(?:ß|ss)e|heiße|hei(?:ß|ss)e\s+ich|"
    r"my\s+(?:full\s+)?name\s+is|my\s+name'?s|name\s*:|vorname\s*:|nachname\s*:|full\s+name\s*:|"
    r"ansprechpartner(?:in)?\s*:|kontaktperson\s*:|contact\s+person\s*:|ask\s+for|fragen\s+sie\s+nach|"
    r"call\s+me|nennt?\s+mich|gez\.|signed)"
)
_WEAK_CUE = (
    r"(?:ich\s+bin|i\s+am|i'm|i’m|im|this\s+is|it's|hier\s+(?:ist|spricht|schreibt)|"
    r"hallo|hello|hi|hey|moin|servus|grüezi|grüß\s+gott|liebe|lieber|dear|an|to|cc|von|from|mit|with)"
)
_SIGN_OFF = (
    r"(?:(?:viele|liebe|beste|freundliche|herzliche|schöne|sonnige|mit\s+freundlichen|mit\s+besten|"
    r"kind|best|warm|warmest)\s+)?(?:grüße|grüsse|gruß|gruss|grüßen|grüssen|regards|wishes)"
    r"|lg|vg|mfg|bg|cheers|thanks|thank\s+you|many\s+thanks|danke|vielen\s+dank|tschüss|ciao|"
    r"bis\s+bald|sincerely|yours(?:\s+sincerely|\s+truly)?|best|greetings|xoxo|servus|baba|adieu"
)


@Language.factory("pii_person_cues")
class PersonCueRecognizer(PatternRecognizer):
    """Names after naming phrases, titles, greetings and sign-offs."""

    label = PERSON
    patterns = (
        Pattern("title", re.compile(rf"(?<![\w.]){_TITLE}[ \t]+(?=(?P<name>{_CAP_FULL}))"), 0.9),
        Pattern(
            "strong_cue",
            re.compile(rf"(?<!\w)(?i:{_STRONG_CUE})[ \t]*(?=(?P<name>{_ANY_FULL}))"),
            0.9,
            group="name",
        ),
        Pattern(
            "weak_cue",
            re.compile(rf"(?<!\w)(?i:{_WEAK_CUE})[ \t,]+(?=(?P<name>{_ANY_FULL}))"),
            0.8,
            group="name",
        ),
        Pattern(
            "sign_off",
            re.compile(rf"(?:^|(?<=[\s,.!]))(?i:{_SIGN_OFF})[ \t]*[,!.]?[ \t]*(?:\r?\n[ \t]*|[ \t]+)(?=(?P<name>{_ANY_FULL}))"),
            0.85,
            group="name",
        ),
    )

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.first_names = word_set("first_names")
        self.not_names = word_set("not_names")

    def refine(self, match, pattern, text, lang):
        """Keep the name words only: stop at the first word that is never part of a name."""
        name_start, name_end = match.span("name")
        words = re.finditer(r"\S+", text[name_start:name_end])
        kept_end = name_start
        lowercase = not text[name_start].isupper()
        for position, word in enumerate(words):
            if word.group().lower() in self.not_names:
                break
            if position > 0 and not self._could_continue(word.group(), position, lowercase):
                break
            kept_end = name_start + word.end()
        if kept_end == name_start:
            return name_start, name_start
        return (match.start() if pattern.name == "title" else name_start), kept_end

    def _could_continue(self, word: str, position: int, lowercase: bool) -> bool:
        """Capitalised words, known first names, particles, and a lowercase surname after a first name."""
        if word[0].isupper() or word.lower() in self.first_names or re.fullmatch(_PARTICLE, word):
            return True
        return lowercase and position == 1

    def validate(self, value, match, text, lang) -> Optional[bool]:
        """Titles and strong cues vouch for a capitalised name; otherwise it must be a known first name."""
        name = match.group("name")
        first = name.split()[0].lower()
        if first in self.not_names:
            return False
        vouched = match.re is self.patterns[0].regex or (match.re is self.patterns[1].regex and name[0].isupper())
        return None if vouched or first in self.first_names else False
