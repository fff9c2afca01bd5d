import pytest


@pytest.mark.parametrize(
    "value",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5555 5555 5555 4444",
        "3782 822463 10005",
        "6011 1111 1111 1117",
    ],
)
def test_finds_luhn_valid_cards(found, value):
    assert ("CREDIT_CARD", value) in found(f"Karte {value}, gültig bis 12/27")


def test_ignores_expiry_after_the_number(found):
    assert found("Visa 4111111111111111 12 27") == [("CREDIT_CARD", "4111111111111111")]


@pytest.mark.parametrize("value", ["4111 1111 1111 1112", "1234 5678 9012 3456", "0000 0000 0000 0000"])
def test_rejects_luhn_failures_and_unknown_issuers(labels, value):
    assert "CREDIT_CARD" not in labels(f"Karte {value}")


def test_a_failing_number_is_not_cut_down_to_a_valid_twelve_digit_prefix(labels):
    assert "CREDIT_CARD" not in labels("Ich wollte mit der Karte 5174 1075 0809 3631 zahlen.")


def test_the_digits_of_an_invalid_iban_are_no_card(labels):
    assert "CREDIT_CARD" not in labels("the old account DE58 5001 0517 1326 7471 24 is rejected")


def test_digits_before_the_card_do_not_hide_it(covered):
    assert covered("Ticketpreis 12 4111 1111 1111 1111 bitte", "4111 1111 1111 1111")
