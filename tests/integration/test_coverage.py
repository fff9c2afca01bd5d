"""Answers within a topic, about one named service and for the FAQ, over socket.io against the real stack."""
from __future__ import annotations

import pytest

from tests.integration.test_conversation import stack_vault
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration

VENDOR = {
    "de": ("Guten Tag, wir bieten Ihnen hochwertige SEO-Backlinks für Ihre Kunden an", "Ja gerne",
           "keine Angebote von Anbietern"),
    "en": ("Hello, we offer high quality SEO backlinks for your clients", "Yes please", "don't take offers from vendors"),
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_vendors_pitch_is_answered_and_never_becomes_a_lead(stack, run, language):
    pitch, yes, answer = VENDOR[language]

    async def chat():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            replies = [texts(await visitor.say(pitch)), texts(await visitor.say(yes))]
            return stack.conversation_id(visitor.session_id), replies
        finally:
            await visitor.close()

    conversation_id, (reply, after_yes) = run(chat())
    assert answer in reply, reply
    assert "einverstanden" not in after_yes and "Do you agree" not in after_yes, after_yes
    assert not [lead for lead in stack_vault(stack).leads(include_drafts=True) if lead["conversation_id"] == conversation_id]


@pytest.mark.parametrize("language, lines, expected", [
    ("de", ["Macht ihr Amazon Ads?", "Bist du ein Mensch?", "/ask_pricing", "Sucht ihr Mitarbeiter?"],
     ["Amazon Ads betreuen wir nicht", "Nein, ich bin ein KI-Assistent", "Unsere Preisrahmen", "Bewerbungen"]),
    ("en", ["Do you do Amazon Ads?", "Are you human?", "/ask_pricing", "Are you hiring?"],
     ["We don't manage Amazon Ads", "No, I'm an AI assistant", "Our price ranges", "applications"]),
])
def test_specific_answers_and_a_topic_button(stack, run, language, lines, expected):
    """The button's "/ask_pricing" skips NLU; it gets the general price answer (bot/rasa_patches.py)."""
    async def chat():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            return [texts(await visitor.say(line)) for line in lines]
        finally:
            await visitor.close()

    for reply, fragment in zip(run(chat()), expected):
        assert fragment in reply, (fragment, reply)
