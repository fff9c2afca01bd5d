import pytest


@pytest.mark.parametrize(
    "text, value",
    [
        ("Steuer-ID: 28 365 461 076 danke", "28 365 461 076"), ("PESEL 44051401458", "44051401458"),
        ("Versichertennummer A123456789", "A123456789"),
        ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("Führerscheinnummer B072RRE2I55", "B072RRE2I55"),
        ("My driver's license number is D1234-56789-01234", "D1234-56789-01234"),
        ("BSN: 123456782", "123456782"),
    ],
)
def test_numbers_named_as_identification_numbers(found, text, value):
    assert ("ID_NUMBER", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe nie 123456 Euro ausgegeben.",
        "Kundennummer 123456789",
        "Steuer-ID bitte an die Buchhaltung",
        "SSN 12",
    ],
)
def test_other_numbers_and_id_words_alone_stay(labels, text):
    assert "ID_NUMBER" not in labels(text)


@pytest.mark.parametrize(
    "text",
    ["Steuer-ID 86095742718", "SV-Nummer 28 020495 R 408", "Sozialversicherungsnummer 3998 120875", "AHV-Nummer 756.1234.5678.90"],
)
def test_numbers_with_a_check_digit_must_pass_it(labels, text):
    assert "ID_NUMBER" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Krankenversichertennummer A123456780", "A123456780"),
        ("Versicherungsnr 12345678", "12345678"),
    ],
)
def test_compound_and_abbreviated_id_words(found, text, value):
    assert ("ID_NUMBER", value) in found(text)


@pytest.mark.parametrize("text", ["USt-IdNr. DE123456789", "UID ATU12345678", "Impressum: Steuernummer 27/123/45678"])
def test_company_vat_and_tax_numbers_stay(labels, text):
    assert "ID_NUMBER" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Meine Passnummer für das Visum ist C01X00T47", "C01X00T47"),
        ("my passport (UK) is 533380006", "533380006"),
        ("Steuer-ID für die Rechnung: 28 365 461 076", "28 365 461 076"),
    ],
)
def test_a_few_words_between_the_id_word_and_a_linked_number(found, text, value):
    assert ("ID_NUMBER", value) in found(text)


@pytest.mark.parametrize("text", ["Der Pass ist abgelaufen, Ticket: 12345678", "Ausweis liegt vor, Bestellung ist 123456"])
def test_reference_numbers_after_an_id_word_stay(labels, text):
    assert "ID_NUMBER" not in labels(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Mein Führerschein (Nr. N0721Z01X42) ist aus NRW", "N0721Z01X42"),
        ("California DL B7294051, expires 2027", "B7294051"),
        ("Texas driver license 41827736 for the check", "41827736"),
        ("My social is 518 22 9043, do you need it?", "518 22 9043"),
        ("PPS number: 8372615WA", "8372615WA"),
    ],
)
def test_licences_socials_and_pps_numbers(found, text, value):
    assert ("ID_NUMBER", value) in found(text)


def test_a_named_number_is_an_id_even_where_it_could_be_dialled(found):
    assert found("my SSN is 078-05-1120") == [("ID_NUMBER", "078-05-1120")]
