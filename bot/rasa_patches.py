"""Every change Diskret makes to Rasa's own code, in one place, for exactly the pinned Rasa.

A patch written against one release can silently do the wrong thing on another, so
``install()`` refuses to run on any Rasa but ``PINNED_RASA_VERSION``. (The socket.io
channel's awaited ``enter_room`` is not a patch: ``bot.channel`` registers its own handler.)
"""
from __future__ import annotations

from typing import Any, Dict, Optional

PINNED_RASA_VERSION = "3.6.21"


class UnsupportedRasaVersion(RuntimeError):
    """The installed Rasa is not the one these patches were written and tested for."""


def check_rasa_version(version: Optional[str] = None) -> None:
    """Raise ``UnsupportedRasaVersion`` unless ``version`` (default: the installed one) is the pinned one."""
    if version is None:
        from rasa.version import __version__ as version
    if version != PINNED_RASA_VERSION:
        raise UnsupportedRasaVersion(
            f"Diskret's Rasa patches are written for Rasa {PINNED_RASA_VERSION}, not {version}; "
            "install the version pinned in pyproject.toml (uv sync --frozen)"
        )


def notice_failed_custom_actions() -> None:
    """Tell the turn's output channel when a custom action fails (action server or database down).

    Rasa 3.6 logs the error, drops the action's events and carries on, so the visitor would get
    no reply or a misleading one; an output channel with ``notice_action_failure()`` hears of it
    and can answer with a notice instead.
    """
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    if getattr(RemoteAction.run, "_diskret_notices_failures", False):
        return
    original = RemoteAction.run

    async def run(self: RemoteAction, output_channel: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original(self, output_channel, *args, **kwargs)
        except ActionExecutionRejection:  # a form validation said no: normal conversation flow
            raise
        except Exception:
            notice = getattr(output_channel, "notice_action_failure", None)
            if notice is not None:
                notice()
            raise

    run._diskret_notices_failures = True  # type: ignore[attr-defined]
    RemoteAction.run = run  # type: ignore[assignment]


def validate_action_results_with_one_validator() -> None:
    """Check action server answers against a schema validator built once, not once per call.

    Rasa 3.6 calls ``jsonschema.validate`` for every custom action; with the pinned jsonschema
    that re-checks the schema itself and builds a new validator each time, about 19 ms of the
    event loop per action (1.2 ms with one validator). The check and its error stay the same.
    """
    from jsonschema import ValidationError, validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, "_diskret_one_validator", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        error: Optional[ValidationError] = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (". Failed to validate Action server response from API, make sure your response "
                              "from the Action endpoint is valid.")
            raise error
        return True

    validate_action_result._diskret_one_validator = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


GENERAL_ANSWER = "general"  # the sub-intent a retrieval topic answers when no response selector chose one


def answer_retrieval_intents_from_buttons() -> None:
    """A retrieval topic reached by a button (payload ``/ask_pricing``) gets its general answer.

    Rasa 3.6's ``ActionRetrieveResponse`` reads the response selector's choice from the message;
    a button's payload bypasses NLU, so there is none, the action fails with a ``KeyError`` and the
    visitor gets no reply. Then ``utter_<topic>/general`` answers instead (``make check`` requires
    one for every retrieval topic with buttons pointing at it).
    """
    from rasa.core.actions.action import ActionBotResponse, ActionRetrieveResponse
    from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
    from rasa.shared.constants import UTTER_PREFIX

    if getattr(ActionRetrieveResponse.run, "_diskret_general_answer", False):
        return
    original = ActionRetrieveResponse.run

    async def run(self: ActionRetrieveResponse, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
        latest = tracker.latest_message
        if latest is not None and RESPONSE_SELECTOR_PROPERTY_NAME not in latest.parse_data:
            topic = self.intent_name_from_action(self.action_name)
            self.utter_action = f"{UTTER_PREFIX}{topic}/{GENERAL_ANSWER}"
            return await ActionBotResponse.run(self, output_channel, nlg, tracker, domain)
        return await original(self, output_channel, nlg, tracker, domain)

    run._diskret_general_answer = True  # type: ignore[attr-defined]
    ActionRetrieveResponse.run = run  # type: ignore[method-assign]


def install() -> None:
    """Apply every patch once; refuses (``UnsupportedRasaVersion``) on an unpinned Rasa."""
    check_rasa_version()
    notice_failed_custom_actions()
    validate_action_results_with_one_validator()
    answer_retrieval_intents_from_buttons()
