"""The agency's facts come from AGENCY_FILE and follow an edit without a restart; a broken edit never replaces them."""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from core import agency
from core.settings import PROJECT_ROOT, Settings, load_settings


@pytest.fixture
def facts(tmp_path) -> Path:
    path = tmp_path / "agency.yml"
    shutil.copy(PROJECT_ROOT / "data" / "agency.yml", path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_the_facts_file_is_a_setting(monkeypatch, facts):
    monkeypatch.setenv("AGENCY_FILE", str(facts))
    assert agency.facts_file(load_settings()) == facts
    monkeypatch.setenv("AGENCY_FILE", "data/agency.yml")
    assert agency.facts_file(load_settings()) == PROJECT_ROOT / "data" / "agency.yml"


def test_a_changed_price_is_read_again_on_next_use(facts):
    assert "€890" in agency.response_variables("en", Settings(), agency.load_facts(facts))["pricing_list"]
    edit(facts, "€890", "€870")
    assert "€870" in agency.response_variables("en", Settings(), agency.load_facts(facts))["pricing_list"]


def test_an_unchanged_file_is_not_parsed_again(facts, monkeypatch):
    agency.load_facts(facts)
    monkeypatch.setattr(agency, "_read", lambda path: pytest.fail("parsed again"))
    agency.load_facts(facts)


def test_a_broken_edit_keeps_the_facts_read_before(facts, caplog):
    agency.load_facts(facts)
    facts.write_text('name: "Nordlicht\nphone: [unclosed\n', encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="core.agency"):
        assert agency.load_facts(facts)["phone"] == "+49 30 555 0199 0"
    assert "keeping the facts read before" in caplog.text


def test_an_edit_is_seen_even_when_time_and_size_are_unchanged(facts):
    """The action server answers with prices too, and a deploy reloads only the Rasa server."""
    agency.load_facts(facts)
    before = facts.stat()
    edit(facts, "€890", "€870")
    os.utime(facts, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert facts.stat().st_size == before.st_size
    assert "€870" in str(agency.load_facts(facts))
    assert "€870" in str(agency.reload_facts(facts))


def test_reload_refuses_an_unreadable_file_and_keeps_the_cache(facts):
    agency.load_facts(facts)
    facts.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError):
        agency.reload_facts(facts)
    assert agency._cache[facts][1]["phone"] == "+49 30 555 0199 0"


def test_variable_names_are_what_response_variables_fills():
    assert agency.variable_names() == set(agency.response_variables("de", Settings(), agency.load_facts(
        PROJECT_ROOT / "data" / "agency.yml")))
