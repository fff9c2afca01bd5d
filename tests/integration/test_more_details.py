"""Short answers and 'Mehr erfahren' over socket.io against the real stack: the buttons' payloads
(intent plus entity, no NLU) reach the rules, the action server's service answers are filled with
the agency's facts, and no message is longer than 450 characters."""
from __future__ import annotations

import pytest

from core.agency import load_facts, service_names
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration

MAX_CHARS = 450
SAYS = {
    "de": {"privacy": "Was passiert mit meinen Daten?", "details": "Arbeitsspeicher", "price": "Preisrahmen",
           "consultation": "Ich hätte gern eine kostenlose Beratung", "info": "CRM", "question": "einverstanden"},
    "en": {"privacy": "What do you do with my data?", "details": "memory", "price": "Price range",
           "consultation": "I would like to book a free consultation", "info": "CRM", "question": "Do you agree"},
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_more_details_buttons_lead_to_the_details(stack, run, language):
    says = SAYS[language]

    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            turns = [await visitor.say(says["privacy"]),
                     await visitor.say('/ask_privacy{"detail":"more"}'),
                     await visitor.say('/ask_pricing{"detail":"more"}'),
                     await visitor.say('/ask_services{"service":"seo"}'),
                     await visitor.say(says["consultation"])]
            return turns
        finally:
            await visitor.close()

    privacy, details, picker, service, consent = run(scenario())
    assert any(r.get("quick_replies") for r in privacy)
    assert says["details"] in texts(details)
    titles = [q["title"] for r in picker for q in r.get("quick_replies") or []]
    assert titles == list(service_names(language).values())
    seo = next(s for s in load_facts()["services"] if s["key"] == "seo")
    assert says["price"] in texts(service) and seo["price"][language] in texts(service)
    # The information first, the question last and with its buttons (Rasa's socket.io channel
    # also sends each paragraph of a text as a bubble of its own).
    assert says["info"] in consent[0]["text"] and says["question"] in consent[-1]["text"]
    assert consent[-1].get("quick_replies") and not any(r.get("quick_replies") for r in consent[:-1])
    every = [r.get("text") or "" for turn in (privacy, details, picker, service, consent) for r in turn]
    assert max(len(text) for text in every) <= MAX_CHARS, every
