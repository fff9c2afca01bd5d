import pytest


@pytest.mark.parametrize("value", ["28 020495 R 409", "65110766B183", "70 250985 G 184"])
def test_finds_german_pension_numbers(found, value):
    assert ("ID_NUMBER", value) in found(f"Rentenversicherungsnummer {value}")


def test_rejects_german_number_with_wrong_check_digit(labels):
    assert "ID_NUMBER" not in labels("SV-Nummer 28 020495 R 408")


def test_austrian_number_needs_context(found, labels):
    assert found("Meine SV-Nummer ist 3997 120875") == [("ID_NUMBER", "3997 120875")]
    assert "ID_NUMBER" not in labels("Auftrag 3997 120875")


def test_rejects_austrian_number_with_wrong_check_digit(labels):
    assert "ID_NUMBER" not in labels("Sozialversicherungsnummer 3998 120875")


@pytest.mark.parametrize(
    "text, value",
    [("NI number: JT 12 34 56 C", "JT 12 34 56 C"), ("nino AB123456D please", "AB123456D"), ("mine: QQ123456C", "QQ123456C")],
)
def test_uk_national_insurance_numbers(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize("text", ["Ticket GB 12 34 56 A", "Formular DF 12 34 56 A", "Raum AB 12 34 56 E"])
def test_impossible_uk_numbers_are_left_alone(labels, text):
    assert "ID_NUMBER" not in labels(text)


@pytest.mark.parametrize("text, value", [("SSN 078-05-1120", "078-05-1120"), ("mine is 219-09-9999 ok", "219-09-9999")])
def test_us_social_security_numbers(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize("text", ["Ticket 000-12-3456", "Call 666-12-3456", "Range 912-34-5678", "Datum 2024-05-1234"])
def test_impossible_us_numbers_are_left_alone(labels, text):
    assert "ID_NUMBER" not in labels(text)
