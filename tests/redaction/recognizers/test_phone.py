import pytest


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ruf an: 030 12345678", "030 12345678"),
        ("Handy 0151 23456789.", "0151 23456789"),
        ("Tel. +49 (0)30 8834 2291", "+49 (0)30 8834 2291"),
        ("Tel 0049 151 22334455", "0049 151 22334455"),
        ("Festnetz 0221 / 987 65 43", "0221 / 987 65 43"),
        ("Handy 0171 – 998 12 34", "0171 – 998 12 34"),
        ("unter 030/88342291 erreichbar", "030/88342291"),
        ("(089) 2318 4470", "(089) 2318 4470"),
        ("Wien: +43 1 5880 1234", "+43 1 5880 1234"),
        ("AT mobil 0664 1234567", "0664 1234567"),
        ("Zürich 044 668 18 00", "044 668 18 00"),
        ("+41 79 321 45 67", "+41 79 321 45 67"),
        ("London +44 20 7946 0958", "+44 20 7946 0958"),
        ("call 07700 900461", "07700 900461"),
        ("Phone: (202) 555-0147", "(202) 555-0147"),
    ],
)
def test_finds_numbers_in_many_formats(found, text, value):
    assert ("PHONE", value) in found(text)


@pytest.mark.parametrize("text, value", [("Tel. 030 1234567 Durchwahl 12", "030 1234567 Durchwahl 12"), ("ph +1 312 555 0198 ext. 23", "+1 312 555 0198 ext. 23")])
def test_extensions_are_redacted_with_the_number(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "Kundennummer 4711-233",
        "Ticket #88231",
        "am 12.03.2024 um 14 Uhr",
        "Budget 5.000 € bis 10.000 €",
        "Wir haben 1500 Euro im Monat",
        "PLZ 10115 Berlin",
        "Version 1.2.3",
        "seit 2019",
    ],
)
def test_ignores_numbers_that_are_not_phones(labels, text):
    assert "PHONE" not in labels(text)


def test_language_hint_is_accepted(found):
    assert found("Ring me on 020 7946 0958", lang="en") == [("PHONE", "020 7946 0958")]


@pytest.mark.parametrize("text, value", [("Handy: 0176.5552301", "0176.5552301"), ("fon 0 89 / 2 34 56 78", "0 89 / 2 34 56 78")])
def test_dotted_and_spaced_area_codes(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize(
    "text",
    ["Bestellnummer 4711-0815-2233 fehlt", "Tracking number 1Z 999 AA1 01 2345 6784", "company number 09876543 (Companies House)",
     "Termin am 01.02.2024 um 10 Uhr", "Version 0.12.3 ist raus"],
)
def test_reference_numbers_are_not_phones(labels, text):
    assert "PHONE" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [("Tel. 234 56 78", "234 56 78"), ("Telefon: 12 34 56", "12 34 56"), ("phone 1-800-555-0199", "1-800-555-0199")],
)
def test_local_numbers_after_a_phone_word_and_north_american_trunk_prefix(found, text, value):
    assert ("PHONE", value) in found(text)


@pytest.mark.parametrize("text", ["Tel. 18 Uhr passt", "Tel 2024 bis 2025", "phone: 10 minutes", "Telefonat 30 min", "Tel. 111111"])
def test_times_years_and_repeated_digits_after_a_phone_word_stay(labels, text):
    assert "PHONE" not in labels(text)


def test_a_reference_word_inside_another_word_does_not_block(found):
    # "haustechnik" contains "ust" (Umsatzsteuer), which must not read as a reference word
    assert ("PHONE", "0664 3918274") in found("Mail an f.s@staudinger-haustechnik.at oder 0664 3918274.")


def test_the_tail_of_a_card_like_number_is_no_phone(labels):
    assert "PHONE" not in labels("Ich wollte mit der Karte 5174 1075 0809 3631 zahlen.")


@pytest.mark.parametrize("text", ["It says 12/05/2024 instead of 05/12/2024.", "Termin am 05.12.24 passt"])
def test_dates_are_no_phone_numbers(labels, text):
    assert "PHONE" not in labels(text)


def test_a_job_title_with_account_is_no_reference_word(found):
    assert ("PHONE", "+49 40 87654321-210") in found("Noah Fischer, Account Manager, +49 40 87654321-210, noah@x.de")
