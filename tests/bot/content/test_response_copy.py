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


def test_the_are_you_a_bot_answer_is_true_for_are_you_human_too():
    """One answer serves "Bist du ein Bot?" and "Bist du ein Mensch?": no leading yes or no, and it says what it is."""
    path = PROJECT_ROOT / "domain" / "responses" / "assistant.yml"
    variants = yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]["utter_bot"]
    texts = {variant["condition"][0]["value"]: variant["text"] for variant in variants}
    assert not re.match(r"\W*(ja|nein|yes|no)\b", texts["de"], re.IGNORECASE)
    assert not re.match(r"\W*(ja|nein|yes|no)\b", texts["en"], re.IGNORECASE)
    assert "KI-Assistent" in texts["de"] and "kein Mensch" in texts["de"]
    assert "AI assistant" in texts["en"] and "not a human" in texts["en"]
