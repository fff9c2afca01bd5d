import pytest


@pytest.mark.parametrize("value", ["756.7780.7727.30", "756.7289.0257.95", "7567475661257"])
def test_finds_valid_ahv_numbers(found, value):
    assert ("ID_NUMBER", value) in found(f"AHV-Nr. {value}")


def test_rejects_wrong_check_digit(labels):
    assert labels("AHV 756.7780.7727.31") == []
