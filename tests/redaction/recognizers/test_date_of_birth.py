import pytest


@pytest.mark.parametrize(
    "text, value",
    [
        ("geboren am 3.4.1985", "3.4.1985"),
        ("geb. 12.03.1990 in Köln", "12.03.1990"),
        ("Geburtsdatum: 03.11.1979", "03.11.1979"),
        ("mein geburtstag ist der 7. März 1994", "7. März 1994"),
        ("Ich bin am 14.06.1987 geboren.", "14.06.1987"),
        ("my DOB is 12/04/1988", "12/04/1988"),
        ("I was born on March 3, 1975.", "March 3, 1975"),
        ("Date of birth: 1990-07-21", "1990-07-21"),
        ("d.o.b. 4 May 1983", "4 May 1983"),
        ("Geboren bin ich am 11.11.1966, falls wichtig", "11.11.1966"),
    ],
)
def test_finds_birth_dates(found, text, value):
    assert ("DATE_OF_BIRTH", value) in found(text)


@pytest.mark.parametrize(
    "text",
    ["Termin am 12.03. um 14 Uhr", "Können wir am 03.04.2025 sprechen?", "Ich bin Jahrgang 1985", "Launch am 1. Mai 2025", "Geburtstagsaktion im Mai"],
)
def test_ignores_other_dates_and_years(labels, text):
    assert "DATE_OF_BIRTH" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Mein Geburtsdatum für das Formular ist der 3.4.1985", "3.4.1985"),
        ("my birthday, just so you know, is 12/05/1990", "12/05/1990"),
        ("Anna Meier, * 03.04.1985", "03.04.1985"),
    ],
)
def test_birth_dates_a_few_words_after_the_cue(found, text, value):
    assert ("DATE_OF_BIRTH", value) in found(text)


@pytest.mark.parametrize(
    "text", ["Geburtstagsaktion für unsere Kunden am 12.12.2025", "birthday party for our shop on 12/05/2025"]
)
def test_recent_dates_a_few_words_after_a_birthday_word_stay(labels, text):
    assert "DATE_OF_BIRTH" not in labels(text)


def test_a_star_between_cue_and_date(found):
    assert ("DATE_OF_BIRTH", "12.05.1990") in found("Geburtsdatum *12.05.1990, Geburtsort Graz")
