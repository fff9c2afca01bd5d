"""Data-subject rights from inside the chat, in German and English, against the real stack."""
from __future__ import annotations

import pytest

from tests.integration.test_conversation import stack_vault
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration

LINES = {
    "de": {
        "book": ["Ich möchte eine Beratung", "Ja, ich willige ein", "Ich heiße Greta Probst",
                 "greta.probst@beispiel.example", "keine", "Probst Design", "Webdesign"],
        "access": "Welche Daten habt ihr über mich gespeichert?",
        "withdraw": "Ich widerrufe meine Einwilligung",
        "delete": "Bitte löscht alle meine Daten",
    },
    "en": {
        "book": ["I'd like a consultation", "Yes, I agree", "My name is Walter Fenwick",
                 "walter.fenwick@example.net", "skip", "Fenwick Garden Supplies", "Landing pages"],
        "access": "Send me a copy of the data you have about me",
        "withdraw": "I withdraw my consent",
        "delete": "Please delete all my data",
    },
}


async def book(visitor: ChatVisitor, language: str) -> None:
    for line in LINES[language]["book"]:
        await visitor.say(line)


def leads_of(stack, session_id):
    return [lead for lead in stack_vault(stack).leads(include_drafts=True) if lead["conversation_id"] == session_id]


@pytest.mark.parametrize("language", ["de", "en"])
def test_access_returns_the_visitors_own_data(stack, run, language):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            await book(visitor, language)
            return await visitor.say(LINES[language]["access"])
        finally:
            await visitor.close()

    replies = run(scenario())
    exports = [reply["diskret_export"] for reply in replies if "diskret_export" in reply]
    assert exports, texts(replies)
    export = exports[0]
    assert export["leads"][0]["email"] == LINES[language]["book"][3]
    assert any("[PERSON]" in (line.get("text") or "") for line in export["transcript"])
    assert export["consents"] and export["consents"][0]["purpose"] == "consultation_contact"


@pytest.mark.parametrize("language", ["de", "en"])
def test_withdrawal_deletes_the_lead(stack, run, language):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            await book(visitor, language)
            assert leads_of(stack, visitor.session_id), "the lead exists before withdrawal"
            return visitor.session_id, await visitor.say(LINES[language]["withdraw"])
        finally:
            await visitor.close()

    session_id, replies = run(scenario())
    assert not leads_of(stack, session_id)
    consents = stack_vault(stack).export_conversation(session_id)["consents"]
    assert consents and all(consent["withdrawn_at"] for consent in consents)
    assert texts(replies)


@pytest.mark.parametrize("language", ["de", "en"])
def test_deletion_erases_conversation_lead_and_consents(stack, run, language):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            await book(visitor, language)
            return visitor.session_id, await visitor.say(LINES[language]["delete"])
        finally:
            await visitor.close()

    session_id, replies = run(scenario())
    assert {"diskret_event": "conversation_erased"} in replies
    client = stack.redis()
    assert not [key for key in stack.redis_keys() if session_id.encode() in key]
    assert not leads_of(stack, session_id)
    assert not stack_vault(stack).export_conversation(session_id)["consents"]
    assert client.ping()
