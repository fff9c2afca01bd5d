"""Statements about a person's health (GDPR Art. 9): "ich habe Diabetes", "my son has ADHD".

A condition word alone ("Diabetes-Kampagne", "healthcare clients") is business talk;
it becomes health data when a person is its subject. So the pattern is subject
("ich habe", "meine Tochter hat", "I'm", "diagnosed with", "meine …") + up to three
words + a condition (and a second condition close after it: "nach der Knie-OP in der
Reha"), or, in a German subordinate clause, condition + verb ("dass ich eine
Glutenunverträglichkeit habe"); the whole statement is redacted.
"""

import re

from spacy.language import Language

from ..labels import HEALTH
from ..resources import word_set
from .base import Pattern, PatternRecognizer, list_alternation, words_in_order

_RELATIVES = (
    r"sohn|tochter|kind|kinder|kleine|kleiner|mann|frau|ehemann|ehefrau|partner|partnerin|freund|freundin|"
    r"mutter|mama|vater|papa|bruder|schwester|oma|opa|großmutter|großvater|kollege|kollegin|chef|chefin|baby|"
    r"son|daughter|kid|kids|child|husband|wife|boyfriend|girlfriend|mother|mom|mum|father|dad|brother|"
    r"sister|grandma|grandpa|grandmother|grandfather|colleague|boss|fiancée?|verlobte|verlobter|"
    r"founder|ceo|intern|employee|assistant|gründer|gründerin|mitarbeiter|mitarbeiterin|praktikant|praktikantin|azubi"
)
# the possessives that make a relative the subject ("meine Tochter", "his wife")
_POSSESSIVES_DE = r"mein|meine|meinem|meiner|unser|unsere|unserem|unserer|sein|seine|seinem|seiner|ihr|ihre|ihrem|ihrer"
_POSSESSIVES_EN = r"my|our|his|her|their"
# the verbs that carry a health statement, by person; an adverb may stand between subject and verb
_VERBS_DE_FIRST = (
    r"habe|hab|hatte|leide|litt|nehme|nahm|bekomme|kriege|bin|war|muss|brauche|kämpfe|lebe|erwarte|wurde|werde|"
    r"liege|lag|sitze|saß|gehe"
)
_VERBS_DE_THIRD = (
    r"hat|hatte|leidet|litt|nimmt|ist|war|bekommt|braucht|muss|kämpft|lebt|erwartet|wurde|wird|liegt|lag|sitzt|saß|"
    r"geht|starb"
)
_VERBS_EN_FIRST = (
    r"have|had|suffer|suffered|take|took|am|was|got|need|struggle|struggled|live|lived|deal|dealt|"
    r"battle|battled|fight|fought|cope|use|go|survived|tested|was\s+told"
)
_VERBS_EN_THIRD = (
    r"has|had|suffers|suffered|is|was|takes|took|got|needs|struggles|struggled|lives|lived|deals|dealt|"
    r"battles|battled|fights|fought|copes|uses|goes|gave|just\s+gave|died|passed\s+away|survived|tested"
)
# "meine Schwester Leonie ist …", "mein sohn luca hat …": the relative's name may follow the relation word
_NAMED = r"(?:\s+[\wäöüß'’\-]+)?"
_ADVERB = r"(?:\s+(?:just|also|recently|currently|still|now|actually|both|gerade|auch|leider|noch|jetzt|aktuell|beide))?"
_SUBJECTS = (
    rf"(?:ich\s+)?(?:{_VERBS_DE_FIRST})"
    rf"|(?:{_POSSESSIVES_DE})\s+(?:{_RELATIVES}){_NAMED}{_ADVERB}\s+(?:{_VERBS_DE_THIRD})"
    rf"|(?:{_POSSESSIVES_EN})\s+(?:{_RELATIVES}){_NAMED}(?:'s|’s|{_ADVERB}\s+(?:{_VERBS_EN_THIRD}))"
    rf"|i{_ADVERB}\s+(?:{_VERBS_EN_FIRST})|i've(?:\s+got)?|i’ve|i'm|i’m|ive|i\s+m"
    # "we" is mostly the business ("we're a rehab clinic"); as a couple it expects a baby
    r"|(?:we(?:'re|’re|\s+are)|wir)(?=\s+(?:expecting|erwarten|bekommen)\s)"
    r"|(?:bei\s+mir|mir|bei\s+(?:meinem|meiner|unserem|unserer)\s+\w+)\s+(?:wurde|wurden|ist|sind|hat\s+man)"
    r"|(?:(?:was|were|got|been|is|has\s+been|have\s+been)\s+)?diagnosed\s+with|diagnostiziert|diagnose:?|diagnosis:?"
    # a relative clause: "my colleague Bartosz, who is in a psychiatric clinic"
    rf"|(?:who|der|die)\s+(?:{_VERBS_EN_THIRD}|{_VERBS_DE_THIRD})"
    rf"|(?:wegen|mit|trotz|seit|nach|vor|aufgrund)\s+(?:{_POSSESSIVES_DE}|meinen|seinen|ihren)"
    rf"|(?:because\s+of|with|due\s+to|since|after|following|from)\s+(?:{_POSSESSIVES_EN})"
    # third persons: a pronoun or a capitalised name/role before the verb ("Lucy is recovering …");
    # the name itself is left to the PERSON detectors (see ``refine``); bounded, since it may start
    # after every hyphen of a long run
    rf"|(?P<third>(?:er|sie|he|she|they|(?-i:[A-ZÄÖÜ][\wäöüß'’\-]{{1,40}})){_ADVERB}\s+)(?:{_VERBS_DE_THIRD}|{_VERBS_EN_THIRD})"
    r"|(?:he|she)(?:'s|’s)"
    # treatment and recovery read as health data whoever the subject is
    r"|having|getting|undergoing|receiving|recovering\s+from|erholt\s+sich\s+von|erhole\s+mich\s+von"
)
_BODY_PART = (
    r"leg|arm|wrist|ankle|hip|knee|back|foot|hand|shoulder|neck|finger|rib|ribs|collarbone|acl|"
    r"bein|handgelenk|knöchel|hüfte|knie|fuß|fuss|schulter|rücken|hals|rippe|rippen|schlüsselbein|kreuzband|"
    r"(?:[\wäöüß]{3,})?(?:bruch|riss)"
)
_CONDITIONS = (
    r"diabetes|diabetiker(?:in)?|diabetic|typ[- ]?[12][- ]diabetes|krebs|brustkrebs|darmkrebs|hautkrebs|"
    r"lungenkrebs|prostatakrebs|leukämie|cancer|breast\s+cancer|leukemia|tumou?r|hirntumor|"
    r"depressionen|depression|depressiv|depressed|burn-?out|angststörung(?:en)?|angstzustände|panikattacken|"
    r"anxiety(?:\s+disorder)?|panic\s+attacks|adhs|adhd|(?-i:ADS|ADD)|autismus|autist(?:in)?|autistic|autism|"
    r"asperger|epilepsie|epilepsy|multiple[rn]?\s+sklerose|multiple\s+sclerosis|(?-i:MS)(?!\s?(?:Office|Teams|Word|Excel))|"
    r"asthma|hiv|aids|hepatitis(?:\s?[abc])?|bluthochdruck|high\s+blood\s+pressure|hypertension|"
    r"herzinsuffizienz|herzinfarkt|heart\s+attack|heart\s+failure|schlaganfall|stroke|rheuma|arthritis|arthrose|"
    r"migräne|migraines?|tinnitus|long[- ]?covid|covid(?:-19)?|corona|parkinson(?:'s)?|alzheimer(?:'s)?|"
    r"demenz|dementia|schizophrenie|schizophrenia|bipolar(?:e\s+störung|\s+disorder)?|borderline|ptbs|ptsd|"
    r"ocd|zwangsstörung(?:en)?|essstörung|eating\s+disorder|magersucht|anorexie|anorexia|bulimie|bulimia|"
    r"adipositas|obesity|zöliakie|celiac(?:\s+disease)?|coeliac(?:\s+disease)?|morbus\s+crohn|crohn's|"
    r"colitis(?:\s+ulcerosa)?|endometriose|endometriosis|schwanger|pregnant|schwangerschaft|pregnancy|"
    r"fehlgeburt|miscarriage|unfruchtbar|infertility|infertile|chemo(?:therapie|therapy)?|bestrahlung|"
    r"radiation\s+therapy|dialyse|dialysis|insulin|antidepressiva|antidepressants?|ritalin|psychopharmaka|"
    r"methadon|methadone|lithium|betablocker|beta\s+blockers|blutverdünner|blood\s+thinners|"
    r"psychotherapie|verhaltenstherapie|therapie|therapy|psychiatrie|psychiatric|reha|rehab|"
    r"krankgeschrieben|krank|sick\s+leave|sick(?!\s+(?:of|and\s+tired))|ill|schwerbehindert|schwerbehinderung|behinderung|behindert|"
    r"disabled|disability|rollstuhl|wheelchair|gehörlos|taub|deaf|blind|sehbehindert|visually\s+impaired|"
    r"legasthenie|legastheniker(?:in)?|dyslexia|dyslexic|dyskalkulie|allergie|allergisch|allergy|allergic|"
    r"laktoseintoleran[tz]|lactose\s+intolerant|suchtkrank|alkoholiker(?:in)?|alkoholsucht|alcoholic|"
    r"alcoholism|drogenabhängig|addiction|addicted|(?-i:Sucht)|übergewicht|medikamente|medication|meds|"
    r"krankheit|erkrankung|illness|chronic\s+pain|chronische\s+schmerzen|bandscheibenvorfall|herzfehler|"
    r"long\s+covid|pflegegrad|pflegestufe|hörgerät|hearing\s+aid|prothese|"
    r"schwerhörig|hörbehindert|epileptiker(?:in)?|epileptic|farbenblind|colou?r\s?blind|"
    r"(?:hearing|visual|vision|speech|mobility|cognitive)\s+(?:impairment|loss|problems?)|"
    r"chronic\s+fatigue|fatigue\s+syndrome|me/cfs|fibromyalgi[ae]|lupus|thrombose|thrombosis|"
    r"surgery|operation|operiert|(?-i:OP)|eingriff|"
    r"(?:sucht|reha|entzugs|psychiatrische|psychosomatische)[\-]?klinik|psychiatrie|entzug|"
    r"(?:in|im|ins)\s+(?:the\s+)?(?:hospital|krankenhaus|spital)|"
    r"(?:chronic|medical|health|heart|back|skin|lung|kidney|liver|thyroid|autoimmune|genetic|neurological|"
    r"mental\s+health|rare)\s+(?:condition|disease|disorder|problems?|issues?)|"
    r"seeing\s+a\s+(?:therapist|psychiatrist|psychologist|counsell?or|specialist)|"
    r"(?:beim?|zum|zur|bei\s+einer?)\s+(?:psychologen|psychologin|psychiater(?:in)?|therapeuten|therapeutin|"
    r"psychotherapeuten|psychotherapeutin|onkologen)|"
    r"(?:out\s+of|aus\s+dem)\s+(?:the\s+)?(?:hospital|krankenhaus|spital)|"
    r"stutter|stammer|stottern|"
    r"(?:[\wäöü]+(?:ischer|licher|ärer|iver)\s+)behandlung|"
    r"(?:zur|zum|eine|einer|die|der|meine|meiner|seine|seiner|ihre|ihrer)\s+op(?![\w])|"
    r"ms(?=\s*(?:$|[.,!?;]|\s+(?:and|und|so|since|seit)(?![\w])))|"
    r"grippe|influenza|flu|erkältung|erkältet|fieber|fever|magen-darm|norovirus|painkillers?|schmerzmittel|"
    r"a&e|notaufnahme|emergency\s+room|psychiatric\s+(?:clinic|hospital|ward|unit)|"
    rf"broken\s+(?:{_BODY_PART})|gebrochene[nmrs]?\s+(?:{_BODY_PART})|"
    r"(?:positive|positiv)\s+(?:for|on|auf)\s+(?:covid(?:-19)?|corona|hiv|influenza|flu)|type\s?[12]\s+diabetes|"
    r"nervenzusammenbruch|breakdown|herz-?op|bypass|transplant(?:ation)?|impfschaden|"
    # pregnancy and birth
    r"expecting\s+(?:a\s+baby|a\s+child|twins|(?:our|my|her|their)\s+(?:first|second|third)\s+(?:baby|child))|"
    r"ein\s+(?:baby|kind)\s+(?:erwarten|erwartet|erwarte|bekommen)|"
    r"(?:(?<=erwarte\s)|(?<=erwarten\s)|(?<=erwartet\s)|(?<=bekomme\s)|(?<=bekommen\s)|(?<=bekommt\s))"
    r"(?:ein\s+(?:baby|kind)|zwillinge|nachwuchs)|"
    r"(?:(?<=gave\s)|(?<=given\s))birth|gave\s+birth|given\s+birth|entbunden|in\s+den\s+wehen|in\s+labou?r"
)
# The curated list of conditions, treatments and impairments (resources/health_conditions.txt).
_LISTED_CONDITIONS = list_alternation(word_set("health_conditions"))
# The long list is tried only where one of its entries' first content words occurs (see ``Pattern.hints``).
_LEADING_WORDS = {"in", "im", "on", "under", "at", "a", "an", "the"}  # "in behandlung": "behandlung" is the hint
_LISTED_FIRST_WORDS = frozenset(
    next((word for word in words if word not in _LEADING_WORDS), words[0])
    for words in map(words_in_order, word_set("health_conditions"))
    if words
)
# German compounds name a condition by their last part: "Glutenunverträglichkeit",
# "Nussallergie", "Schilddrüsenerkrankung", "Angststörung", "Neurodermitis".
_COMPOUND_CONDITION = (
    r"[\wäöüß]{3,}(?:unverträglichkeit|intoleranz|allergie|erkrankung|störung|krankheit|syndrom|schwäche|"
    r"insuffizienz|entzündung|itis|krebs|tumor|sucht|leiden|behinderung|lähmung|schaden|behandlung|therapie)"
    r"|[\wäöüß]{3,}-(?-i:OP)|[\wäöüß]{3,}-?operation"
)
_CONDITION_TAIL = (
    r"(?:[ \t]+(?:disease|disorder|syndrome|condition|attacks?|erkrankung|störung|clinic|hospital|ward|klinik|"
    r"diagnostiziert|festgestellt|erkannt|diagnosed|krankgeschrieben|erkrankt|behandelt|in\s+behandlung|"
    r"gestorben|verstorben)(?!\w))?"
    r"(?:[ \t]+(?:typ|type)[ \t]?(?:[12]|i{1,2}|[ab])(?!\w))?"
    # how severe it is: "schwerbehindert (GdB 50)", "mit gdb 50"
    r"(?:[ \t]*\(?(?:mit[ \t]+|with[ \t]+)?(?:gdb|gds|pflegegrad)[ \t]*(?:von[ \t]+)?\d+\)?)?"
    # the cause or the body part belongs to the statement: "krankgeschrieben wegen Burnout",
    # "surgery on my knee", "broke his leg skiing"
    r"(?:[ \t]+(?:wegen|nach|mit|für|due\s+to|because\s+of|after|from|on|at|an|am|for|with|on\s+(?:my|his|her))"
    r"(?:[ \t]+(?:einer|einem|eines|einen|dem|der|des|a|an|the|my|his|her|meinem|meiner|seinem|seiner|ihrem|ihrer))?"
    r"[ \t]+[\wäöüß'’\-]+(?:[ \t]+(?-i:[A-ZÄÖÜ])[\wäöüß'’\-]+|"
    rf"[ \t]+(?:addiction|abuse|sucht|disorder|störung|disease|op|surgery|operation|injury|{_BODY_PART}))?)?"
    r"(?:[ \t]+\w+ing(?!\w))?"
    # where it keeps the person: "mit Burnout zu Hause"
    r"(?:[ \t]+(?:zu\s+hause|daheim|at\s+home|flach|im\s+bett|in\s+bed)(?!\w))?"
)
_BLANKS = r"[ \t]+(?![ \t])"
# up to three words between subject and condition; a time phrase ("seit drei Jahren", "for two years")
# counts as one
_TIME = (
    r"(?:(?:seit|vor|for|since|about|ab|bis|until|from|next)[ \t]+)?(?:[\w'’\-]+[ \t]+)?"
    r"(?:jahre?n?|monate?n?|wochen?|tage?n?|years?|months?|weeks?|days?)(?![\w])"
    # "seit dem Unfall", "since the accident"
    r"|(?:seit|since|nach|after)[ \t]+(?:dem|der|meinem|meiner|the|my)[ \t]+[\w\-]+"
)
# (each run of spaces is taken whole: the next part starts with a letter or digit, and a long run
# would otherwise be retried from every length before each of the many conditions)
_GAP = (
    rf"(?:{_BLANKS}(?:{_TIME}|\d{{1,2}}\.[ \t]+(?:woche|ssw|monat)|[\w'’\-]+|\d{{1,2}}\.)){{0,3}}?{_BLANKS}"  # "in der 20. Woche"
)


# how a condition ends: inflection ("miscarriages", "Allergien"), a test result, then the tail
_INFLECTION = r"(?:s|es|en|n|e)?"
_CONDITION_END = rf"{_INFLECTION}(?:[- ](?:positiv|negativ|positive|negative))?(?![\w-]){_CONDITION_TAIL}"
# a second condition close after the first: "nach ihrer Knie-OP gerade in der Reha"
_FURTHER = rf"(?:{_GAP}(?:{_CONDITIONS}|{_COMPOUND_CONDITION}){_CONDITION_END})?"


@Language.factory("pii_health")
class HealthRecognizer(PatternRecognizer):
    """Subject + condition within a clause; a condition word on its own is not redacted."""

    label = HEALTH
    patterns = (
        Pattern(
            "statement",
            re.compile(
                rf"(?<![\w])(?:{_SUBJECTS}){_GAP}(?:{_CONDITIONS}|{_COMPOUND_CONDITION}){_CONDITION_END}{_FURTHER}",
                re.IGNORECASE,
            ),
            0.75,
        ),
        Pattern(
            "listed_statement",
            re.compile(
                rf"(?<![\w])(?:{_SUBJECTS}){_GAP}(?:{_LISTED_CONDITIONS}){_CONDITION_END}{_FURTHER}",
                re.IGNORECASE,
            ),
            0.75,
            hints=_LISTED_FIRST_WORDS,
        ),
        Pattern(
            # German subordinate clauses put the verb last: "dass ich eine Glutenunverträglichkeit habe"
            "verb_last",
            re.compile(
                rf"(?<![\w])(?:ich|er|sie){_GAP}(?:{_CONDITIONS}|{_COMPOUND_CONDITION}){_INFLECTION}[ \t]+"
                r"(?:habe|hab|hat|hatte|bin|ist|war|leide|leidet|nehme|nimmt|bekomme|bekommt)(?![\w])",
                re.IGNORECASE,
            ),
            0.75,
        ),
        Pattern(
            "injury",
            re.compile(
                rf"(?<![\w])(?:broke|fractured|injured|hurt|sprained|tore|brach\s+sich|(?:hab|habe|hat|hatte)\s+(?:mir|sich)"
                rf"(?:\s+(?:beim|bei|im|in|auf)\s+(?:dem\s+|der\s+)?[\wäöüß\-]+)?)"
                rf"\s+(?:(?:my|his|her|their|den|die|das|meinen|meine|mein|seinen|seine|sein|ihren|ihre|ihr|einen|eine|ein)\s+)?"
                rf"(?:{_BODY_PART})(?:\s+(?:gebrochen|verletzt|gezerrt|verstaucht|operiert|gerissen|ausgekugelt|verdreht))?(?:\s+\w+ing)?(?![\w-])",
                re.IGNORECASE,
            ),
            0.75,
        ),
    )

    def refine(self, match, pattern, text, lang):
        """A third person's name before the verb is not part of the health statement."""
        start, end = match.span()
        if "third" in match.re.groupindex and match.group("third"):
            start = match.end("third")
        return start, end
