"""The consultation form's validation and submission."""
from __future__ import annotations

import asyncio
import json

import pytest

from actions.consultation import CONSENT_PURPOSE, ActionSubmitConsultation, ValidateConsultationForm
from actions.consultation import consent_text
from actions.responses import render_response
from core import agency
from core.lead_state import lead_state_key
from core.settings import get_settings
from tests.actions.conftest import make_tracker


def form_tracker(slots, slot, intent="inform"):
    """A tracker in the form, right after the visitor answered the question for ``slot``."""
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": str(slots[slot]), "parse_data": {"intent": {"name": intent}}},
        {"event": "slot", "name": slot, "value": slots[slot]},
    ]
    return make_tracker({**slots, "requested_slot": slot}, intent=intent, events=events, active_loop="consultation_form")


def run_validation(tracker, dispatcher, domain):
    return asyncio.run(ValidateConsultationForm().run(dispatcher, tracker, domain))


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_consent_is_recorded_with_exact_text_and_next_field_announced(dispatcher, domain, lead_vault, fake_redis):
    tracker = form_tracker({"contact_consent": True}, "contact_consent", intent="affirm")
    events = run_validation(tracker, dispatcher, domain)
    assert slot_events(events)["contact_consent"] is True
    consent = lead_vault.export_conversation("conv-test-1")["consents"][0]
    assert consent["purpose"] == CONSENT_PURPOSE
    assert "einverstanden" in consent["consent_text"].lower() or "einwillig" in consent["consent_text"].lower()
    assert consent["consent_version"].startswith("sha256:")
    state = json.loads(fake_redis.get(lead_state_key(get_settings(), "conv-test-1")))
    assert state == {"consent": True, "awaiting": "lead_name"}
    assert 0 < fake_redis.ttl(lead_state_key(get_settings(), "conv-test-1")) <= get_settings().session_ttl_seconds


def test_no_consent_ends_the_form_without_any_record(dispatcher, domain, lead_vault, fake_redis):
    tracker = form_tracker({"contact_consent": False}, "contact_consent", intent="deny")
    events = run_validation(tracker, dispatcher, domain)
    assert slot_events(events).get("contact_consent") is not True
    assert lead_vault.export_conversation("conv-test-1") == {"conversation_id": "conv-test-1", "leads": [], "consents": []}
    assert not fake_redis.keys()


def test_email_without_placeholder_is_asked_again(dispatcher, domain):
    tracker = form_tracker({"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "keine ahnung"}, "lead_email")
    events = run_validation(tracker, dispatcher, domain)
    assert slot_events(events)["lead_email"] is None
    assert dispatcher.messages[-1]["response"] == "utter_invalid_email"


def test_placeholder_email_is_accepted(dispatcher, domain):
    tracker = form_tracker({"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "klar, [EMAIL]"}, "lead_email")
    assert slot_events(run_validation(tracker, dispatcher, domain))["lead_email"] == "[EMAIL]"


def test_phone_can_be_skipped_with_a_no(dispatcher, domain):
    tracker = form_tracker({"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "[EMAIL]",
                            "lead_phone": "keine"}, "lead_phone", intent="deny")
    assert slot_events(run_validation(tracker, dispatcher, domain))["lead_phone"] == "skipped"


def test_no_instead_of_a_name_cancels_and_deletes_the_draft(dispatcher, domain, lead_vault):
    lead_vault.record_consent("conv-test-1", CONSENT_PURPOSE, "text", "v1", "de")
    tracker = form_tracker({"contact_consent": True, "lead_name": "nein"}, "lead_name", intent="deny")
    events = slot_events(run_validation(tracker, dispatcher, domain))
    assert events["contact_consent"] is False
    assert not lead_vault.has_active_consent("conv-test-1", CONSENT_PURPOSE)


def test_submit_hands_the_lead_to_the_vault(dispatcher, domain, lead_vault, fake_redis):
    lead_vault.record_consent("conv-test-1", CONSENT_PURPOSE, "text", "v1", "de")
    lead_vault.capture("conv-test-1", "email", "anna@example.org")
    tracker = make_tracker({"contact_consent": True, "lead_company": "Bäckerei Huber GmbH", "lead_topic": "SEO"})
    events = asyncio.run(ActionSubmitConsultation().run(dispatcher, tracker, domain))
    lead = lead_vault.leads()[0]
    assert (lead["email"], lead["company"], lead["topic"], lead["status"]) == ("anna@example.org", "Bäckerei Huber GmbH", "SEO", "submitted")
    assert dispatcher.messages[-1]["response"] == "utter_lead_submitted"
    assert all(e["value"] is None for e in events)


def test_submit_without_consent_stores_nothing(dispatcher, domain, lead_vault):
    tracker = make_tracker({"contact_consent": False})
    asyncio.run(ActionSubmitConsultation().run(dispatcher, tracker, domain))
    assert lead_vault.leads(include_drafts=True) == []
    assert dispatcher.messages[-1]["response"] == "utter_consent_declined"


def test_phone_can_be_skipped_with_a_word_even_if_not_understood_as_no(dispatcher, domain):
    tracker = form_tracker({"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "[EMAIL]",
                            "lead_phone": "Skip"}, "lead_phone", intent="inform")
    assert slot_events(run_validation(tracker, dispatcher, domain))["lead_phone"] == "skipped"


def test_phone_without_placeholder_is_asked_again(dispatcher, domain):
    tracker = form_tracker({"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "[EMAIL]",
                            "lead_phone": "morgen vielleicht"}, "lead_phone", intent="inform")
    assert slot_events(run_validation(tracker, dispatcher, domain))["lead_phone"] is None
    assert dispatcher.messages[-1]["response"] == "utter_invalid_phone"


# --- issue 16: questions, cancelling and rights requests at every step -------------------------

STEP_SLOTS = {
    "lead_name": {"contact_consent": True},
    "lead_email": {"contact_consent": True, "lead_name": "[PERSON]"},
    "lead_phone": {"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "[EMAIL]"},
    "lead_company": {"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "[EMAIL]", "lead_phone": "skipped"},
    "lead_topic": {"contact_consent": True, "lead_name": "[PERSON]", "lead_email": "[EMAIL]", "lead_phone": "skipped",
                   "lead_company": "Bäckerei Huber GmbH"},
}
DIGRESSIONS = [
    ("Was kostet SEO?", "ask_pricing"), ("what do you do with my data?", "ask_privacy"),
    ("bist du ein bot", "ask_bot"), ("Welche Daten habt ihr über mich?", "request_data_access"),
    ("Lösch meine Daten", "request_data_deletion"), ("/request_data_deletion", "request_data_deletion"),
    ("Einwilligung widerrufen", "withdraw_consent"), ("withdraw consent", "withdraw_consent"),
]


def mapping_of(domain, slot):
    return next(m for m in domain["slots"][slot]["mappings"] if m["type"] == "from_text")


@pytest.mark.parametrize("slot", list(STEP_SLOTS))
@pytest.mark.parametrize("text,intent", DIGRESSIONS)
def test_a_question_or_rights_request_is_no_answer_at_any_step(slot, text, intent, dispatcher, domain, lead_vault):
    """The domain's mapping does not fill the step from it (so the form is rejected and a rule answers),
    and validation, should it see one, neither stores it nor calls it invalid."""
    if slot == "lead_topic" and intent == "ask_services":
        pytest.skip("a topic may name a service")
    assert intent in mapping_of(domain, slot)["not_intent"], (slot, intent)
    lead_vault.record_consent("conv-test-1", CONSENT_PURPOSE, "text", "v1", "de")
    tracker = form_tracker({**STEP_SLOTS[slot], slot: text}, slot, intent=intent)
    events = slot_events(run_validation(tracker, dispatcher, domain))
    assert events.get(slot) is None
    assert events.get("contact_consent") is not False, "a question does not end the form"
    assert not [m for m in dispatcher.messages if str(m.get("response")).startswith("utter_invalid")]
    assert lead_vault.has_active_consent("conv-test-1", CONSENT_PURPOSE)


def test_not_an_answer_matches_the_domain_mappings(domain):
    from actions.consultation import NOT_AN_ANSWER

    for slot, intents in NOT_AN_ANSWER.items():
        assert set(mapping_of(domain, slot)["not_intent"]) == intents, slot


@pytest.mark.parametrize("slot", ["lead_name", "lead_email", "lead_company", "lead_topic"])
@pytest.mark.parametrize("text", ["nein danke", "no thanks"])
def test_no_thanks_at_a_step_ends_the_form_and_clears_the_lead_state(slot, text, dispatcher, domain, lead_vault, fake_redis):
    lead_vault.record_consent("conv-test-1", CONSENT_PURPOSE, "text", "v1", "de")
    lead_vault.capture("conv-test-1", "name", "Greta Probst")
    fake_redis.set(lead_state_key(get_settings(), "conv-test-1"), json.dumps({"consent": True, "awaiting": slot}))
    tracker = form_tracker({**STEP_SLOTS[slot], slot: text}, slot, intent="deny")
    events = run_validation(tracker, dispatcher, domain)
    assert slot_events(events)["contact_consent"] is False
    assert slot_events(events).get("requested_slot") is None
    assert not lead_vault.leads(include_drafts=True)
    assert not fake_redis.exists(lead_state_key(get_settings(), "conv-test-1"))


@pytest.mark.parametrize("language, words", [
    ("de", ["freiwillig", "widerruf", "CRM", "verschlüsselt", "Datenschutzerklärung: http", "datenschutz.html"]),
    ("en", ["voluntary", "withdraw", "CRM", "encrypted", "Privacy notice: http", "privacy.html"]),
])
def test_the_consent_text_says_what_consent_is_for_and_how_to_take_it_back(domain, language, words):
    """Purpose, voluntariness, recipients, withdrawal in the chat and by e-mail, and the notice in the visitor's language."""
    text = consent_text(domain, language)
    email = agency.response_variables(language)["agency_email"]
    assert all(word in text for word in words) and email in text, text


def test_the_consent_record_keeps_both_messages_of_the_consent_text(dispatcher, domain, lead_vault, fake_redis):
    """The consent text is sent as information, then question; the visitor agreed to both."""
    run_validation(form_tracker({"contact_consent": True}, "contact_consent", intent="affirm"), dispatcher, domain)
    text = lead_vault.export_conversation("conv-test-1")["consents"][0]["consent_text"]
    assert text == consent_text(domain, "de")
    assert "CRM" in text and "freiwillig" in text and "einverstanden" in text


def test_a_service_button_at_the_topic_step_names_the_topic(dispatcher, domain):
    tracker = form_tracker({**STEP_SLOTS["lead_topic"], "lead_topic": '/ask_services{"service":"seo"}'}, "lead_topic",
                           intent="ask_services")
    tracker.latest_message["entities"] = [{"entity": "service", "value": "seo"}]
    events = run_validation(tracker, dispatcher, domain)
    assert slot_events(events)["lead_topic"] == agency.service_names("de")["seo"]
