"""The consultation form holds (issue 16): questions, cancelling and rights requests at every
step, through the real stack, in German and English. These are the findings that happen before
Rasa sees a message (the intake took "Einwilligung widerrufen" for a name) or only with the
action server and the trained model together (a question came back as "invalid e-mail")."""
from __future__ import annotations

from typing import List

import pytest

from core.lead_state import lead_state_key
from core.settings import Settings
from tests.integration.test_conversation import stack_vault
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration

ERASED = {"diskret_event": "conversation_erased"}
WIDGET_DELETE_BUTTON = "/confirm_data_deletion"  # what widget/src/widget.js sends for a confirmed "Löschen"

LINES = {
    "de": {
        "start": "Ich möchte eine unverbindliche Beratung",
        "consent": "Ja, ich willige ein",
        "name": "Ich heiße Greta Probst",
        "email": "greta.probst@beispiel.example",
        "phone": "keine",
        "company": "Bäckerei Huber GmbH",
        "topic": "Suchmaschinenoptimierung für unseren Onlineshop",
        "withdraw": "Einwilligung widerrufen",
        "delete": "Lösch meine Daten",
        "confirm": "Ja",
        "cancel": "nein danke",
        "question": "Was kostet SEO?",
        "offer": "Was bietet ihr an?",
        "yes": "Ja, gerne",
        "no": "Nein, danke",
    },
    "en": {
        "start": "I'd like a free consultation",
        "consent": "Yes, I agree",
        "name": "My name is Walter Fenwick",
        "email": "walter.fenwick@example.net",
        "phone": "skip",
        "company": "Harbour Bikes Ltd",
        "topic": "Google Ads for our bike shop",
        "withdraw": "withdraw consent",
        "delete": "delete my data",
        "confirm": "yes",
        "cancel": "no thanks",
        "question": "what do you do with my data?",
        "offer": "Which services do you offer?",
        "yes": "yes please",
        "no": "no thanks",
    },
}
# Fragments of the replies (domain/responses/), per language.
SAYS = {
    "de": {"name?": "Namen", "email?": "E-Mail-Adresse", "phone?": "Telefonnummer", "company?": "Unternehmen",
           "topic?": "Worum geht es", "invalid": "nicht", "answer": "Preisrahmen", "withdrawn": "Einwilligung ist widerrufen",
           "declined": "keine Kontaktdaten gespeichert", "consent?": "einverstanden", "anything else?": "sonst noch",
           "goodbye": "Wiedersehen"},
    "en": {"name?": "name", "email?": "e-mail address", "phone?": "phone number", "company?": "company",
           "topic?": "What would you like to discuss", "invalid": "Sorry", "answer": "how we handle your data", "withdrawn": "consent has been withdrawn",
           "declined": "no contact details have been saved", "consent?": "Do you agree", "anything else?": "Is there anything else",
           "goodbye": "goodbye"},
}
STEPS = ("name", "email", "phone", "company", "topic")


@pytest.fixture(autouse=True)
def no_flood_counters(stack):
    client = stack.redis()
    for key in client.scan_iter(match=f"{stack.prefix}:rate:*"):
        client.delete(key)


def leads_of(stack, session_id) -> List[dict]:
    return [lead for lead in stack_vault(stack).leads(include_drafts=True) if lead["conversation_id"] == stack.conversation_id(session_id)]


def lead_state_exists(stack, session_id) -> bool:
    return bool(stack.redis().exists(lead_state_key(Settings(redis_key_prefix=stack.prefix), stack.conversation_id(session_id))))


async def up_to(visitor: ChatVisitor, language: str, step: str) -> List[list]:
    """Start the form, consent, and answer every step before ``step``."""
    lines = LINES[language]
    turns = [await visitor.say(lines["start"]), await visitor.say(lines["consent"])]
    for previous in STEPS[:STEPS.index(step)]:
        turns.append(await visitor.say(lines[previous]))
    return turns


def conversation(stack, run, language, script):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            return visitor.session_id, await script(visitor)
        finally:
            await visitor.close()
    return run(scenario())


@pytest.mark.parametrize("language", ["de", "en"])
def test_withdrawing_at_the_name_step_withdraws_and_ends_the_form(stack, run, language):
    """Finding: "Einwilligung widerrufen", the very phrase the consent text offers, was taken as a name."""
    async def script(visitor):
        turns = await up_to(visitor, language, "name")
        assert lead_state_exists(stack, visitor.session_id), "consent given: the intake awaits the name"
        return turns + [await visitor.say(LINES[language]["withdraw"])]

    session_id, turns = conversation(stack, run, language, script)
    reply = texts(turns[-1])
    assert SAYS[language]["withdrawn"] in reply, reply
    assert not leads_of(stack, session_id), "no draft with the phrase as a name"
    consents = stack_vault(stack).export_conversation(stack.conversation_id(session_id))["consents"]
    assert consents and all(consent["withdrawn_at"] for consent in consents)
    assert not lead_state_exists(stack, session_id)
    after = conversation_after(stack, run, language, session_id)
    assert SAYS[language]["name?"] not in after, "the form is over"


def conversation_after(stack, run, language, session_id) -> str:
    """What the bot says next in the same conversation (the form must not pick up again)."""
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language, session_id=session_id).connect()
        try:
            return texts(await visitor.say(LINES[language]["offer"]))
        finally:
            await visitor.close()
    return run(scenario())


@pytest.mark.parametrize("language", ["de", "en"])
def test_delete_request_at_the_name_step_erases(stack, run, language):
    """Finding: "Lösch meine Daten" at the name step was redacted to [PERSON] and stored as the name."""
    async def script(visitor):
        turns = await up_to(visitor, language, "name")
        asked = await visitor.say(LINES[language]["delete"])
        assert ERASED not in asked, "asked first"
        return turns + [asked, await visitor.say(LINES[language]["confirm"])]

    session_id, turns = conversation(stack, run, language, script)
    assert ERASED in turns[-1], texts(turns[-1])
    assert not leads_of(stack, session_id)
    assert not stack_vault(stack).export_conversation(stack.conversation_id(session_id))["consents"]
    assert not [key for key in stack.redis_keys() if stack.conversation_id(session_id).encode() in key]


@pytest.mark.parametrize("language", ["de", "en"])
def test_widget_delete_button_at_the_email_step_erases(stack, run, language):
    """Finding: the header's Löschen button answered "not recognised as an e-mail" and erased nothing."""
    async def script(visitor):
        turns = await up_to(visitor, language, "email")
        assert leads_of(stack, visitor.session_id), "the name is in the draft before the button"
        return turns + [await visitor.say(WIDGET_DELETE_BUTTON, timeout=10)]

    session_id, turns = conversation(stack, run, language, script)
    assert ERASED in turns[-1], texts(turns[-1])
    assert not leads_of(stack, session_id)
    assert not stack_vault(stack).export_conversation(stack.conversation_id(session_id))["consents"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_question_at_every_step_is_answered_and_the_step_asked_again(stack, run, language):
    """Finding: at the name, e-mail and phone steps a question came back as an invalid answer."""
    lines, says = LINES[language], SAYS[language]

    async def script(visitor):
        await up_to(visitor, language, "name")
        asked = {}
        for step in STEPS:
            asked[step] = await visitor.say(lines["question"])
            await visitor.say(lines[step])
        return asked

    session_id, asked = conversation(stack, run, language, script)
    for step, replies in asked.items():
        assert says["answer"] in texts(replies[:-1]), (step, texts(replies))
        assert says[f"{step}?"] in replies[-1].get("text", ""), (step, texts(replies))
    leads = leads_of(stack, session_id)
    assert len(leads) == 1 and leads[0]["status"] == "submitted", leads
    assert leads[0]["email"] == lines["email"]
    assert leads[0]["name"] in lines["name"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_thanks_at_the_name_step_cancels_politely(stack, run, language):
    """Finding: "nein danke" at the name step was taken as the name."""
    async def script(visitor):
        turns = await up_to(visitor, language, "name")
        return turns + [await visitor.say(LINES[language]["cancel"])]

    session_id, turns = conversation(stack, run, language, script)
    reply = texts(turns[-1])
    assert SAYS[language]["declined"] in reply, reply
    assert not leads_of(stack, session_id)
    assert all(consent["withdrawn_at"] for consent in stack_vault(stack).export_conversation(stack.conversation_id(session_id))["consents"])
    assert not lead_state_exists(stack, session_id)


@pytest.mark.parametrize("language", ["de", "en"])
def test_yes_and_no_are_answered_in_context(stack, run, language):
    """Finding: "Ja, gerne" to the consultation offer got "anything else?"; "Nein, danke" to that looped."""
    lines, says = LINES[language], SAYS[language]

    async def script(visitor):
        offer = await visitor.say(lines["offer"])
        yes = await visitor.say(lines["yes"])
        declined = await visitor.say(lines["no"])
        closing = await visitor.say(lines["no"])
        return [offer, yes, declined, closing]

    _, (offer, yes, declined, closing) = conversation(stack, run, language, script)
    assert says["consent?"] in texts(yes), texts(yes)
    assert any(reply.get("quick_replies") for reply in yes), "the consent question with its buttons"
    assert says["anything else?"] in texts(declined), texts(declined)
    assert says["goodbye"] in texts(closing) and says["anything else?"] not in texts(closing), texts(closing)
