"""The Rasa server's redactor follows REDACTOR_MODEL_PATH and fails closed on a bad one."""
import pytest

from bot.privacy.redactor import configured_redactor
from core import settings as config
from redaction import RedactionError
from redaction.engine import DEFAULT_MODEL_PATH


@pytest.fixture
def env(monkeypatch):
    config.get_settings.cache_clear()
    yield monkeypatch
    config.get_settings.cache_clear()


def test_default_is_the_shipped_model(env):
    env.delenv("REDACTOR_MODEL_PATH", raising=False)
    assert config.get_settings().redactor_model_path == DEFAULT_MODEL_PATH
    assert configured_redactor().redact("Mail anna.schmidt@example.de").text == "Mail [EMAIL]"


def test_a_configured_path_without_a_model_fails_closed(env, tmp_path):
    env.setenv("REDACTOR_MODEL_PATH", str(tmp_path))
    with pytest.raises(RedactionError, match="no redaction pipeline"):
        configured_redactor()


def test_bot_text_keeps_the_agency_facts_and_redacts_the_visitor():
    from bot.privacy.event_redaction import redact_text
    from core.agency import load_facts

    facts = load_facts()
    reply = f"Rufen Sie uns an unter {facts['phone']} oder schreiben Sie an {facts['email']}, {facts['address']}."
    assert redact_text(reply) == reply
    assert redact_text(f"Danke, Anna Schmidt! Wir melden uns unter anna.schmidt@example.org, {facts['email']}") == \
        f"Danke, [PERSON]! Wir melden uns unter [EMAIL], {facts['email']}"


@pytest.mark.parametrize("line", [
    "Rasa server on http://127.0.0.1:5005", "Rasa server is up and running.",
    "Sanic-CORS: Configuring CORS with {'supports_credentials': True, 'max_age': None}",
    "\tcontact_consent: True\n\tlead_phone: None",
])
def test_log_lines_keep_technical_words(line):
    from bot.privacy.event_redaction import redact_text
    from bot.privacy.redactor import log_allow_list

    assert redact_text(line, log_allow_list()) == line


def test_log_lines_still_lose_a_visitor_name():
    from bot.privacy.event_redaction import redact_text
    from bot.privacy.redactor import log_allow_list

    assert redact_text("user text: ich bin Anna Schmidt", log_allow_list()) == "user text: ich bin [PERSON]"
