import pytest

from redaction.validation import icao_check_digit


@pytest.mark.parametrize("value", ["MRLR5PJ134", "LVPHCFL9Y3", "T220001293"])
def test_finds_id_card_serials_by_check_digit(found, value):
    assert ("ID_NUMBER", value) in found(f"Ausweis {value}")
    assert ("ID_NUMBER", value) in found(f"die Nummer {value} bitte")


@pytest.mark.parametrize(
    "text, value",
    [("Mein Reisepass: C4X7K9P21", "C4X7K9P21"), ("My passport number is K7Y4402N3.", "K7Y4402N3"), ("Personalausweisnummer L01X00T47", "L01X00T47")],
)
def test_finds_document_numbers_after_a_document_word(found, text, value):
    assert ("ID_NUMBER", value) in found(text)


@pytest.mark.parametrize("text", ["Bestellung MRLR5PJ135", "Ticket TK12345678", "Kundennummer 4711-233", "Passwort vergessen"])
def test_ignores_codes_without_check_digit_or_document_word(labels, text):
    assert "ID_NUMBER" not in labels(text)


def test_icao_check_digit_matches_specimen():
    assert icao_check_digit("T22000129") == 3
