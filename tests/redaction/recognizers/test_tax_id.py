import pytest

from redaction.validation import steuer_id_valid


@pytest.mark.parametrize("value", ["86095742719", "41372159010", "28 365 461 076", "45575918360"])
def test_finds_valid_steuer_ids(found, value):
    assert ("ID_NUMBER", value) in found(f"Steuer-ID: {value}")


@pytest.mark.parametrize("value", ["86095742718", "11111111111", "01372159010"])
def test_rejects_invalid_check_digit_or_digit_pattern(labels, value):
    assert "ID_NUMBER" not in labels(f"Nummer {value}")


def test_validator_needs_exactly_one_repeated_digit():
    assert steuer_id_valid("86095742719")
    assert not steuer_id_valid("12345678903")  # no repeated digit in the first ten
