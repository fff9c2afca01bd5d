"""German and English conversations over socket.io against the real stack, consent form included."""
from __future__ import annotations

import json

import pytest

from core.storage.database import Database
from core.storage.crypto import VaultCrypto
from core.storage.vault import LeadVault
from bot.channel import SWITCH_CONFIRMATIONS
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration

CONVERSATIONS = {
    "de": {
        "hello": "Hallo zusammen",
        "disclosure": "KI",
        "consultation": "Ich hätte gern eine kostenlose Beratung",
        "yes": "Ja, ich willige ein",
        "name": "Ich bin Frieda Testfrau",
        "email": "frieda.testfrau@beispiel.example",
        "phone": "keine",
        "company": "Bäckerei Huber GmbH",
        "topic": "Suchmaschinenoptimierung für unseren Onlineshop",
    },
    "en": {
        "hello": "Hello there",
        "disclosure": "AI",
        "consultation": "I would like to book a free consultation",
        "yes": "Yes, I agree",
        "name": "My name is Oliver Sampleton",
        "email": "oliver.sampleton@example.org",
        "phone": "+44 20 7946 0958",
        "company": "Harbour Bikes Ltd",
        "topic": "Google Ads for our bike shop",
    },
}


def stack_vault(stack) -> LeadVault:
    return LeadVault(Database(stack.env["DATABASE_URL"]), VaultCrypto(stack.env["VAULT_KEY"], stack.env["LOOKUP_HASH_KEY"]))


async def consultation(stack, language: str) -> tuple:
    lines = CONVERSATIONS[language]
    visitor = await ChatVisitor(stack.url, language=language).connect()
    try:
        transcript = [await visitor.say(lines["hello"])]
        for key in ("consultation", "yes", "name", "email", "phone", "company", "topic"):
            transcript.append(await visitor.say(lines[key]))
        return stack.conversation_id(visitor.session_id), transcript
    finally:
        await visitor.close()


@pytest.mark.parametrize("language", ["de", "en"])
def test_consultation_conversation_over_socketio(stack, run, language):
    conversation_id, transcript = run(consultation(stack, language))
    first_reply = transcript[0][0]["text"]
    assert CONVERSATIONS[language]["disclosure"] in first_reply, "the first message must disclose the AI"
    consent_question = transcript[1]
    assert any(reply.get("quick_replies") for reply in consent_question), "consent is asked with explicit buttons"
    assert all(len(turn) >= 1 for turn in transcript), "every message got a reply (rooms joined with persistence on)"
    closing = texts(transcript[-1]).lower()
    assert ("dank" in closing) if language == "de" else ("thank" in closing)

    key = f"{stack.prefix}:tracker:{conversation_id}".encode()
    client = stack.redis()
    assert client.exists(key)
    ttl = client.ttl(key)
    assert 0 < ttl <= 1800
    stored = json.loads(client.get(key))
    user_texts = [event.get("text") for event in stored["events"] if event["event"] == "user"]
    assert "[EMAIL]" in " ".join(user_texts)
    assert CONVERSATIONS[language]["email"] not in json.dumps(stored)

    leads = [lead for lead in stack_vault(stack).leads() if lead["conversation_id"] == conversation_id]
    assert len(leads) == 1
    assert leads[0]["email"] == CONVERSATIONS[language]["email"]
    assert leads[0]["company"] == CONVERSATIONS[language]["company"]


def test_consent_refused_stores_no_lead_and_gives_contact_details(stack, run):
    async def refuse():
        visitor = await ChatVisitor(stack.url, language="de").connect()
        try:
            await visitor.say("Können Sie mich zurückrufen?")
            return stack.conversation_id(visitor.session_id), await visitor.say("Nein, lieber nicht")
        finally:
            await visitor.close()

    conversation_id, replies = run(refuse())
    assert "@" in texts(replies), "a refusal still gets the agency's contact details"
    assert not [lead for lead in stack_vault(stack).leads(include_drafts=True) if lead["conversation_id"] == conversation_id]


def test_reconnect_with_same_session_keeps_receiving_replies(stack, run):
    async def reconnect():
        first = await ChatVisitor(stack.url, language="en").connect()
        await first.say("hi")
        session_id = first.session_id
        await first.close()
        again = await ChatVisitor(stack.url, language="en", session_id=session_id).connect()
        try:
            return session_id, again.session_id, await again.say("what services do you offer")
        finally:
            await again.close()

    original, resumed, replies = run(reconnect())
    assert resumed == original
    assert "SEO" in texts(replies)


def test_the_visitor_can_switch_the_language(stack, run):
    """On a German page: "English please" switches the answers for the session, "auf Deutsch bitte" back,
    and a message clearly in English is answered in English."""
    async def chat():
        visitor = await ChatVisitor(stack.url, language="de").connect()
        try:
            return [texts(await visitor.say(line)) for line in (
                "English please", "Was bietet ihr an?", "auf Deutsch bitte", "Was bietet ihr an?",
                "What services do you offer for my shop?")]
        finally:
            await visitor.close()

    switched, services_en, back, services_de, clear = run(chat())
    assert switched == SWITCH_CONFIRMATIONS["en"]
    assert "what we offer" in services_en, services_en
    assert back == SWITCH_CONFIRMATIONS["de"]
    assert "Leistungen" in services_de or "bieten" in services_de, services_de
    assert "what we offer" in clear, clear


@pytest.mark.parametrize("language, lines, offer", [
    ("de", ["Wie wird das Wetter morgen in Hamburg?", "Kannst du mir ein Gedicht über Katzen schreiben?"],
     "Menschen aus unserem Team"),
    ("en", ["What's the weather like tomorrow in Hamburg?", "Can you write me a poem about cats?"], "talk to a person"),
])
def test_two_misunderstandings_in_a_row_offer_a_person(stack, run, language, lines, offer):
    async def chat():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            return [await visitor.say(line) for line in lines]
        finally:
            await visitor.close()

    first, second = run(chat())
    assert offer not in texts(first)
    assert offer in texts(second), texts(second)
    assert any(button["payload"] == "/request_human" for reply in second for button in reply.get("quick_replies") or
               reply.get("buttons") or [])
