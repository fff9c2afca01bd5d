"""REDACTOR_EXTRA_SPACY_MODEL: an extra installed pipeline's PER/LOC entities are added."""
import pytest
import spacy

from redaction import RedactionError, load_redactor


@pytest.fixture()
def extra_model_path(tmp_path):
    """A tiny stand-in for an official model: an entity ruler that knows one invented name."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Zorblax"}])
    nlp.to_disk(tmp_path / "extra")
    return str(tmp_path / "extra")


def test_extra_model_entities_are_redacted(extra_model_path):
    try:
        redactor = load_redactor(extra_model=extra_model_path)
        assert "pii_extra_model" in redactor.nlp.pipe_names
        assert redactor.redact("ask zorblax or Zorblax").text == "ask zorblax or [PERSON]"
    finally:
        load_redactor.cache_clear()


def test_missing_extra_model_fails_closed(tmp_path):
    try:
        with pytest.raises(RedactionError, match="cannot load"):
            load_redactor(extra_model=str(tmp_path / "not-installed"))
    finally:
        load_redactor.cache_clear()


def test_without_setting_no_extra_component(redactor):
    assert "pii_extra_model" not in redactor.nlp.pipe_names
