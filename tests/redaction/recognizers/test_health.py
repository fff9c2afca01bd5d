import pytest


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ich habe Diabetes und brauche Hilfe", "Ich habe Diabetes"),
        ("my son has ADHD.", "my son has ADHD"),
        ("ich bin schwanger", "ich bin schwanger"),
        ("Ich nehme Antidepressiva.", "Ich nehme Antidepressiva"),
        ("Bei mir wurde Brustkrebs diagnostiziert.", "Bei mir wurde Brustkrebs diagnostiziert"),
        ("I was diagnosed with multiple sclerosis", "diagnosed with multiple sclerosis"),
        ("Meine Tochter hat Epilepsie", "Meine Tochter hat Epilepsie"),
        ("I'm pregnant!", "I'm pregnant"),
        ("wegen meiner Depression", "meiner Depression"),
        ("Ich habe eine Nussallergie.", "Ich habe eine Nussallergie"),
        ("Meine Frau hat eine Schilddrüsenerkrankung", "Meine Frau hat eine Schilddrüsenerkrankung"),
        ("I have Crohn's disease, sorry", "I have Crohn's disease"),
    ],
)
def test_finds_health_statements(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Wir arbeiten in der Gesundheitsbranche.",
        "We have many healthcare clients.",
        "Ich habe Google Ads ausprobiert.",
        "Wir verkaufen Diabetes-Messgeräte.",
        "Unsere Klinik behandelt Depressionen.",
        "Ich habe eine Frage zu MS Office.",
        "Ich habe die Störung gemeldet.",
        "Wir sind Experten für Schilddrüsenerkrankungen.",
    ],
)
def test_ignores_business_talk_about_health(labels, text):
    assert "HEALTH" not in labels(text)


@pytest.mark.parametrize("text", ["I'm sick of waiting for the quote", "I have a question about Instagram"])
def test_ignores_idioms(labels, text):
    assert "HEALTH" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ich bin hörbehindert, lieber per Chat bitte.", "bin hörbehindert"),
        ("ich hab Diabetes Typ 2, also nix Süßes", "hab Diabetes Typ 2"),
        ("Mein Kollege ist gerade krankgeschrieben wegen Bandscheibenvorfall.", "krankgeschrieben wegen Bandscheibenvorfall"),
        ("Jonas ist seit Mai in Rehaklinik.", "ist seit Mai in Rehaklinik"),
        ("I'm colour blind, please check the contrast", "colour blind"),
        ("Sorry, I had surgery on my shoulder.", "had surgery on my shoulder"),
        ("Priya is recovering from a heart attack.", "is recovering from a heart attack"),
        ("She has a visual impairment.", "has a visual impairment"),
        ("Our founder broke his wrist skiing", "broke his wrist skiing"),
        ("Ich habe eine Gehbehinderung.", "habe eine Gehbehinderung"),
        ("Ich hab mir das Bein gebrochen", "hab mir das Bein gebrochen"),
        ("I hurt my back lifting boxes", "hurt my back lifting"),
    ],
)
def test_finds_broader_health_statements(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Das Projekt ist in der Klinik-Branche angesiedelt.",
        "Unser Kunde ist ein Krankenhaus in Graz.",
        "Google is having an outage again",
        "I broke the build, sorry",
        "Our client has a diabetes app and needs SEO.",
        "i'm back",
        "ok i take that back",
        "he broke the record",
    ],
)
def test_leaves_business_talk_about_health_alone(labels, text):
    assert "HEALTH" not in labels(text)


def test_a_third_persons_name_is_not_part_of_the_health_statement(found):
    assert ("HEALTH", "ist in einer Suchtklinik") in found("Herr Albers ist in einer Suchtklinik.")


@pytest.mark.parametrize(
    "text, value",
    [("Mein Vater ist Dialysepatient.", "ist Dialysepatient"), ("I'm hard of hearing", "hard of hearing"),
     ("ich habe Mukoviszidose", "habe Mukoviszidose")],
)
def test_conditions_from_the_curated_list(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("I struggle with anxiety since years.", "struggle with anxiety"),
        ("I live with MS and sometimes need breaks.", "live with MS"),
        ("She's pregnant, so she will join later.", "She's pregnant"),
        ("Our daughter has leukemia.", "daughter has leukemia"),
        ("We're expecting a baby in May.", "expecting a baby"),
        ("My wife just gave birth last week.", "gave birth"),
        ("After my stroke I can't type fast.", "my stroke"),
        ("I am HIV positive.", "HIV positive"),
        ("Seit meinem Bandscheibenvorfall arbeite ich von zu Hause.", "meinem Bandscheibenvorfall"),
        ("Nach meiner OP melde ich mich.", "meiner OP"),
        ("Wir erwarten ein Baby im Juni.", "ein Baby"),
        ("Mir wurde ein Tumor entfernt.", "Mir wurde ein Tumor"),
        ("Ich kämpfe seit Jahren mit Depressionen.", "kämpfe seit Jahren mit Depressionen"),
        ("Meine Mutter liegt im Krankenhaus.", "liegt im Krankenhaus"),
    ],
)
def test_finds_statements_with_everyday_verbs(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "They're a rehab clinic in Vienna and need SEO.",
        "We're a physiotherapy practice in Graz.",
        "We are expecting your offer by Friday.",
        "I'm expecting your call tomorrow.",
        "I have the date of birth column in the CRM.",
        "Wir sind eine Reha-Klinik und brauchen SEO.",
        "Wir erwarten ein Angebot bis Freitag.",
        "Sie ist Krankenschwester und sucht eine Website.",
        "Nach meinem Urlaub melde ich mich.",
    ],
)
def test_everyday_verbs_without_a_condition_stay(labels, text):
    assert "HEALTH" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Meine Schwester Leonie ist seit Jahren an Multipler Sklerose erkrankt.", "ist seit Jahren an Multipler Sklerose erkrankt"),
        ("Ich sitze im Rollstuhl – ist euer Büro barrierefrei?", "sitze im Rollstuhl"),
        ("Ich bin in der 30. Woche schwanger.", "bin in der 30. Woche schwanger"),
        ("My brother is in rehab for alcohol addiction and I help out.", "is in rehab for alcohol addiction"),
        ("I have a chronic back condition so online is better.", "have a chronic back condition"),
        ("I have been on sick leave with burnout since March.", "have been on sick leave with burnout"),
    ],
)
def test_named_relatives_inflections_and_causes(covered, text, value):
    assert covered(text, value)


def test_a_business_four_words_before_a_condition_word_stays(labels):
    assert "HEALTH" not in labels("I use Google Ads for our therapy practice.")


@pytest.mark.parametrize(
    "text, value",
    [
        ("I've had two miscarriages this year.", "had two miscarriages"),
        ("I'm seeing a therapist on Tuesdays.", "seeing a therapist"),
        ("I just got out of hospital.", "got out of hospital"),
        ("My father died of a heart attack last spring.", "died of a heart attack"),
        ("I have a stutter, so I prefer chat.", "have a stutter"),
        ("Ich bin in psychotherapeutischer Behandlung.", "bin in psychotherapeutischer Behandlung"),
        ("Ich gehe morgen zur Chemo.", "gehe morgen zur Chemo"),
        ("Meine Frau ist vor zwei Jahren an Krebs gestorben.", "ist vor zwei Jahren an Krebs gestorben"),
    ],
)
def test_plurals_treatment_visits_time_phrases_and_deaths_from_a_condition(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize("text", ["Mein Opa ist letztes Jahr gestorben.", "I'm a therapist myself.", "The hospital is our client."])
def test_death_and_professions_without_a_condition_stay(labels, text):
    assert "HEALTH" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Mein Kollege Basti liegt mit Grippe flach.", "liegt mit Grippe flach"),
        ("Meine Frau ist nach ihrer Knie-OP gerade in der Reha.", "ist nach ihrer Knie-OP gerade in der Reha"),
        ("Meine Kollegin ist seit Wochen mit Burnout zu Hause.", "ist seit Wochen mit Burnout zu Hause"),
        ("Er hat sich beim Fußball das Kreuzband gerissen.", "hat sich beim Fußball das Kreuzband gerissen"),
        ("Ich bin seit letztem Jahr in Krebsbehandlung.", "bin seit letztem Jahr in Krebsbehandlung"),
        ("Ich war sechs Wochen in einer Suchtklinik.", "war sechs Wochen in einer Suchtklinik"),
        ("Bitte vermerkt, dass ich eine Glutenunverträglichkeit habe.", "eine Glutenunverträglichkeit habe"),
        ("ich bin schwerbehindert (GdB 50).", "bin schwerbehindert (GdB 50)"),
        ("I was in A&E with a broken ankle.", "was in A&E with a broken ankle"),
        ("My brother was diagnosed with type 2 diabetes.", "was diagnosed with type 2 diabetes"),
        ("I am on strong painkillers after my back op.", "am on strong painkillers after my back op"),
        ("I tested positive for Covid this morning.", "tested positive for Covid"),
        ("Our founder survived breast cancer.", "survived breast cancer"),
        ("My colleague and I both have coeliac disease.", "have coeliac disease"),
        ("my colleague Bartosz who is in a psychiatric clinic", "is in a psychiatric clinic"),
    ],
)
def test_chained_conditions_verb_last_clauses_and_everyday_illness(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("mein sohn luca hat autismus und wir bloggen", "hat autismus"),
        ("ich sitze seit dem unfall im rollstuhl", "sitze seit dem unfall im rollstuhl"),
        ("bin morgen im krankenhaus zur op", "bin morgen im krankenhaus zur op"),
        ("ich bin schwerbehindert mit gdb 50, ist das ein problem?", "bin schwerbehindert mit gdb 50"),
        ("ich muss ab nächster woche in die chemo", "muss ab nächster woche in die chemo"),
        ("my wife has ms and we want a fundraising page", "has ms"),
    ],
)
def test_lowercase_chat(covered, text, value):
    assert covered(text, value)


def test_ms_followed_by_a_product_stays(labels):
    assert "HEALTH" not in labels("my wife has ms teams installed")
