"""Checksum validators on their own (fictitious or published specimen values)."""
from redaction import validation


def test_luhn():
    assert validation.luhn_valid("4111 1111 1111 1111")
    assert not validation.luhn_valid("4111 1111 1111 1112")
    assert not validation.luhn_valid("4111")


def test_iban_mod97_and_length():
    assert validation.iban_valid("DE89 3704 0044 0532 0130 00")
    assert not validation.iban_valid("DE89 3704 0044 0532 0130 01")
    assert not validation.iban_valid("DE89 3704 0044 0532 0130")
    assert not validation.iban_valid("QQ89370400440532013000")


def test_ean13_for_ahv():
    assert validation.ean13_valid("756.7780.7727.30")
    assert not validation.ean13_valid("756.7780.7727.31")


def test_german_pension_number():
    assert validation.german_pension_number_valid("28 020495 R 409")
    assert not validation.german_pension_number_valid("28 020495 R 408")
    assert not validation.german_pension_number_valid("28 320495 R 409")  # no 32nd day


def test_austrian_svnr():
    assert validation.austrian_svnr_valid("3997 120875")
    assert not validation.austrian_svnr_valid("3997 120876")


def test_icao_document_number():
    assert validation.icao_document_number_valid("T220001293")
    assert not validation.icao_document_number_valid("T220001294")


def test_ip_address():
    assert validation.ip_address_valid("2001:db8::1")
    assert not validation.ip_address_valid("256.1.1.1")
