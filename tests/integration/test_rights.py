"""Data-subject rights from inside the chat, in German and English, against the real stack."""
from __future__ import annotations

import asyncio
import json

import pytest

from tests.integration.test_canary import redis_dump
from tests.integration.test_conversation import stack_vault
from tests.support.chat import TURN_DONE, ChatVisitor, texts

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


def leads_of(stack, conversation_id):
    return [lead for lead in stack_vault(stack).leads(include_drafts=True) if lead["conversation_id"] == conversation_id]


def waiting(queue: asyncio.Queue) -> list:
    """Every reply that arrived in ``queue`` and was not read yet (end-of-turn notices aside)."""
    items = []
    while not queue.empty():
        item = queue.get_nowait()
        if item is not TURN_DONE:
            items.append(item)
    return items


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
            conversation_id = stack.conversation_id(visitor.session_id)
            assert leads_of(stack, conversation_id), "the lead exists before withdrawal"
            return conversation_id, await visitor.say(LINES[language]["withdraw"])
        finally:
            await visitor.close()

    conversation_id, replies = run(scenario())
    assert not leads_of(stack, conversation_id)
    consents = stack_vault(stack).export_conversation(conversation_id)["consents"]
    assert consents and all(consent["withdrawn_at"] for consent in consents)
    assert texts(replies)


@pytest.mark.parametrize("language", ["de", "en"])
def test_deletion_erases_conversation_lead_and_consents(stack, run, language):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            await book(visitor, language)
            return stack.conversation_id(visitor.session_id), await visitor.say(LINES[language]["delete"])
        finally:
            await visitor.close()

    conversation_id, replies = run(scenario())
    assert {"diskret_event": "conversation_erased"} in replies
    client = stack.redis()
    assert not [key for key in stack.redis_keys() if conversation_id.encode() in key]
    assert not leads_of(stack, conversation_id)
    assert not stack_vault(stack).export_conversation(conversation_id)["consents"]
    assert client.ping()


def test_knowing_the_conversation_id_gives_no_access_to_the_conversation(stack, run):
    """The console shows conversation ids; a second client that uses one must hear nothing of the
    conversation, least of all the decrypted lead export, while its visitor still gets the export."""
    lines = LINES["de"]

    async def scenario():
        visitor = await ChatVisitor(stack.url, language="de").connect()
        attacker = None
        try:
            await book(visitor, "de")
            conversation_id = stack.conversation_id(visitor.session_id)
            assert leads_of(stack, conversation_id), "the victim's lead is in the vault"
            # joins with the id as staff see it, and writes with it as its session_id
            attacker = await ChatVisitor(stack.url, language="de", session_id=conversation_id).connect()
            assert attacker.session_id == conversation_id
            attempt = await attacker.say("Welche Daten habt ihr über mich?")
            exported = await visitor.say("Welche Daten habt ihr über mich?")
            await asyncio.sleep(2)
            return conversation_id, visitor.session_id, attempt, exported, waiting(attacker.replies)
        finally:
            await visitor.close()
            if attacker is not None:
                await attacker.close()

    conversation_id, token, attempt, exported, overheard = run(scenario())
    assert overheard == [], "the attacker received replies of the visitor's conversation"
    attacker_exports = [reply["diskret_export"] for reply in attempt if "diskret_export" in reply]
    assert attacker_exports, texts(attempt)  # the attacker's own conversation, which is empty
    assert all(export["conversation_id"] != conversation_id and not export["leads"] and not export["consents"]
               for export in attacker_exports), attacker_exports
    received = json.dumps(attempt, ensure_ascii=False)
    assert lines["book"][3] not in received and "Greta" not in received and "Probst" not in received

    exports = [reply["diskret_export"] for reply in exported if "diskret_export" in reply]
    assert exports and exports[0]["conversation_id"] == conversation_id, texts(exported)
    assert exports[0]["leads"][0]["email"] == lines["book"][3]
    # the token that opens the conversation is kept nowhere on the server
    assert token not in redis_dump(stack) and token not in stack.log_text()
