"""``make check`` catches each mistake a marketer can make, naming the file and line; clean content passes.

Each test plants one mistake in a temporary copy of the content and runs the real command.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

CONTENT = ("data", "domain", "config.yml", "actions", "bot", "tests/test_stories.yml")


@pytest.fixture
def content(tmp_path) -> Path:
    for item in CONTENT:
        source = PROJECT_ROOT / item
        target = tmp_path / item
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "model"))
        else:
            shutil.copy(source, target)
    return tmp_path


def check(root: Path, *only: str) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "bot", "check", "--root", str(root), "--no-conversations"]
    for name in only:
        args += ["--only", name]
    return subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)


def replace_once(path: Path, old: str, new: str) -> int:
    """Edit ``path`` and return the 1-based line of the edit."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text[:index].count("\n") + 1


def test_clean_content_passes(content):
    result = check(content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout


def test_missing_english_response_is_named_with_file_and_line(content):
    path = content / "domain" / "responses" / "contact.yml"
    text = path.read_text(encoding="utf-8")
    english = text.index("value: en")
    start = text.rindex("  - condition:", 0, english)
    path.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    result = check(content, "languages")
    assert result.returncode == 1
    assert re.search(r"domain/responses/contact\.yml:\d+: \[languages\] response 'utter_contact' has no English variant", result.stdout), result.stdout


def test_email_in_an_example_is_caught(content):
    path = content / "data" / "nlu" / "pricing.yml"
    line = replace_once(path, "examples: |\n", "examples: |\n    - was kostet seo fragt max.mustermann@example.org\n") + 1
    result = check(content, "personal-data")
    assert result.returncode == 1
    assert f"data/nlu/pricing.yml:{line}: [personal data]" in result.stdout and "EMAIL" in result.stdout, result.stdout


def test_duplicate_under_another_intent_is_caught(content):
    path = content / "data" / "nlu" / "contact.yml"
    line = replace_once(path, "examples: |\n", "examples: |\n    - Was kostet eine Landingpage?\n") + 1
    (content / "data" / "nlu" / "pricing.yml").write_text(
        (content / "data" / "nlu" / "pricing.yml").read_text(encoding="utf-8").replace(
            "examples: |\n", "examples: |\n    - was kostet eine landingpage\n", 1), encoding="utf-8")
    result = check(content, "duplicates")
    assert result.returncode == 1
    assert re.search(r"data/nlu/(contact|pricing)\.yml:\d+: \[duplicates\]", result.stdout), result.stdout
    assert "ask_contact" in result.stdout and "ask_pricing" in result.stdout


def test_broken_link_is_caught(content):
    path = content / "domain" / "responses" / "privacy.yml"
    line = replace_once(path, "text: \"", "text: \"Mehr unter https://www..example/x ")
    result = check(content, "links")
    assert result.returncode == 1
    assert f"domain/responses/privacy.yml:{line}: [links]" in result.stdout, result.stdout


def test_too_few_examples_are_caught(content):
    path = content / "data" / "nlu" / "references.yml"
    text = path.read_text(encoding="utf-8")
    block = text.index("language: en")
    examples = text.index("examples: |\n", block) + len("examples: |\n")
    path.write_text(text[:examples] + "    - references?\n", encoding="utf-8")
    result = check(content, "examples")
    assert result.returncode == 1
    assert re.search(r"data/nlu/references\.yml:\d+: \[examples\] intent 'ask_references' has 1 EN examples", result.stdout), result.stdout


def test_confirmed_phrases_are_not_reported(content):
    path = content / "data" / "nlu" / "pricing.yml"
    replace_once(path, "examples: |\n", "examples: |\n    - was kostet seo fragt max.mustermann@example.org\n")
    accepted = content / "data" / "not_personal_data.txt"
    accepted.write_text(accepted.read_text(encoding="utf-8") + "max.mustermann@example.org\n", encoding="utf-8")
    result = check(content, "personal-data")
    assert result.returncode == 0, result.stdout


def test_a_misspelt_variable_is_named_with_the_closest_known_one(content):
    path = content / "domain" / "responses" / "contact.yml"
    line = replace_once(path, "{agency_phone}", "{agency_phon}")
    result = check(content, "variables")
    assert result.returncode == 1
    assert (f"domain/responses/contact.yml:{line}: [variables] response 'utter_contact' uses {{agency_phon}}, which "
            "the assistant cannot fill; did you mean {agency_phone}?") in result.stdout, result.stdout


def test_an_unknown_variable_in_a_button_title_is_caught(content):
    path = content / "domain" / "responses" / "chitchat.yml"
    line = replace_once(path, 'title: "', 'title: "{Agency Name} ')
    result = check(content, "variables")
    assert result.returncode == 1
    assert f"domain/responses/chitchat.yml:{line}: [variables]" in result.stdout
    assert "did you mean {agency_name}?" in result.stdout, result.stdout


def test_a_price_changed_in_one_language_only_is_caught(content):
    path = content / "data" / "agency.yml"
    line = replace_once(path, 'en: "from €890 per month"', 'en: "from €990 per month"')
    result = check(content, "agency")
    assert result.returncode == 1
    assert f"data/agency.yml:{line}: [agency] service 'seo': the prices name different amounts" in result.stdout, \
        result.stdout


def test_personal_data_in_the_agency_facts_is_caught(content):
    path = content / "data" / "agency.yml"
    line = replace_once(path, 'client: {de: "Ein Wiener Hotel"', 'client: {de: "Das Hotel von Erika Mustermann"')
    result = check(content, "personal-data")
    assert result.returncode == 1
    assert f"data/agency.yml:{line}: [personal data]" in result.stdout and "PERSON" in result.stdout, result.stdout


def test_an_faq_with_too_few_examples_is_named(content):
    path = content / "data" / "nlu" / "faq.yml"
    text = path.read_text(encoding="utf-8")
    text += "- intent: faq/parking\n  metadata:\n    language: de\n  examples: |\n    - wo kann ich parken\n    - parkplatz?\n"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n") - 5
    result = check(content, "answers")
    assert result.returncode == 1
    assert f"data/nlu/faq.yml:{line}: [answers] 'faq/parking' has 2 DE examples; it needs at least 8" in result.stdout
    assert "'faq/parking' has 0 EN examples" in result.stdout
    assert "'faq/parking' has no answer: add 'utter_faq/parking:'" in result.stdout, result.stdout


def test_an_faq_answer_without_examples_is_named(content):
    path = content / "domain" / "responses" / "faq.yml"
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    path.write_text(text + "\n  utter_faq/parking:\n  - text: \"Parkplätze gibt es im Hof.\"\n", encoding="utf-8")
    result = check(content, "answers")
    assert result.returncode == 1
    assert f"domain/responses/faq.yml:{line}: [answers] answer 'utter_faq/parking' has no examples" in result.stdout, \
        result.stdout


def test_a_new_retrieval_topic_needs_a_response_selector(content):
    path = content / "data" / "nlu" / "contact.yml"
    text = path.read_text(encoding="utf-8").replace("- intent: ask_contact\n", "- intent: ask_contact/general\n")
    path.write_text(text, encoding="utf-8")
    result = check(content, "answers")
    assert result.returncode == 1
    assert "'ask_contact' has sub-topics but no ResponseSelector: add one with 'retrieval_intent: ask_contact'" \
        in result.stdout, result.stdout
