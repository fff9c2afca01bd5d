import pytest


@pytest.mark.parametrize(
    "value",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "de89 3704 0044 0532 0130 00",
        "AT04 9378 6579 7543 2319",
        "CH89 0189 5559 7971 1471 0",
        "GB08 NWBK 4974 6507 5291 70",
        "NL23ABNA2233079244",
    ],
)
def test_finds_valid_ibans(found, value):
    assert found(f"Meine IBAN: {value} bitte.") == [("IBAN", value)]


def test_trims_trailing_words_to_country_length(found):
    assert found("DE89 3704 0044 0532 0130 00 und danke") == [("IBAN", "DE89 3704 0044 0532 0130 00")]


@pytest.mark.parametrize("value", ["DE88 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 0", "XX89370400440532013000"])
def test_rejects_checksum_and_length_failures(labels, value):
    assert "IBAN" not in labels(f"IBAN {value}")


def test_a_failed_match_before_it_does_not_swallow_the_iban(found):
    text = "can i change the date from 1st to 15th and debit from CH20 9678 4917 9648 4473 0 instead"
    assert ("IBAN", "CH20 9678 4917 9648 4473 0") in found(text)
