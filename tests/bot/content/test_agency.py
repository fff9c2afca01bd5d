"""The check of data/agency.yml names each mistake a marketer can make there, with its line."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import List

import pytest

from bot.content.agency import check_agency_facts, public_texts
from core.settings import PROJECT_ROOT


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(PROJECT_ROOT / "data" / "agency.yml", tmp_path / "data" / "agency.yml")
    return tmp_path


def plant(root: Path, old: str, new: str) -> int:
    """Replace ``old`` once in the copy of agency.yml; returns the line of the edit."""
    path = root / "data" / "agency.yml"
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text[:index].count("\n") + 1


def found(root: Path) -> List[str]:
    return [f"{problem.line}: {problem.message}" for problem in check_agency_facts(root)]


def test_the_committed_facts_pass(root):
    assert found(root) == []


@pytest.mark.parametrize("old, new, expected", [
    ('response_time: {de: "innerhalb eines Werktags", en: "within one business day"}',
     'response_time: {de: "innerhalb eines Werktags"}', "'response_time' has no English text"),
    ('opening_hours: {de: "Mo–Fr 9–18 Uhr", en: "Mon–Fri, 9 am to 6 pm Berlin time"}', 'opening_hours: "Mo–Fr 9–18 Uhr"',
     "'opening_hours' must be given in both languages"),
    ('website: "https://www.nordlicht-digital.de"', 'website: "www.nordlicht-digital"',
     "is not a complete web address"),
    ('email: "hallo@nordlicht-digital.de"', 'email: "hallo(at)nordlicht-digital.de"',
     "is not an e-mail address"),
    ('phone: "+49 30 555 0199 0"', 'phone: "+49 30 555 0199 0 (Zentrale)"', "is not a phone number"),
    ('phone: "+49 30 555 0199 0"', "phone: 4930555019", "must be text; put it in quotes"),
    ('price: {de: "ab 890 € pro Monat"', 'price: {de: "auf Anfrage"', "names no amount with a currency"),
    ('en: "from €890 per month"', 'en: "from €990 per month"', "different amounts per language (de: 890; en: 990)"),
    ('    price: {de: "Workshop ab', '    prise: {de: "Workshop ab',
     "'prise' is not used by the assistant; did you mean 'price'?"),
    ("    service: webdesign", "    service: web_design", "is not the key of a service; did you mean 'webdesign'?"),
    ("  - key: sea", "  - key: seo", "service key 'seo' is used twice"),
    ('name: {de: "Content-Marketing", en: "Content marketing"}', 'name: {de: "Content-Marketing", fr: "Marketing"}',
     "'fr' is not a language of the assistant"),
    ('opening_hours:', 'opening_hour:', "did you mean 'opening_hours'?"),
    ('open: "09:00"', 'open: "9 Uhr"', "'team_hours' must look like"),
    ('timezone: Europe/Berlin', 'timezone: Berlin', "'team_hours' must look like"),
])
def test_a_mistake_is_named_at_its_line(root, old, new, expected):
    line = plant(root, old, new)
    problems = found(root)
    assert any(problem.startswith(f"{line}: ") and expected in problem for problem in problems), problems


def test_a_missing_key_is_named_at_the_entry_it_belongs_to(root):
    line = plant(root, '    summary: {de: "Blogartikel', '    # summary: {de: "Blogartikel') - 2
    assert f"{line}: service 'content' summary is missing" in found(root)


def test_invalid_yaml_is_named_with_its_line(root):
    line = plant(root, 'phone: "+49 30 555 0199 0"', 'phone: "+49 30 555 0199 0')
    problems = check_agency_facts(root)
    assert len(problems) == 1 and "not valid YAML" in problems[0].message and problems[0].line >= line


def test_the_agency_contact_data_is_not_searched_for_personal_data(root):
    texts = {text for text, *_ in public_texts(root)}
    assert "Musterstraße 1, 10115 Berlin" not in texts and "+49 30 555 0199 0" not in texts
    assert "Ein Wiener Hotel" in texts and "ab 890 € pro Monat" in texts


@pytest.mark.parametrize("old, new, expected", [
    ('minimum_term: {de: "drei Monate, danach monatlich kündbar", en: "three months, then cancellable monthly"}',
     'minimum_term: {de: "drei Monate, danach monatlich kündbar"}', "fact 'minimum_term' has no English text"),
    ('hosting: {de:', 'Hosting Ort: {de:', "fact 'Hosting Ort': use lowercase letters"),
    ('  - key: amazon_ads', '  - key: seo', "not_offered entry 1 needs its own 'key:'"),
    ('    name: {de: "Amazon Ads", en: "Amazon Ads"}\n', '', "not_offered 'amazon_ads' name is missing"),
])
def test_faq_facts_and_services_not_offered_are_checked(root, old, new, expected):
    plant(root, old, new)
    assert any(expected in problem for problem in found(root)), found(root)
