"""The Rasa patches apply to the pinned Rasa only."""
import pytest

from bot import rasa_patches


def test_the_installed_rasa_is_the_pinned_one():
    rasa_patches.check_rasa_version()


@pytest.mark.parametrize("version", ["3.6.20", "3.7.0", "3.6.21rc1", ""])
def test_any_other_rasa_is_refused(version):
    with pytest.raises(rasa_patches.UnsupportedRasaVersion, match="3.6.21"):
        rasa_patches.check_rasa_version(version)


def test_install_refuses_before_patching(monkeypatch):
    from rasa.core.actions.action import RemoteAction

    import rasa.version

    monkeypatch.setattr(rasa.version, "__version__", "3.7.0")
    before = RemoteAction.run
    with pytest.raises(rasa_patches.UnsupportedRasaVersion):
        rasa_patches.install()
    assert RemoteAction.run is before


def _remote_action():
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    rasa_patches.install()
    return RemoteAction("action_test", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_action_results_are_still_validated():
    from jsonschema import ValidationError

    action = _remote_action()
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}], "responses": []})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})
    with pytest.raises(ValidationError):
        action._validate_action_result({"responses": "not a list"})


def test_the_schema_is_not_checked_again_per_action(monkeypatch):
    """``jsonschema.validate`` re-checks the schema and builds a validator on every call (19 ms)."""
    import jsonschema

    action = _remote_action()
    monkeypatch.setattr(jsonschema, "validate", lambda *args, **kwargs: pytest.fail("validate called per action"))
    assert action._validate_action_result({"events": [], "responses": []})


def _retrieval_answer(parse_data):
    """What ``utter_ask_pricing`` (a retrieval action) says after a message parsed as ``parse_data``."""
    import asyncio
    from types import SimpleNamespace

    from rasa.core.actions.action import ActionRetrieveResponse
    from rasa.core.channels import CollectingOutputChannel
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.nlg import AgencyResponseGenerator

    rasa_patches.install()
    responses = {"utter_ask_pricing/general": [{"text": "All prices"}], "utter_ask_pricing/chf": [{"text": "In CHF"}]}
    domain = SimpleNamespace(responses=responses)
    tracker = DialogueStateTracker("visitor", slots=[])
    tracker.update(UserUttered(parse_data["text"], parse_data["intent"], parse_data=parse_data))
    action = ActionRetrieveResponse("utter_ask_pricing")
    events = asyncio.run(action.run(CollectingOutputChannel(), AgencyResponseGenerator(domain=domain), tracker, domain))
    return [event.text for event in events]


def test_a_button_for_a_retrieval_topic_gets_the_general_answer():
    """A button's "/ask_pricing" skips NLU: no response selector output, and Rasa 3.6 raised a KeyError."""
    intent = {"name": "ask_pricing", "confidence": 1.0}
    assert _retrieval_answer({"text": "/ask_pricing", "intent": intent, "entities": []}) == ["All prices"]


def test_a_typed_question_still_gets_the_selected_answer():
    intent = {"name": "ask_pricing", "confidence": 0.9}
    selected = {"response": {"utter_action": "utter_ask_pricing/chf", "intent_response_key": "ask_pricing/chf"},
                "ranking": []}
    parse_data = {"text": "preise in franken?", "intent": intent, "entities": [],
                  "response_selector": {"all_retrieval_intents": ["ask_pricing"], "ask_pricing": selected}}
    assert _retrieval_answer(parse_data) == ["In CHF"]
