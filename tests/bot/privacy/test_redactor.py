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
