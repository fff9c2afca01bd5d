"""REDACTOR_EXTRA_SPACY_MODEL: an extra installed pipeline's PER/LOC entities are added."""
import dataclasses

import pytest
import spacy

from actions.redaction import RedactionError, load_redactor


@pytest.fixture()
def extra_model_path(tmp_path):
    """A tiny stand-in for an official model: an entity ruler that knows one invented name."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Zorblax"}])
    nlp.to_disk(tmp_path / "extra")
    return str(tmp_path / "extra")


def with_settings(monkeypatch, **changes):
    from actions import config

    changed = dataclasses.replace(config.settings(), **changes)
    monkeypatch.setattr(config, "settings", lambda: changed)
    load_redactor.cache_clear()


def test_extra_model_entities_are_redacted(monkeypatch, extra_model_path):
    with_settings(monkeypatch, redactor_extra_spacy_model=extra_model_path)
    try:
        redactor = load_redactor()
        assert "pii_extra_model" in redactor.nlp.pipe_names
        assert redactor.redact("ask zorblax or Zorblax").text == "ask zorblax or [PERSON]"
    finally:
        load_redactor.cache_clear()


def test_missing_extra_model_fails_closed(monkeypatch, tmp_path):
    with_settings(monkeypatch, redactor_extra_spacy_model=str(tmp_path / "not-installed"))
    try:
        with pytest.raises(RedactionError, match="cannot load"):
            load_redactor()
    finally:
        load_redactor.cache_clear()


def test_without_setting_no_extra_component(redactor):
    assert "pii_extra_model" not in redactor.nlp.pipe_names
