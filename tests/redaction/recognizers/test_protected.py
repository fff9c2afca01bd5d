import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Meine Kundennummer ist 4711-233.",
        "Ticket #88231 ist offen",
        "Bestellnummer: 100-4432-99",
        "Order no. 554-2231 never arrived",
        "Vorgangsnummer 55120931",
        "Rechnung RE-2024-0815",
    ],
)
def test_reference_numbers_are_kept(redactor, text):
    assert redactor.redact(text).text == text


@pytest.mark.parametrize("text", ["[EMAIL]", "Hallo [PERSON], ruf [PHONE_2] an", "[IBAN] und [CREDIT_CARD]"])
def test_placeholders_are_kept(redactor, text):
    assert redactor.redact(text).text == text


def test_checksum_validated_value_beats_a_reference_word(found):
    assert found("Kundennummer DE89 3704 0044 0532 0130 00") == [("IBAN", "DE89 3704 0044 0532 0130 00")]


def test_a_search_ranking_is_no_address(labels):
    assert labels('unsere seite rankt für "zahnarzt bochum" auf platz 14, geht da mehr?') == []
