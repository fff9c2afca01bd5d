"""Canary run: unique fake personal data of every label goes in; none may come out anywhere.

Scans every Redis key and value of the stack, every log line both servers printed at
DEBUG level, and every database table (the vault's encrypted columns excepted). The one
consented lead must be readable through the vault, decrypted.
"""
from __future__ import annotations

import json
import re
from typing import Dict, List

import pytest

from tests.integration.test_conversation import stack_vault
from tests.support.chat import ChatVisitor

pytestmark = pytest.mark.integration

# Fictitious values that pass their checksums (IBAN mod-97, Luhn, Steuer-ID check digit).
CANARIES: Dict[str, str] = {
    "PERSON": "Jonas Wintermeyer",
    "EMAIL": "kanarienvogel.q7x2@example.org",
    "PHONE": "+49 30 90182736",
    "IBAN": "DE89 3704 0044 0532 0130 00",
    "CREDIT_CARD": "4111 1111 1111 1111",
    "ADDRESS": "Lindenstraße 23, 10969 Berlin",
    "DATE_OF_BIRTH": "14.03.1987",
    "IP_ADDRESS": "192.168.77.13",
    "URL_PERSONAL": "linkedin.com/in/jonas-wintermeyer-4711",
    "HEALTH": "Diabetes",
}
EN_CANARIES: Dict[str, str] = {
    "PERSON": "Priya Hollingsworth",
    "EMAIL": "canary.bird.k3m9@example.com",
    "PHONE": "+44 20 7946 0321",
    "ADDRESS": "221B Baker Street, London NW1 6XE",
    "HEALTH": "ADHD",
}

FREE_TEXT_DE = [
    f"Hallo, ich bin {CANARIES['PERSON']} und wohne in der {CANARIES['ADDRESS']}",
    f"Meine Mail ist {CANARIES['EMAIL']}, Telefon {CANARIES['PHONE']}",
    f"Überweisung bitte auf {CANARIES['IBAN']}, oder Karte {CANARIES['CREDIT_CARD']}",
    f"ich bin geboren am {CANARIES['DATE_OF_BIRTH']} und ich habe {CANARIES['HEALTH']}",
    f"Mein Profil: https://www.{CANARIES['URL_PERSONAL']} und meine IP ist {CANARIES['IP_ADDRESS']}",
]
FREE_TEXT_EN = [
    f"hi, my name is {EN_CANARIES['PERSON']}, I live at {EN_CANARIES['ADDRESS']}",
    f"my son has {EN_CANARIES['HEALTH']}, call me on {EN_CANARIES['PHONE']} or mail {EN_CANARIES['EMAIL']}",
]


def variants(value: str) -> List[str]:
    """The value as typed, and without separators (how numbers may be normalised in storage)."""
    compact = re.sub(r"[\s./-]", "", value)
    return sorted({value, value.lower(), compact})


def all_canaries() -> List[str]:
    return [v for value in list(CANARIES.values()) + list(EN_CANARIES.values()) for v in variants(value)]


async def converse(stack, language: str, lines: List[str]) -> str:
    visitor = await ChatVisitor(stack.url, language=language).connect()
    try:
        for line in lines:
            await visitor.say(line)
        return stack.conversation_id(visitor.session_id)
    finally:
        await visitor.close()


def database_dump(stack) -> str:
    """Every row of every table, except the vault's encrypted personal columns."""
    encrypted = {"name_encrypted", "email_encrypted", "phone_encrypted"}
    import psycopg2
    from contextlib import closing
    from tests.support.stack import POSTGRES_DSN

    parts = []
    with closing(psycopg2.connect(POSTGRES_DSN)) as connection, connection.cursor() as cursor:
        for table in stack.schema.tables():
            cursor.execute(f'SELECT * FROM "{stack.schema.name}"."{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor.fetchall():
                parts.append(json.dumps({c: str(v) for c, v in zip(columns, row) if c not in encrypted}))
    return "\n".join(parts)


def redis_dump(stack) -> str:
    client = stack.redis()
    parts = []
    for key in stack.redis_keys():
        parts.append(key.decode())
        kind = client.type(key).decode()
        if kind == "string":
            parts.append(client.get(key).decode("utf-8", "replace"))
        elif kind == "hash":
            parts.append(json.dumps({k.decode(): v.decode("utf-8", "replace") for k, v in client.hgetall(key).items()}))
        elif kind == "list":
            parts.extend(v.decode("utf-8", "replace") for v in client.lrange(key, 0, -1))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def canary_run(stack, run):
    consented = [
        "Ich möchte eine kostenlose Beratung", "Ja, ich willige ein", CANARIES["PERSON"], CANARIES["EMAIL"],
        CANARIES["PHONE"], "Bäckerei Huber GmbH", f"SEO; Rechnungsadresse {CANARIES['ADDRESS']}",
    ]
    refused = ["I'd like a consultation", "No, I don't agree", f"my email is {EN_CANARIES['EMAIL']} anyway"]
    sessions = {
        "free_de": run(converse(stack, "de", FREE_TEXT_DE)),
        "free_en": run(converse(stack, "en", FREE_TEXT_EN)),
        "consented": run(converse(stack, "de", consented)),
        "refused": run(converse(stack, "en", refused)),
    }
    return sessions


def test_no_canary_in_redis(stack, canary_run):
    dump = redis_dump(stack)
    assert dump, "the conversations must be in Redis"
    leaked = [c for c in all_canaries() if c in dump]
    assert not leaked, leaked


def test_no_canary_in_debug_logs(stack, canary_run):
    logs = stack.log_text()
    assert "DEBUG" in logs, "the servers must have logged at DEBUG level"
    leaked = [c for c in all_canaries() if c in logs]
    assert not leaked, leaked


def test_no_canary_in_database_outside_the_vault(stack, canary_run):
    dump = database_dump(stack)
    assert dump, "consents and leads must be in the database"
    leaked = [c for c in all_canaries() if c in dump]
    assert not leaked, leaked


def test_consented_lead_only_readable_through_the_vault(stack, canary_run):
    leads = {lead["conversation_id"]: lead for lead in stack_vault(stack).leads(include_drafts=True)}
    lead = leads[canary_run["consented"]]
    assert lead["name"] == CANARIES["PERSON"]
    assert lead["email"] == CANARIES["EMAIL"]
    assert lead["phone"] == CANARIES["PHONE"]
    assert canary_run["refused"] not in leads, "no lead without consent"
    assert canary_run["free_de"] not in leads


def test_every_key_expires(stack, canary_run):
    client = stack.redis()
    keys = stack.redis_keys()
    assert keys
    assert all(client.ttl(key) > 0 for key in keys), {k: client.ttl(k) for k in keys}
