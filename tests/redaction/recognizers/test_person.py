"""Names: the cue rules (deterministic) and the trained NER (through the whole pipeline)."""
import pytest

from redaction.recognizers.person import PersonCueRecognizer


@pytest.fixture(scope="module")
def cues():
    recognizer = PersonCueRecognizer(None, "person")
    return lambda text: [text[c.start : c.end] for c in recognizer.analyze(text)]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Mein Name ist Torben Hasselbrink.", "Torben Hasselbrink"),
        ("ich bin anna schmidt und hab eine frage", "anna schmidt"),
        ("Ich heiße Fatma Yıldırım", "Fatma Yıldırım"),
        ("Bitte an Frau Dr. Annegret Wolff", "Frau Dr. Annegret Wolff"),
        ("Sehr geehrter Herr Okonkwo,", "Herr Okonkwo"),
        ("Viele Grüße\nAnna-Lena Schmidt", "Anna-Lena Schmidt"),
        ("mfg H. Obermaier", "H. Obermaier"),
        ("Kind regards,\nHarriet Wellesley-Boyd", "Harriet Wellesley-Boyd"),
        ("Please call Mr Achebe back", "Mr Achebe"),
        ("my name is chloe baptiste", "chloe baptiste"),
        ("Kontoinhaber Dirk Pawlowski.", "Dirk Pawlowski"),
        ("Unser Inhaber Frank Liebig will mehr Reichweite.", "Frank Liebig"),
        ("I'm Grace O'Donnell, owner of a bakery", "Grace O'Donnell"),
        ("Henrike von Stetten hat angerufen", "Henrike von Stetten"),
        ("Grüße aus dem Büro\nXandrilo Quembert\nProjektleitung", "Xandrilo Quembert"),
        ("Bis später, Oskar", "Oskar"),
        ("I'm Will Pettigrew, nice to meet you", "Will Pettigrew"),
        ("Tach, bin der Heinrich vom Kiosk", "Heinrich"),
        ("Danke für alles, Gudrun!", "Gudrun"),
        ("hey its marcus again", "marcus"),
    ],
)
def test_cue_rules_find_names(cues, text, name):
    assert name in cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin Kunde bei euch",
        "Ich bin interessiert an SEO",
        "ich bin müde",
        "Hallo zusammen",
        "Hallo Team,",
        "Viele Grüße aus dem Team",
        "Die Müller GmbH sucht eine Agentur",
        "Frank Schmidt GmbH & Co. KG",
        "I'm new to Shopify",
        "Mark my words",
        "Viele Grüße\nMarketing Team\nBeispiel GmbH",
        "Best regards\nSales Department",
    ],
)
def test_cue_rules_leave_non_names_alone(cues, text):
    assert cues(text) == []


@pytest.mark.parametrize(
    "text, name, lang",
    [
        ("Können Sie Agnieszka Nowicka eine Kopie schicken?", "Agnieszka Nowicka", "de"),
        ("Das hat Benedikt Scharnagl so mit Ihnen abgesprochen.", "Benedikt Scharnagl", "de"),
        ("Hallo, ich bin Jana Wolkenstein und brauche eine Website.", "Jana Wolkenstein", "de"),
        ("Ravi Menon here, following up on our quote.", "Ravi Menon", "en"),
        ("Isabella Rossi and Marco Bianchi will attend.", "Marco Bianchi", "en"),
        ("Servus, i bin da Ferdinand Hofstätter aus Graz", "Ferdinand Hofstätter", "de"),
    ],
)
def test_pipeline_finds_names_without_strong_cues(covered, text, name, lang):
    assert covered(text, name, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Wir sind die Müller GmbH aus Augsburg.",
        "Habt ihr Erfahrung mit Google Ads und Shopify?",
        "Unser Büro ist in 10115 Berlin.",
        "We are Brightside Ltd from Manchester.",
        "Hi team, how long does a relaunch take?",
    ],
)
def test_pipeline_leaves_companies_brands_and_places_alone(labels, text):
    assert "PERSON" not in labels(text)


@pytest.mark.parametrize(
    "text, name",
    [("Sag Moritz bitte Bescheid", "Moritz"), ("frag doch Paula, die weiß das", "Paula"), ("we asked Hamish yesterday", "Hamish")],
)
def test_lone_known_first_name_mid_sentence(cues, text, name):
    assert name in cues(text)


@pytest.mark.parametrize(
    "text",
    ["Wir arbeiten mit Otto und Partner", "bei der Otto GmbH", "wir fahren nach Basel morgen", "offices in New York", "Happy Easter to all"],
)
def test_lone_first_name_rule_skips_companies_and_places(cues, text):
    assert cues(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "what services do you offer",
        "what",
        "was kann man bei euch buchen",
        "wann habt ihr offen",
        "can someone call me back",
        "Personenbezogene Daten werden gelöscht",
        "Wir speichern Ihre Angaben nur mit Ihrer Einwilligung.",
        "Einen Menschen erreichen Sie werktags.",
        "Bereinigte Gesprächsprotokolle bleiben 30 Tage.",
        "we need multilingual websites",
        "i would like to know more",
        "ich bin dann mal weg",
        "please get back to us",
        "hi friend",
        "Löschung nach Art. 17 DSGVO bitte",
        "roger",
        "jo gerne",
        "Wir sind die Sonnenschein Solar GmbH",
    ],
)
def test_casual_chat_without_names_stays_untouched(found, text):
    assert [value for label, value in found(text) if label == "PERSON"] == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("kannst du thomas müller ausrichten dass ich anrufe", "thomas müller"),
        ("ich bin anna", "anna"),
        ("my name is chloe baptiste", "chloe baptiste"),
        ("Hope Adeyemi will call you", "Hope Adeyemi"),
        ("Bitte Herrn Lange zurückrufen", "Herrn Lange"),
    ],
)
def test_names_survive_the_stricter_rules(covered, text, name):
    assert covered(text, name)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Teilnehmende: R. Oberhauser, T. Quandt", "R. Oberhauser"),
        ("Attendees: K. Young, L. Green", "K. Young"),
        ("Hi Dr Abiodun, passt Donnerstag?", "Dr Abiodun"),
        ("Bitte an Herrn van der Berghe schicken.", "van der Berghe"),
        ("Ansprechpartnerin ist Frau Trần Thị Hoa.", "Trần Thị Hoa"),
        ("my wife Ingeborg runs the shop", "Ingeborg"),
        ("meine Kollegin Svantje meldet sich", "Svantje"),
        ("moin, Okke hier aus Husum", "Okke"),
        ("kannst du bitte sabine brunnhuber zurückrufen", "sabine brunnhuber"),
        ("that's Gabriel's laptop", "Gabriel"),
        ("Lieber Kunde – Benedikt übernimmt ab Montag.", "Benedikt"),
        ("Contact: Hope Okonkwo, details below", "Hope Okonkwo"),
        ("MARLENE HUBERTZ HIER, BITTE UM RÜCKRUF", "MARLENE HUBERTZ"),
    ],
)
def test_names_from_the_second_round_of_rules(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "z. B. Google oder Bing",
        "Die S. Fischer Verlag GmbH",
        "Click here to download",
        "Details hier: siehe unten",
        "unser Kunde Bosch",
        "meine Frau und ich",
        "Call me maybe",
        "Haben Sie Erfahrung mit Shopify?",
        "ich habe eine frage zu google ads",
        "can you help me with my math homework",
        "ruafts mi bitte ned zruck",
        "Riverside Yoga Studio",
        "i'm with Lakeside Dental Clinic",
        "is facebook worth it",
    ],
)
def test_second_round_rules_leave_non_names_alone(labels, text):
    assert "PERSON" not in labels(text)


def test_function_words_are_trimmed_from_a_lowercase_name(found):
    assert found("are you gemini or claude") == [("PERSON", "claude")]


@pytest.mark.parametrize(
    "text",
    [
        "My LinkedIn is on the card.",
        "Eure Website sagt 49 € pro Monat.",
        "Danke, das hat mir sehr geholfen! Schönes Wochenende.",
        "Are you a certified Meta Business Partner?",
        "Guten Tag, ich vertrete die Kanzlei Dr. Hoffmann & Partner.",
        "Hallo, hier vom Eiscafé Venezia in Herne.",
    ],
)
def test_possessives_greetings_and_businesses_are_no_names(labels, text):
    assert "PERSON" not in labels(text)


def test_a_company_word_ends_a_name_after_a_cue(found):
    assert ("PERSON", "Mehmet Öztürk") in found("ich bin Mehmet Öztürk von Öztürk Immobilien.")
    assert ("PERSON", "Öztürk Immobilien") not in found("ich bin Mehmet Öztürk von Öztürk Immobilien.")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Eleanor Price here. You can reach me later.", "Eleanor Price"),
        ("Hallo! Nguyễn Thị Lan hier, ich betreibe ein Nagelstudio.", "Nguyễn Thị Lan"),
        ("My Amex (name on card: Jennifer Wood) please.", "Jennifer Wood"),
    ],
)
def test_self_introductions_and_card_names(covered, text, value):
    assert covered(text, value)


def test_a_particle_before_a_company_word_is_not_part_of_the_name(found):
    assert ("PERSON", "mehmet") in found("ich bin mehmet von der Autowerkstatt, habt ihr Zeit?")


@pytest.mark.parametrize(
    "text, value",
    [
        ("Hope from our HR team will send you the job descriptions.", "Hope"),
        ("Talk to May in sales, she knows the numbers.", "May"),
        ("Summer aus unserem Praktikantenteam macht die Stories", "Summer"),
    ],
)
def test_first_names_that_are_words_next_to_their_team(found, text, value):
    assert ("PERSON", value) in found(text)


@pytest.mark.parametrize("text", ["Marketing from our team will call.", "We in marketing love it", "Next in marketing: budget"])
def test_team_words_alone_name_nobody(labels, text):
    assert "PERSON" not in labels(text)


@pytest.mark.parametrize(
    "text",
    ["The Baker Street location of our café needs a profile.", "We're Harbour Lane Coffee Roasters from Bristol."],
)
def test_street_names_and_coffee_roasters_are_no_people(labels, text):
    assert "PERSON" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Martins Vorschlag war, die Seite neu zu machen.", "Martins"),
        ("dann warte ich auf Martinas Rückmeldung", "Martinas"),
        ("Anna's laptop died so she'll send it tomorrow", "Anna"),
        ("Ich würde alles bei Clemens abgeben.", "Clemens"),
        ("Wir bräuchten neue Karten für Svetlana Ivanova und Dirk.", "Dirk"),
        ("Thx! @Nadia can you take it from here?", "Nadia"),
        ("Da hat ein Klaus M. was Gemeines geschrieben.", "Klaus M"),
        ("Florence from our PR agency will send the kit.", "Florence"),
        ("Our intern Hope will come along to the shoot.", "Hope"),
        ("Our founder Helen Price survived it.", "Helen Price"),
        ("Nguyễn Thị Lan aus unserem Team übernimmt ab sofort.", "Nguyễn Thị Lan"),
        ("Hi Jess,\nthanks for the proposal.\nCheers, Olu", "Olu"),
    ],
)
def test_genitives_linked_names_initials_roles_and_sign_offs(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Unser Shop verkauft Restposten von Hugo Boss und Tommy Hilfiger.",
        "Is it true you worked for Dr. Oetker?",
        "Our office is right by Victoria Station.",
        "parken könnt ihr im Parkhaus Urania.",
        "Wir haben Kunden in Paris und Florenz.",
        "Ich war bei Bosch und Siemens.",
        "Das Haus des Lukas ist schön.",
    ],
)
def test_brands_buildings_towns_and_companies_after_a_preposition(labels, text):
    assert "PERSON" not in labels(text)


def test_sons_of_a_company_are_no_genitive(found):
    assert ("PERSON", "Sons") not in found("Frank Baker from Baker & Sons Roofing, we need a new logo")


def test_an_article_after_hier_ist(covered):
    assert covered("hallo hier ist die sabine vom blumenladen", "sabine")


@pytest.mark.parametrize(
    "text, value",
    [
        ("mei chef, da herr obermaier, hod gsagt i soll mi meldn", "obermaier"),
        ("ich hab die mail von frau Schuster bekommen", "Schuster"),
        ("immer noch die frau berger?", "berger"),
        ("könnt ihr die rechnung an herrn dr. Weißenberger adressieren", "Weißenberger"),
        ("kannst du das angebot bitte an herrn schäfer weiterleiten", "schäfer"),
        ("thx a lot mr krause, have a nice weekend", "krause"),
        ("please send the documents to mrs Olsen, she is new", "Olsen"),
    ],
)
def test_titles_typed_in_lowercase(found, text, value):
    assert ("PERSON", value) in found(text)


@pytest.mark.parametrize(
    "text",
    ["meine frau sagt das passt", "meine frau arbeitet auch dort", "der herr meinte das wäre ok",
     "frau doktor hat gesagt", "i use ms Office for that", "herr der ringe ist toll"],
)
def test_verbs_and_words_after_a_lowercase_title_are_no_names(labels, text):
    assert "PERSON" not in labels(text)


@pytest.mark.parametrize(
    "text, value", [("bitte den Georg in cc setzen", "Georg"), ("im team ist die Vroni für insta zuständig", "Vroni")]
)
def test_southern_german_article_before_a_first_name(found, text, value):
    assert ("PERSON", value) in found(text)


def test_an_article_after_a_preposition_names_a_company(labels):
    assert "PERSON" not in labels("ich war bei der Otto wegen dem job")


@pytest.mark.parametrize(
    "text, value",
    [
        ("alles klar herr vogel, dann bis montag", "vogel"),
        ("an Goethestr. 18, 04109 Leipzig, klingel Schubert", "Schubert"),
        ("hey i'm Sofia, Matteo's sister, he said you can help", "Matteo"),
    ],
)
def test_nouns_as_surnames_doorbells_and_whose_relative(found, text, value):
    assert ("PERSON", value) in found(text)


def test_a_verb_after_a_lowercase_title_stays(labels):
    assert "PERSON" not in labels("meine frau kocht heute das essen")


@pytest.mark.parametrize(
    "text, value",
    [("Hi, I'm Hannah Young – the contact person.", "Hannah Young"), ("Thanks, Owen Price", "Owen Price")],
)
def test_a_word_like_surname_after_a_cue_and_a_first_name(found, text, value):
    assert ("PERSON", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is Siri search optimisation a thing?",
        "Our Sainsbury's and John Lewis stockist pages need updating.",
        "We sell Jasmine tea and other loose leaf teas.",
        "Can we meet on Christmas Eve? Just kidding.",
        "We want local SEO for London and maybe Kingston too.",
        "Please address the contract to Trinity College Dublin.",
    ],
)
def test_brands_products_holidays_places_and_colleges(labels, text):
    assert "PERSON" not in labels(text)
