"""Data-subject rights from inside the chat, in German and English, against the real stack."""
from __future__ import annotations

import asyncio
import json
import time

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
            asked = await visitor.say(LINES[language]["delete"])
            assert {"diskret_event": "conversation_erased"} not in asked, "asked first"
            return stack.conversation_id(visitor.session_id), await visitor.say({"de": "Ja", "en": "Yes"}[language])
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


# --- a request from an earlier chat, by its e-mail address (issue 16) ------------------------

LATER = {
    "de": {"withdraw": "Einwilligung widerrufen", "erase": "Löscht mein Formular von gestern", "yes": "Ja",
           "asked": "E-Mail-Adresse, die Sie damals angegeben haben", "confirm?": "wirklich",
           "done": {"withdraw": "ist sie jetzt widerrufen", "erase": "ist sie jetzt mit ihren Einwilligungsnachweisen gelöscht"}},
    "en": {"withdraw": "withdraw consent", "erase": "Delete the form I sent yesterday", "yes": "Yes",
           "asked": "e-mail address you gave then", "confirm?": "really",
           "done": {"withdraw": "it is now withdrawn", "erase": "it has now been deleted"}},
}
CRM_EVENTS = {"withdraw": "consent.withdrawn", "erase": "lead.erased"}
# Company and topic the model takes as answers ("Probst Design" is understood as a question
# about services, so the form asks again), so that the lead is submitted and reaches the CRM.
COMPANY_AND_TOPIC = {"de": ["Bäckerei Huber GmbH", "Suchmaschinenoptimierung für unseren Onlineshop"],
                     "en": ["Harbour Bikes Ltd", "Google Ads for our bike shop"]}


async def book_and_submit(visitor: ChatVisitor, language: str) -> None:
    for line in LINES[language]["book"][:5] + COMPANY_AND_TOPIC[language]:
        await visitor.say(line)


@pytest.fixture(scope="module")
def crm_rasa(stack):
    """A Rasa server whose action server pushes to a stand-in CRM (the shared stack has none)."""
    from tests.core.storage.crm import CRM, SECRET

    crm = CRM([200] * 50)
    try:
        port, _ = stack.start_probed("actions-crm", ["actions"], "ACTION_PORT",
                                     extra_env={"LEAD_WEBHOOK_URL": crm.url, "LEAD_WEBHOOK_SECRET": SECRET})
        rasa_port = stack.start_extra_rasa("rasa-crm", extra_env={"ACTION_SERVER_URL": f"http://127.0.0.1:{port}/webhook"})
        yield f"http://127.0.0.1:{rasa_port}", crm
    finally:
        stack.stop_process("rasa-crm")
        stack.stop_process("actions-crm")
        crm.close()


def crm_events_of(crm, lead_id: int) -> list:
    """The events the CRM got for one lead, each once (delivery is at least once: the CRM ignores an
    ``event_id`` it has seen)."""
    seen, events = set(), []
    for body in crm.bodies():
        if body.get("lead_id", body.get("id")) == lead_id and body["event_id"] not in seen:
            seen.add(body["event_id"])
            events.append(body["event"])
    return events


@pytest.mark.parametrize("language, request_kind", [("de", "withdraw"), ("en", "erase"), ("de", "erase"), ("en", "withdraw")])
def test_a_later_chat_withdraws_or_erases_the_earlier_lead_by_its_e_mail(stack, run, crm_rasa, language, request_kind):
    url, crm = crm_rasa
    later = LATER[language]
    address = LINES[language]["book"][3]

    async def scenario():
        earlier = await ChatVisitor(url, language=language).connect()
        try:
            await book_and_submit(earlier, language)
            earlier_id = stack.conversation_id(earlier.session_id)
        finally:
            await earlier.close()
        lead_ids = [lead["id"] for lead in leads_of(stack, earlier_id) if lead["status"] == "submitted"]
        visitor = await ChatVisitor(url, language=language).connect()
        try:
            asked = await visitor.say(later[request_kind])
            confirm = await visitor.say(address)
            redis_meanwhile = redis_dump(stack)
            done = await visitor.say(later["yes"])
            return earlier_id, lead_ids, stack.conversation_id(visitor.session_id), asked, confirm, redis_meanwhile, done
        finally:
            await visitor.close()

    earlier_id, lead_ids, later_id, asked, confirm, redis_meanwhile, done = run(scenario())
    assert later["asked"] in texts(asked), texts(asked)
    assert later["confirm?"] in texts(confirm), texts(confirm)
    assert later["done"][request_kind] in texts(done), texts(done)
    assert lead_ids and not leads_of(stack, earlier_id), "the earlier chat's lead is gone"
    consents = stack_vault(stack).export_conversation(earlier_id)["consents"]
    if request_kind == "withdraw":
        assert consents and all(consent["withdrawn_at"] for consent in consents)
    else:
        assert consents == []
    limit = time.monotonic() + 15
    while CRM_EVENTS[request_kind] not in crm_events_of(crm, lead_ids[0]) and time.monotonic() < limit:
        time.sleep(0.1)
    assert crm_events_of(crm, lead_ids[0]) == ["lead.created", CRM_EVENTS[request_kind]], crm.bodies()
    # the address was never stored raw: not in Redis (the tracker holds [EMAIL]), not in the logs
    for raw in (address.lower(), address.split("@")[0].lower()):
        assert raw not in redis_meanwhile.lower() and raw not in redis_dump(stack).lower()
    assert "[EMAIL]" in redis_meanwhile
    assert not [key for key in stack.redis_keys() if key.endswith(f":rights:{later_id}".encode())], "request forgotten"
    assert address.lower() not in stack.log_text().lower()


def test_someone_elses_address_gets_the_same_answer_and_nothing_else(stack, run, crm_rasa):
    """An attacker who types an address learns nothing: the same words with or without a lead."""
    url, _ = crm_rasa

    async def ask(address):
        visitor = await ChatVisitor(url, language="de").connect()
        try:
            await visitor.say(LATER["de"]["erase"])
            await visitor.say(address)
            return texts(await visitor.say("Ja"))
        finally:
            await visitor.close()

    async def scenario():
        earlier = await ChatVisitor(url, language="de").connect()
        try:
            await book_and_submit(earlier, "de")
        finally:
            await earlier.close()
        return await ask(LINES["de"]["book"][3]), await ask("niemand.hier@beispiel.example")

    with_lead, without_lead = run(scenario())
    assert with_lead == without_lead and with_lead


@pytest.mark.parametrize("language", ["de", "en"])
def test_deletion_in_this_chat_asks_first_and_no_keeps_everything(stack, run, language):
    no = {"de": "Nein", "en": "No"}[language]

    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            await book(visitor, language)
            asked = await visitor.say(LINES[language]["delete"])
            kept = await visitor.say(no)
            return stack.conversation_id(visitor.session_id), asked, kept
        finally:
            await visitor.close()

    conversation_id, asked, kept = run(scenario())
    assert {"diskret_event": "conversation_erased"} not in asked + kept
    buttons = [button["payload"] for reply in asked for button in reply.get("quick_replies") or reply.get("buttons") or []]
    assert buttons == ["/confirm_data_deletion", "/deny"], asked
    assert {"de": "nichts gelöscht", "en": "haven't deleted anything"}[language] in texts(kept)
    assert leads_of(stack, conversation_id), "the lead is kept"
