"""Names introduced by a cue: "mein Name ist …", "Dr. Meier", "ich bin anna schmidt", signatures.

The trained NER finds names anywhere; this recognizer adds the cases where the
wording itself says a name follows, so they are caught even in lowercase or when the
name is also a common word. Weak cues ("ich bin", "I'm", "Hallo") need the first word
to be a known first name, because German capitalises nouns ("Ich bin Kunde").
"""

import re
from typing import List, Optional, Sequence

from spacy.lang.de.stop_words import STOP_WORDS as GERMAN_STOP_WORDS
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.language import Language

from ..labels import PERSON
from ..resources import word_set
from .base import Pattern, PatternRecognizer

# Latin letters incl. Latin Extended-A/B and Vietnamese (Latin Extended Additional); the extended
# ranges mix cases, which is fine for matching name shapes.
_UPPER = "A-ZÄÖÜÀ-ÞĀ-Žƀ-ɏḀ-ỿ"
_STOP_WORDS = frozenset(w.lower() for w in GERMAN_STOP_WORDS | ENGLISH_STOP_WORDS)
_LOWER = "a-zäöüßà-ÿā-žƀ-ɏḀ-ỿ"
_END = rf"(?![{_UPPER}{_LOWER}\d])"
# "O'Brien", "McDonald", "Anna-Lena", but not the possessive of "Gabriel's laptop"
_CAP_NAME = (
    rf"(?:[{_UPPER}]['’])?[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?"
    rf"(?:['’][{_UPPER}]?[{_LOWER}]{{2,}}|\-[{_UPPER}]?[{_LOWER}]+)*{_END}"
)
_INITIAL = rf"[{_UPPER}]\.[ \t]?"
_ANY_NAME = rf"[{_UPPER}{_LOWER}][{_LOWER}]+(?:['’][{_UPPER}{_LOWER}]?[{_LOWER}]{{2,}}|\-[{_UPPER}{_LOWER}]?[{_LOWER}]+)*{_END}"
_PARTICLE = r"(?:von|van|de|der|den|di|da|del|della|le|la|du|dos|das|el|al|bin|ibn|zu|ten|ter|y|mc|mac|Ó|Ní|Nic|Uí)"
_CAP_FULL = rf"(?:{_INITIAL})?{_CAP_NAME}(?:[ \t](?:{_PARTICLE}[ \t]){{0,2}}{_CAP_NAME}){{0,3}}"
_ANY_FULL = rf"(?:{_INITIAL})?{_ANY_NAME}(?:[ \t](?:{_PARTICLE}[ \t]){{0,2}}{_ANY_NAME}){{0,2}}"
_TITLE = (
    r"(?:Herrn?|Frau|Hr\.|Fr\.|Fräulein|Dr\.?(?:\s?med\.)?|Prof\.?|Professor(?:in)?|Dipl\.-Ing\.|Mag\.|Ing\.|"
    r"Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Sir|Dame|Madame|Monsieur|Signora?)"
)
# Titles as people type them in chat: "frau berger", "mr krause", "herrn dr. Weißenberger"
# ("ms" is left out: "ms Office").
_TITLE_ANY_CASE = r"(?:herrn?|frau|hr\.|fr\.|mr\.?|mrs\.?|miss|dr\.|prof\.)(?:[ \t]+(?:dr\.?|prof\.?|med\.))*"
# Endings of German verb forms that follow "frau"/"herr" ("meine frau sagt", "der herr meinte"); a
# surname after a lowercase title must not look like one ("Schmidt" and "Brandt" still pass).
_VERB_ENDING = re.compile(r"(?:[^d]t|te|ten|tet|st)$")
_STRONG_CUE = (
    r"(?:mein(?:\s+vollständiger)?\s+name\s+(?:ist|lautet|is)|ich\s+hei(?:ß|ss)e|heiße|hei(?:ß|ss)e\s+ich|"
    r"my\s+(?:full\s+)?name\s+is|my\s+name'?s|name\s*:|name\s+on\s+(?:the\s+)?card\s*:?|name\s+auf\s+der\s+karte\s*:?|vorname\s*:|nachname\s*:|full\s+name\s*:|"
    r"ansprechpartner(?:in)?\s*:|kontaktperson\s*:|contact\s+person\s*:|contact\s*:|kontakt\s*:|ask\s+for|fragen\s+sie\s+nach|"
    r"call\s+me|nennt?\s+mich|gez\.|signed|kontoinhaber(?:in)?\s*:?|karteninhaber(?:in)?\s*:?|"
    r"account\s+holder\s*:?|card\s*holder\s*:?|inhaber(?:in)?\s*:|empfänger(?:in)?\s*:|recipient\s*:|"
    r"z\.\s?h\.|zu\s+händen|attn\.?|attention|c/o|klingel(?:schild)?\s*:?)"
)
# The words each cue pattern starts with (lowercase; see ``Pattern.hints``).
_TITLE_WORDS = frozenset({
    "herr", "herrn", "frau", "hr", "fr", "fräulein", "dr", "prof", "professor", "professorin", "dipl", "mag", "ing",
    "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madame", "monsieur", "signora", "signor",
})
_STRONG_CUE_WORDS = frozenset({
    "name", "heiße", "heisse", "vorname", "nachname", "ansprechpartner", "ansprechpartnerin", "kontaktperson",
    "contact", "kontakt", "ask", "fragen", "call", "nenn", "nennt", "gez", "signed", "kontoinhaber",
    "kontoinhaberin", "karteninhaber", "karteninhaberin", "holder", "cardholder", "inhaber", "inhaberin",
    "empfänger", "empfängerin", "recipient", "z", "zu", "attn", "attention", "c", "klingel", "klingelschild",
})
_POSSESSIVES = frozenset({
    "mein", "meine", "meinem", "meinen", "meiner", "unser", "unsere", "unserem", "unseren", "unserer", "sein",
    "seine", "seinem", "seiner", "ihr", "ihre", "ihrem", "ihrer", "my", "our", "his", "her", "their",
    "dein", "deine", "euer", "eure", "your",
})
_SIGN_OFF_WORDS = frozenset({
    "grüße", "grüsse", "gruß", "gruss", "grüßen", "grüssen", "regards", "wishes", "lg", "vg", "mfg", "bg", "cheers",
    "thanks", "thank", "danke", "dank", "tschüss", "ciao", "ta", "bis", "see", "talk", "speak", "later",
    "sincerely", "yours", "best", "greetings", "xoxo", "servus", "baba", "adieu",
})
# Family, colleagues and staff named next to their role: "meine Kollegin Svenja", "my husband Giorgos".
_RELATION = (
    r"(?:mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer|sein|seine|seinem|seiner|"
    r"ihr|ihre|ihrem|ihrer|my|our|his|her|their)\s+"
    r"(?:mann|ehemann|frau|ehefrau|sohn|tochter|kind|vater|mutter|papa|mama|bruder|schwester|onkel|tante|"
    r"neffe|nichte|cousin|cousine|schwager|schwägerin|partner|partnerin|freund|freundin|lebensgefährte|"
    r"lebensgefährtin|kollege|kollegin|chef|chefin|vorgesetzter|vorgesetzte|azubi|auszubildende|"
    r"praktikant|praktikantin|werkstudent|werkstudentin|mitarbeiter|mitarbeiterin|assistent|assistentin|"
    r"geschäftspartner|geschäftspartnerin|vertreter|vertreterin|nachfolger|nachfolgerin|"
    r"husband|wife|son|daughter|kid|father|mother|dad|mum|mom|brother|sister|uncle|aunt|nephew|niece|"
    r"cousin|partner|boyfriend|girlfriend|fiancée?|colleague|co-?worker|boss|manager|intern|apprentice|"
    r"assistant|employee|deputy|successor|business\s+partner|founder|co-?founder|ceo|cto|owner|director|"
    r"designer|developer|consultant|coach|gründer|gründerin|geschäftsführer|geschäftsführerin|inhaber|inhaberin|"
    r"entwickler|entwicklerin|berater|beraterin|trainer|trainerin)"
)
_WEAK_CUE = (
    r"(?:(?:ich\s+)?bin\s+(?:der|die)|ich\s+bin|i\s+am|i'm|i’m|im|this\s+is|it's|its|loop\s+in|forward\s+(?:this\s+)?to|"
    r"weiterleiten\s+an|hier\s+(?:ist|spricht|schreibt)(?:\s+(?:der|die|da))?|"
    r"hallo|hello|hi|hey|moin|servus|grüezi|grüß\s+gott|liebe|lieber|dear|an|to|cc|von|from|mit|with)"
)
# The last word of a street's or a building's name, not of a person's ("Baker Street", "Victoria Station";
# "Lane", "Hill" and "Park" are surnames too).
PLACE_TYPE = re.compile(
    r"(?i:street|road|avenue|boulevard|square|straße|strasse|platz|allee|gasse|station|airport|bridge|stadium|"
    r"arena|cathedral|museum|theatre|theater|bahnhof|hauptbahnhof|flughafen|brücke|stadion|dom|college|university)"
)
# Where a colleague belongs: "Hope from our HR team", "Summer aus unserem Praktikantenteam", "May in sales".
_TEAM = (
    r"(?:from|aus|von|vom|in|im|bei|at)[ \t]+(?:(?:our|the|my|unserem|unserer|unseren|dem|der|meinem|meiner)[ \t]+)?"
    r"(?:[\wäöü\-]+[ \t]+)?(?i:[\wäöü]*team|teams|department|abteilung|sales|marketing|hr|support|office|büro|"
    r"vertrieb|buchhaltung|accounting|finance|legal|design|operations|management|geschäftsführung|empfang|"
    r"reception|praktikum|internship|agency|agentur|firma|company|kanzlei)(?![\w])"
)
_COMPANY_SUFFIX = re.compile(
    r"[ \t]*(?:&|\+|(?:und\s+(?:partner|söhne|sohn)|and\s+sons|gmbh|ag|kg|ug|ohg|gbr|e\.\s?k|se|ltd|inc|llc|plc|co|"
    r"bau|design|consulting|group|gruppe|holding|immobilien|verlag|studio|studios|clinic|klinik|praxis|dental|"
    r"shelter|salon|café|cafe|bakery|bäckerei|restaurant|hotel|shop|store|agency|agentur|gym|school|schule|"
    r"academy|akademie|center|centre|zentrum|foundation|stiftung|verein|kanzlei|apotheke|pharmacy|"
    r"outdoor|architects|architekten|partners|solutions|services|media|marketing|digital|coffee|roasters?|roastery|"
    r"brewery|brewing|kitchen|bistro|market|farm|works|labs?|collective|supply|supplies|goods|trading|fitness|yoga|"
    r"pilates|tattoo|barbershop|florist|winery|vineyard|photography|films|records|publishing|gallery|galerie|"
    r"manufaktur|rösterei|brauerei|weingut|estates|properties|realty|"
    # German trade compounds: "Schäfer Metallbau", "Öztürk Immobilien", "Krause Haustechnik"
    r"[\wäöüß]{2,}(?:bau|technik|handel|druck|logistik|transporte?|immobilien|reinigung|tischlerei|schreinerei|"
    r"bäckerei|metzgerei|gärtnerei|werkstatt|versand|vertrieb|elektrik|sanitär))(?![\wäöüß]))",
    re.IGNORECASE,
)
# Words before a capitalised word that make it a company, brand or place, not a person.
_NOT_BEFORE_LONE_NAME = {
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "the", "a", "an", "in", "im", "aus", "nach",
    "from", "to", "near", "bei", "nahe", "at", "ab", "via", "über", "von", "of", "on", "auf", "unser", "unsere",
    "our", "your", "eure", "euer", "ihre", "ihr", "mit", "with", "für", "for", "wie", "like", "&", "und", "and",
    "am", "beim", "vom", "zum", "zur", "gemäß", "laut", "per", "under", "pursuant",
}
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "the", "a", "an"}
# ... except that before a distinctive first name these link people: "bei Clemens", "Svetlana und Dirk".
_BEFORE_PEOPLE = {"bei", "mit", "für", "von", "an", "und", "and", "with", "for", "to", "from"}
# Capitalised pronouns ("Haben Sie Erfahrung") are never the first half of a name.
_PRONOUNS = {"ich", "du", "er", "sie", "es", "wir", "ihr", "i", "you", "he", "she", "it", "we", "they"}
# After a capitalised first word these make it an imperative verb, not a name: "Mark my words".
_OBJECT_WORDS = {"my", "your", "me", "you", "it", "the", "this", "that", "us", "mein", "meine", "dein", "deine",
                 "mich", "dich", "mir", "dir", "es", "den", "die", "das", "uns", "euch", "ihnen"}
# "… hier aus Kiel", "… here from Acme", "… here again": how a self-introduction goes on.
_INTRODUCTION_GOES_ON = re.compile(r"[ \t]+(?i:hier|here)[ \t,]+(?i:aus|from|von|vom|bei|at|again|wieder|nochmal)(?!\w)")
# Only punctuation, emoji and spaces left: the end of a message.
_MESSAGE_END = re.compile(r"[\W_]*$")
# A surname shortened to its initial after a name: "Klaus M.".
_TRAILING_INITIAL = re.compile(rf"[ \t][{_UPPER}]\.(?![\w])(?![ \t]?\d)")
# "Art. 17", "Nr. 5", "Abs. 2": an abbreviation before a number, not a name.
_ABBREVIATION_BEFORE_NUMBER = re.compile(r"\.[ \t]?\d")
_SIGN_OFF = (
    r"(?:(?:viele|liebe|beste|freundliche|herzliche|schöne|sonnige|mit\s+freundlichen|mit\s+besten|"
    r"kind|best|warm|warmest)\s+)?(?:grüße|grüsse|gruß|gruss|grüßen|grüssen|regards|wishes)"
    r"|lg|vg|mfg|bg|cheers|thanks|thank\s+you|many\s+thanks|danke|vielen\s+dank|tschüss|ciao|ta|"
    r"bis\s+(?:bald|dann|später|morgen)|see\s+you|talk\s+(?:soon|later)|speak\s+soon|later|"
    r"sincerely|yours(?:\s+sincerely|\s+truly)?|best|all\s+the\s+best|greetings|xoxo|servus|baba|adieu"
)

# Between a sign-off and the name: a comma or the like, then a line break or at least one blank
# ("Grüße, Anna", "Cheers\n Olu"); each run of blanks is taken whole (three optional runs in a row
# would be divided in every possible way on a long one).
_AFTER_SIGN_OFF = (
    r"(?:[ \t]*(?![ \t])[,!.]?[ \t]*(?![ \t])\r?\n[ \t]*(?![ \t])|[ \t]*(?![ \t])[,!.][ \t]+(?![ \t])|[ \t]+(?![ \t]))"
)


# Patterns without a cue: only a known first name makes their match a name (see ``validate``).
_NEEDS_KNOWN_FIRST_NAME = ("lone_first_name", "known_first_name", "lowercase_full_name", "colleague", "genitive")
# Patterns whose first name may stand in the German genitive ("Martins Vorschlag").
_GENITIVE_ALLOWED = ("genitive", "lone_first_name")
# Patterns that can only match with capitals, or only in a message without any.
_CASED_ONLY = (
    "title", "initial", "signature_line", "vocative", "lone_first_name", "known_first_name", "colleague", "genitive",
    "possessive_relation",
)
_UNCASED_ONLY = ("lowercase_full_name",)


@Language.factory("pii_person_cues")
class PersonCueRecognizer(PatternRecognizer):
    """Names after naming phrases, titles, greetings and sign-offs."""

    label = PERSON
    patterns = (
        Pattern(
            "title",
            re.compile(rf"(?<![\w.])(?:{_TITLE}[ \t]+){{1,3}}(?=(?P<name>(?:{_PARTICLE}[ \t]){{0,2}}{_CAP_FULL}))"),
            0.9,
            hints=_TITLE_WORDS,
        ),
        Pattern(
            "title_any_case",
            re.compile(rf"(?<![\w.])(?i:{_TITLE_ANY_CASE})[ \t]+(?=(?P<name>{_ANY_NAME}(?:[ \t]{_ANY_NAME})?))"),
            0.8,
            group="name",
            hints=_TITLE_WORDS,
        ),
        Pattern(
            "strong_cue",
            re.compile(rf"(?<!\w)(?i:{_STRONG_CUE})[ \t]*(?=(?P<name>{_ANY_FULL}))"),
            0.9,
            group="name",
            hints=_STRONG_CUE_WORDS,
        ),
        Pattern(
            "relation",
            re.compile(rf"(?<!\w)(?i:{_RELATION})[ \t,]+(?=(?P<name>{_ANY_FULL}))"),
            0.85,
            group="name",
            hints=_POSSESSIVES,
        ),
        Pattern(
            "initial",
            # not "z. B. Google", "u. a. Meier"
            re.compile(rf"(?<![\w.])(?<![a-zäöü]\.[ \t])(?=(?P<name>{_INITIAL}{_CAP_NAME}))"),
            0.8,
            group="name",
        ),
        Pattern(
            "self_intro",
            re.compile(rf"(?:^|(?<=[\n,!]))[ \t]*(?=(?P<name>{_ANY_FULL})[ \t]+(?i:hier|here)(?![\w]))"),
            0.75,
            group="name",
            hints=frozenset({"hier", "here"}),
        ),
        Pattern(
            "weak_cue",
            re.compile(rf"(?<!\w)(?i:{_WEAK_CUE})[ \t,]+(?=(?P<name>{_ANY_FULL}))"),
            0.8,
            group="name",
        ),
        Pattern(
            "sign_off",
            re.compile(rf"(?:^|(?<=[\s,.!]))(?i:{_SIGN_OFF}){_AFTER_SIGN_OFF}(?=(?P<name>{_ANY_FULL}))"),
            0.85,
            group="name",
            hints=_SIGN_OFF_WORDS,
        ),
        Pattern(
            "signature_line",
            re.compile(
                rf"(?:^|(?<=[\s,.!]))(?i:{_SIGN_OFF})[^\n]{{0,40}}\r?\n[ \t]*(?=(?P<name>{_CAP_FULL})[ \t]*(?:\r?\n|$))"
            ),
            0.85,
            group="name",
            hints=_SIGN_OFF_WORDS,
            requires='\n',
        ),
        Pattern(
            "vocative",
            re.compile(rf"(?<=,)[ \t]+(?=(?P<name>{_CAP_NAME})[ \t]*[!.?]*[ \t]*(?:\r?\n|$))"),
            0.75,
            group="name",
        ),
        Pattern(
            "lone_first_name",
            re.compile(
                rf"(?:(?<=[{_LOWER},;:–—(][ \t])|(?<=\()|^[ \t]*|(?<=[.!?\n][ \t])|(?<=\n)|(?<=[ \t]@)|(?<=^@))"
                rf"(?=(?P<name>{_CAP_NAME})(?![ \t]+(?:[{_UPPER}](?!\.)|&)))"
            ),
            0.6,
            group="name",
        ),
        Pattern(
            # a known first name, even one that is also a word, where a colleague is meant
            "colleague",
            re.compile(rf"(?<![\w.@/\-])(?=(?P<name>{_CAP_NAME}(?:[ \t]{_CAP_NAME}){{0,2}})[ \t]+{_TEAM})"),
            0.75,
            group="name",
        ),
        Pattern(
            # "Matteo's sister": whose relative is named
            "possessive_relation",
            re.compile(
                rf"(?<![\w.@/\-])(?=(?P<name>{_CAP_NAME})['’]s[ \t]+(?i:sister|brother|wife|husband|mum|mom|dad|"
                rf"son|daughter|partner|boyfriend|girlfriend|colleague|boss|assistant)(?![\w]))"
            ),
            0.75,
            group="name",
        ),
        Pattern(
            # German genitive before a noun: "Martins Vorschlag", "auf Julias Mail"
            "genitive",
            re.compile(rf"(?<![\w.@/\-])(?=(?P<name>[{_UPPER}][{_LOWER}]+s)[ \t]+[{_UPPER}][{_LOWER}]+)"),
            0.7,
            group="name",
        ),
        Pattern(
            "lowercase_full_name",
            re.compile(rf"(?<![\w.@/\-])(?=(?P<name>[{_LOWER}]{{3,}}[ \t][{_LOWER}]{{3,}}(?:-[{_LOWER}]{{3,}})?){_END})"),
            0.7,
            group="name",
        ),
        Pattern(
            "known_first_name",
            re.compile(rf"(?<![\w.@/\-])(?=(?P<name>{_CAP_NAME}(?:[ \t](?:{_PARTICLE}[ \t]){{0,2}}{_CAP_NAME}){{1,2}}))"),
            0.75,
            group="name",
        ),
    )

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.first_names = word_set("first_names")
        self.not_names = word_set("not_names")
        self.common_words = word_set("common_words")
        self.english_words = word_set("english_words")
        self._cased_patterns = [p for p in self.patterns if p.name not in _UNCASED_ONLY]
        self._uncased_patterns = [p for p in self.patterns if p.name not in _CASED_ONLY]

    def active_patterns(self, text: str) -> Sequence[Pattern]:
        """Patterns for capitalised names need a capital letter, the lowercase one none at all;
        cue patterns need one of their cue words (``hints``)."""
        cased = text != text.lower()
        return self._meeting_hints(self._cased_patterns if cased else self._uncased_patterns, text)

    def refine(self, match, pattern, text, lang):
        """Keep the name words only: stop at the first word that is never part of a name."""
        name_start, name_end = match.span("name")
        if pattern.name == "initial":  # "K. Young": after an initial, even an everyday word is a surname
            return name_start, name_end
        first_word = text[name_start:name_end].split()[0]
        known = self._known_first(first_word) if pattern.name in _GENITIVE_ALLOWED else first_word.lower() in self.first_names
        if pattern.name in _NEEDS_KNOWN_FIRST_NAME and not known:
            if pattern.name != "colleague" or len(text[name_start:name_end].split()) < 2:
                return name_start, name_start  # cheap early exit for the cue-less patterns
        words = re.finditer(r"\S+", text[name_start:name_end])
        kept_end = name_start
        lowercase = not text[name_start].isupper()
        for position, word in enumerate(words):
            particle = position > 0 and re.fullmatch(_PARTICLE, word.group()) is not None
            # after "my name is"/"name:" or before "here", a capitalised word goes on the name ("Jennifer Wood");
            # after a weaker cue, the one word after the first name ("I'm Hannah Young")
            introduced = (
                pattern.name in ("self_intro", "strong_cue", "weak_cue", "sign_off")
                and position > 0
                and word.group()[0].isupper()
                and word.group().lower() not in _STOP_WORDS
                and word.group().lower() not in _SIGN_OFF_WORDS
                and (pattern.name in ("self_intro", "strong_cue") or position == 1)
            )
            vouched = pattern.name in ("colleague", "relation") and word.group()[0].isupper()
            if word.group().lower() in self.not_names and not particle and not introduced and not vouched and not (
                position == 0 and self._name_despite_common_word(text[name_start:name_end].split())
            ):
                break
            if position > 0 and not self._could_continue(word.group(), position, lowercase):
                break
            if position > 0 and pattern.name in ("title_any_case", "relation") and word.group()[0].islower():
                break  # "an herrn schäfer weiterleiten", "mein sohn luca hat": one lowercase word is the name
            if position > 0 and (_COMPANY_SUFFIX.fullmatch(" " + word.group()) or PLACE_TYPE.fullmatch(word.group())):
                break  # "von Öztürk Immobilien", "to Trinity College": the name ends (``validate`` then sees it)
            if not particle:  # "mehmet von der Autowerkstatt": a particle only joins a following name word
                kept_end = name_start + word.end()
        if kept_end == name_start:
            return name_start, name_start
        initial = _TRAILING_INITIAL.match(text, kept_end)  # "ein Klaus M. hat geschrieben"
        if initial and len(text[name_start:kept_end].split()) <= 2:
            kept_end = initial.end()
        return (match.start() if pattern.name == "title" else name_start), kept_end

    def _name_despite_common_word(self, words: List[str]) -> bool:
        """"Will Hargreaves", "Summer Lindqvist": a first name that is also a word, then a surname."""
        return (
            len(words) > 1
            and words[0].lower() not in _PRONOUNS
            and words[0].lower() not in _POSSESSIVES  # "My LinkedIn", "Eure Website"
            and words[0][:1].isupper()
            and words[0].lower() in self.first_names
            and words[1][:1].isupper()
            and words[1].lower() not in self.not_names
            and words[1].lower() not in self.common_words  # "Meta Business", "Media Partner"
        )

    def _known_first(self, word: str) -> bool:
        """A known first name, also in the German genitive ("Martins Vorschlag") unless that is a word."""
        lowered = word.lower()
        if lowered in self.first_names:
            return True
        base = lowered[:-1]
        return lowered.endswith("s") and len(base) >= 4 and base in self.first_names and not self._common(word)

    def _distinctive_first(self, word: str) -> bool:
        """A known first name that is no everyday word ("Clemens", "Dirk", not "Rose" or "Paris")."""
        return self._known_first(word) and not self._common(word)

    def _common(self, word: str) -> bool:
        """A word of the everyday lists (common and never-name words, stop words); unlike
        ``_vocabulary`` without the long English dictionary, which holds "dirk" and "martins"."""
        lowered = word.lower()
        return lowered in self.common_words or lowered in self.not_names or lowered in _STOP_WORDS

    def _vocabulary(self, word: str) -> bool:
        """A word our word lists know as something other than a name: an everyday word or an English one."""
        return self._common(word) or word.lower() in self.english_words

    def _everyday_word(self, name: str) -> bool:
        """A stop word ("us", "dann"), or a lowercase everyday word ("friend") after a weak cue."""
        words = name.split()
        first = words[0].lower()
        if self._name_despite_common_word(words):
            return False
        return first in self.common_words and (words[0].islower() or len(first) <= 3 or first in _STOP_WORDS)

    def _could_continue(self, word: str, position: int, lowercase: bool) -> bool:
        """Capitalised words, known first names, particles, and a lowercase surname after a first name."""
        if word[0].isupper() or word.lower() in self.first_names or re.fullmatch(_PARTICLE, word):
            return True
        return lowercase and position == 1

    def validate(self, value, match, text, lang) -> Optional[bool]:
        """Titles, strong cues and signature lines vouch for a capitalised name; cue-less
        full names need a known first name; other cues need the first word to be one."""
        name = match.group("name")
        first = name.split()[0].lower()
        kind = self.pattern_of(match).name
        if kind == "colleague":  # "Hope from our HR team": the team vouches even for a word-like name
            words = name.split()
            if first in _PRONOUNS or first in _POSSESSIVES:
                return False
            known = self._known_first(words[0]) or all(not self._vocabulary(word) for word in words[1:] + words[:1])
            return None if known else False
        if kind == "title_any_case":
            following = text[match.start("name") + len(value) :]
            return False if _COMPANY_SUFFIX.match(following) else self._after_title(value, match.group(0))
        if kind == "genitive":
            return self._genitive(name, text[: match.start("name")])
        if kind == "possessive_relation":
            return None if self._known_first(name) or not self._vocabulary(name) else False
        if kind == "relation" and name[0].isupper() and first not in _STOP_WORDS:
            return None  # "our intern Hope", "my colleague Will…": the relation vouches
        if first in self.not_names and not self._name_despite_common_word(name.split()):
            return False
        if _ABBREVIATION_BEFORE_NUMBER.match(text[match.start("name") + len(value) :]):
            return False  # "gemäß Art. 17 DSGVO"
        following_word = text[match.start("name") + len(value) :].split(None, 1)
        if following_word and PLACE_TYPE.fullmatch(following_word[0].strip(".,;:!?")):
            return False  # "Trinity College", "Victoria Station"
        if kind == "sign_off" and name[0].isupper() and _MESSAGE_END.match(text, match.start("name") + len(name)):
            if not any(self._vocabulary(word) for word in name.split()):
                return None  # "Cheers, Olu": the last words of a message after a sign-off
        if kind in ("weak_cue", "sign_off", "vocative", "lone_first_name") and self._everyday_word(name):
            return False  # "get back to us", "ich bin dann mal weg", "hi friend"
        if kind == "known_first_name":
            return self._known_full_name(name, text[match.end("name") :])
        if kind == "lowercase_full_name":
            return self._lowercase_full_name(name, text)
        if kind == "lone_first_name":
            return self._lone_first_name(name, text[: match.start("name")], text[match.end("name") :])
        capitalised = name[0].isupper()
        if kind in ("title", "signature_line", "initial") or (capitalised and kind in ("strong_cue", "relation")):
            if kind in ("initial", "title") and _COMPANY_SUFFIX.match(text[match.end("name") :]):
                return False  # "S. Fischer Verlag", "Kanzlei Dr. Hoffmann & Partner"
            return None
        if kind == "self_intro":
            return self._self_introduction(name, text[match.end("name") :])
        if capitalised and re.match(_INITIAL, name):
            return None  # "H. Obermaier" after a greeting or sign-off
        if _COMPANY_SUFFIX.match(text[match.start("name") + len(value) :]):
            return False  # "mit Otto und Partner", "an Smith & Jones"
        return None if first in self.first_names else False

    def _lowercase_full_name(self, name: str, text: str) -> Optional[bool]:
        """"thomas müller" in a message without any capitals: a distinctive first name and then a
        word that is no everyday word; casing says nothing there, so the words must."""
        if any(char.isupper() for char in text):
            return False
        first, last = name.split(None, 1)
        if first in self.common_words or first in self.not_names or first in _STOP_WORDS or first in self.english_words:
            return False
        if last in self.common_words or last in self.not_names or last in _STOP_WORDS or last in self.first_names:
            return False
        if last in self.english_words:  # "my math homework"
            return False
        return None if not _COMPANY_SUFFIX.match(text[text.find(name) + len(name) :]) else False

    def _self_introduction(self, name: str, after: str) -> Optional[bool]:
        """"Hauke hier aus Kiel", "june here": a known first name, or a capitalised word that
        is no everyday word when the wording goes on like an introduction ("… hier aus Kiel")."""
        words = name.split()
        if self._everyday_word(name) or words[0].lower() in _STOP_WORDS:
            return False
        if words[0].lower() in self.first_names:
            return None
        if len(words) > 1 and all(word[0].isupper() and not self._vocabulary(word) for word in words):
            return None  # "Nguyễn Thị Lan hier": a full name no dictionary knows
        introduction = _INTRODUCTION_GOES_ON.match(after) is not None
        return None if name[0].isupper() and introduction and words[0].lower() not in self.common_words else False

    def _lone_first_name(self, name: str, before: str, after: str) -> Optional[bool]:
        """"Sag Moritz bitte …": a known first name mid-sentence, unless a capitalised word, an
        article or a place preposition before it makes it part of a company or town name."""
        previous = before.split()[-1].lstrip("\"'„“‚‘«»@") if before.split() else ""
        if not self._known_first(name) or name.lower() in self.not_names or len(name) < 3:
            return False
        if _TRAILING_INITIAL.match(after):
            return None  # "ein Klaus M.": a name with the initial of a surname
        if not before.strip() or before.rstrip()[-1] in ".!?\n":  # sentence start: "Nina übernimmt das"
            following = after.split(None, 1)[0].lower() if after.split() else ""
            if after[:2] in ("'s", "’s") and name.lower() not in self.common_words:
                return None  # "Anna's laptop died"
            if name.lower() in self.common_words or after[:1] not in (" ", "\t") or following in _OBJECT_WORDS:
                return False  # "Mark my words", "Call me"
            return None
        head = before.rstrip()[: -len(previous)].rstrip(" \t") if previous else ""
        sentence_start = not head or head[-1] in ".!?:\n"
        linked = self._distinctive_first(name) and (
            previous.lower() in _BEFORE_PEOPLE or self._colloquial_article(previous, head)
        )
        if (previous[:1].isupper() and not sentence_start) or (previous.lower() in _NOT_BEFORE_LONE_NAME and not linked):
            return False  # "New York", "bei der Otto", "in Basel"
        return False if _COMPANY_SUFFIX.match(after) else None

    def _after_title(self, name: str, title: str) -> Optional[bool]:
        """"frau Schuster", "mr krause": a capitalised word after any title (not a company: "Kanzlei
        Dr. Hoffmann & Partner", checked by the caller); a lowercase one only if no word list knows it
        and, after a German title, it does not look like a verb."""
        word = name.split()[0]
        lowered = word.lower()
        if lowered in _STOP_WORDS or lowered in self.not_names or _COMPANY_SUFFIX.fullmatch(" " + word):
            return False
        if word[0].isupper():
            return None
        if title.strip().lower().startswith(("herr", "frau", "hr", "fr")):
            # German surnames are often nouns ("herr vogel", "frau koch"); verbs are what follows otherwise
            return False if _VERB_ENDING.search(lowered) else None
        return False if lowered in self.english_words or lowered in self.common_words else None

    @staticmethod
    def _colloquial_article(previous: str, head: str) -> bool:
        """"bitte den Georg in cc", "die Vroni ist zuständig": southern German puts an article before
        a first name; not after a preposition ("bei der Otto" is the company), not as the capitalised
        article that starts a sentence ("Der Link zu …")."""
        before_article = head.split()[-1].lower() if head.split() else ""
        return previous in ("der", "die", "den", "dem") and bool(head) and before_article not in _NOT_BEFORE_LONE_NAME

    def _genitive(self, name: str, before: str) -> Optional[bool]:
        """"Martins Vorschlag", "auf Julias Mail": a distinctive first name plus s, not after an article."""
        previous = before.split()[-1].lower() if before.split() else ""
        if not self._distinctive_first(name):
            return False
        return False if previous in _ARTICLES else None

    def _known_full_name(self, name: str, following: str) -> Optional[bool]:
        """"Frank Liebig" without a cue: a known first name + capitalised words, not a company."""
        words = name.split()
        names = [w for w in words if not re.fullmatch(_PARTICLE, w)]
        if words[0].lower() not in self.first_names or any(w.lower() in self.not_names for w in names[1:]):
            return False
        if words[0].lower() in self.not_names and not self._name_despite_common_word(words):
            return False
        if _COMPANY_SUFFIX.fullmatch(" " + words[-1]):
            return False  # "Riverside Yoga Studio"
        if PLACE_TYPE.fullmatch(words[-1]):
            return False  # "The Baker Street location"
        return False if _COMPANY_SUFFIX.match(following) else None
