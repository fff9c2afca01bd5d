"""German answers name the company with its article ("die Nordlicht Digital GmbH", "der …", "zur …")."""
import re
from pathlib import Path
from typing import Iterator, Tuple

import yaml

from core.settings import PROJECT_ROOT

_ARTICLES = {"der", "die", "zur"}
_BEFORE_NAME = re.compile(r"(\S+)\s+\{agency_name\}")


def german_texts() -> Iterator[Tuple[str, str]]:
    for path in sorted((PROJECT_ROOT / "domain" / "responses").glob("*.yml")):
        for name, variants in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).items():
            for variant in variants:
                if {"type": "slot", "name": "language", "value": "de"} in variant.get("condition", []):
                    yield f"{Path(path).name}:{name}", variant.get("text", "")


def test_german_texts_name_the_company_with_its_article():
    missing = [where for where, text in german_texts()
               for word in _BEFORE_NAME.findall(text) if word.lower() not in _ARTICLES]
    assert missing == []


def test_the_check_sees_german_texts():
    assert sum("{agency_name}" in text for _, text in german_texts()) >= 5
