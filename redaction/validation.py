"""Checksum validators, kept apart from the patterns that find candidates.

Each function takes the matched text (separators allowed) and answers whether the
value is internally consistent. A failed checksum means "not personal data".
"""
from __future__ import annotations

import ipaddress
import re
import string

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")

# Official IBAN lengths (ISO 13616 registry) for the countries a German-speaking
# agency's visitors are likely to use, plus the larger European economies.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21,
    "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29, "VA": 22, "AE": 23, "SA": 24,
    "IL": 23, "RS": 22, "BA": 20, "ME": 22, "MK": 19, "AL": 28, "GI": 23, "FO": 18,
    "GL": 18, "KW": 30, "QA": 29, "BH": 22, "JO": 30, "LB": 28, "MU": 30, "BR": 29,
}


def compact(text: str) -> str:
    """The value without spaces, dots, dashes or slashes, upper-cased."""
    return _NON_ALNUM.sub("", text).upper()


# Luhn's doubled digit with the digits of the product summed (7 -> 14 -> 5), as a translation table.
_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")


def luhn_valid(text: str) -> bool:
    """Payment card check digit (ISO/IEC 7812). Table-driven: a run of digit groups in one
    message asks about every group, so this is on the hot path of adversarial input."""
    digits = compact(text)
    if not digits.isdigit() or len(digits) < 12:
        return False
    return (sum(map(int, digits[-1::-2])) + sum(map(int, digits[-2::-2].translate(_LUHN_DOUBLED)))) % 10 == 0


def iban_valid(text: str) -> bool:
    """ISO 13616 mod-97 check plus the country's fixed length."""
    value = compact(text)
    country = value[:2]
    if len(value) != IBAN_LENGTHS.get(country, -1) or not value[2:4].isdigit():
        return False
    rearranged = value[4:] + value[:4]
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return int(numeric) % 97 == 1


def steuer_id_valid(text: str) -> bool:
    """German tax identification number: digit-frequency rule and ISO 7064 MOD 11,10."""
    digits = compact(text)
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    counts = [digits[:10].count(d) for d in set(digits[:10])]
    repeated = [c for c in counts if c > 1]
    if len(repeated) != 1 or repeated[0] > 3:
        return False
    product = 10
    for char in digits[:10]:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    return check == int(digits[10])


def ean13_valid(text: str) -> bool:
    """EAN-13 check digit, used by the Swiss AHV number (756.xxxx.xxxx.xx)."""
    digits = compact(text)
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def german_pension_number_valid(text: str) -> bool:
    """German Sozialversicherungs-/Rentenversicherungsnummer (12 chars, one letter)."""
    value = compact(text)
    if not re.fullmatch(r"\d{8}[A-Z]\d{3}", value):
        return False
    day, month = int(value[2:4]), int(value[4:6])
    if not (1 <= day % 50 <= 31 and 1 <= month <= 12):
        return False
    letter_digits = "%02d" % (string.ascii_uppercase.index(value[8]) + 1)
    digits = value[:8] + letter_digits + value[9:11]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, weights))
    return total % 10 == int(value[11])


def austrian_svnr_valid(text: str) -> bool:
    """Austrian Sozialversicherungsnummer: 4 digits (4th is the check) + birth date."""
    digits = compact(text)
    if len(digits) != 10 or not digits.isdigit() or digits[0] == "0":
        return False
    weights = (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)
    check = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    day, month = int(digits[4:6]), int(digits[6:8])
    return check != 10 and check == int(digits[3]) and 1 <= day <= 31 and 1 <= month <= 12


def icao_check_digit(value: str) -> int:
    """ICAO 9303 check digit (weights 7, 3, 1), used on ID cards and passports."""
    weights = (7, 3, 1)
    total = 0
    for index, char in enumerate(value):
        number = int(char) if char.isdigit() else string.ascii_uppercase.index(char) + 10
        total += number * weights[index % 3]
    return total % 10


def icao_document_number_valid(text: str) -> bool:
    """Nine-character document number followed by its ICAO check digit."""
    value = compact(text)
    return len(value) == 10 and value[9].isdigit() and icao_check_digit(value[:9]) == int(value[9])


def ip_address_valid(text: str) -> bool:
    """A syntactically valid IPv4 or IPv6 address (via the standard library) that can name a machine
    of somebody's: loopback ("127.0.0.1", "::1") and the unspecified address ("0.0.0.0") never do."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return not (address.is_loopback or address.is_unspecified)
