"""Reads the content the way the checks need it: examples with language and line, responses."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Set

import yaml

from bot.content.problems import line_of


@dataclass(frozen=True)
class Example:
    intent: str
    language: Optional[str]
    text: str
    path: Path
    line: Optional[int]


@dataclass(frozen=True)
class Response:
    name: str
    variants: List[Dict[str, Any]]
    path: Path
    line: Optional[int]


def _yaml_files(folder: Path) -> List[Path]:
    return sorted(folder.rglob("*.yml")) + sorted(folder.rglob("*.yaml"))


def load_examples(nlu_folder: Path) -> Iterator[Example]:
    for path in _yaml_files(nlu_folder):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        cursor = 0
        for block in document.get("nlu", []) or []:
            if "intent" not in block:
                continue
            language = (block.get("metadata") or {}).get("language")
            cursor = line_of(path, f"intent: {block['intent']}", cursor) or cursor
            for raw in str(block.get("examples", "")).splitlines():
                stripped = raw.strip()
                if not stripped.startswith("- "):
                    continue
                text = stripped[2:].strip()
                line = line_of(path, stripped, cursor)
                yield Example(block["intent"], language, text, path, line)


def load_responses(domain_folder: Path) -> Iterator[Response]:
    for path in _yaml_files(domain_folder):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variants in (document.get("responses") or {}).items():
            yield Response(name, variants or [], path, line_of(path, f"{name}:"))


def load_slot_names(domain_folder: Path) -> Set[str]:
    """The slots declared anywhere in the domain; Rasa fills ``{slot}`` in a response with its value."""
    names: Set[str] = set()
    for path in _yaml_files(domain_folder):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        names.update(document.get("slots") or {})
    return names


def variant_language(variant: Dict[str, Any]) -> Optional[str]:
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return condition.get("value")
    return None
