"""The kinds of personal data the engine redacts (its public vocabulary)."""
from __future__ import annotations

import re

PERSON = "PERSON"
EMAIL = "EMAIL"
PHONE = "PHONE"
IBAN = "IBAN"
CREDIT_CARD = "CREDIT_CARD"
ADDRESS = "ADDRESS"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
IP_ADDRESS = "IP_ADDRESS"
ID_NUMBER = "ID_NUMBER"
HEALTH = "HEALTH"
URL_PERSONAL = "URL_PERSONAL"

LABELS = (
    PERSON,
    EMAIL,
    PHONE,
    IBAN,
    CREDIT_CARD,
    ADDRESS,
    DATE_OF_BIRTH,
    IP_ADDRESS,
    ID_NUMBER,
    HEALTH,
    URL_PERSONAL,
)

# Internal label for text that must stay untouched (existing placeholders, customer
# numbers, ...): it wins every overlap and never reaches the output.
KEEP = "KEEP"

PLACEHOLDER_RE = re.compile(r"\[(?:%s)(?:_\d+)?\]" % "|".join(LABELS))
