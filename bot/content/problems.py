"""A problem found in the content, said in plain language with the file and line to fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple, Union

import yaml


@dataclass(frozen=True)
class Problem:
    check: str
    path: Path
    line: Optional[int]
    message: str

    def describe(self, root: Path) -> str:
        try:
            where = self.path.relative_to(root)
        except ValueError:
            where = self.path
        return f"{where}:{self.line or 1}: [{self.check}] {self.message}"


def line_of(path: Path, needle: str, start: int = 0) -> Optional[int]:
    """1-based number of the first line at or after ``start`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > start and needle in line:
            return number
    return None


Key = Tuple[Union[str, int], ...]


def yaml_lines(path: Path) -> Dict[Key, int]:
    """1-based line of every key and list item in a YAML file, by its path of keys and indexes.

    ``("services", 0, "price")`` is the line of the first service's ``price:``. Empty if the file
    is not valid YAML (the caller reports that).
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return {}
    lines: Dict[Key, int] = {}

    def walk(node: yaml.Node, key: Key) -> None:
        lines.setdefault(key, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for name, value in node.value:
                lines[key + (name.value,)] = name.start_mark.line + 1
                walk(value, key + (name.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, key + (index,))

    if root is not None:
        walk(root, ())
    return lines


def line_in(lines: Dict[Key, int], key: Key) -> Optional[int]:
    """The line of ``key``, else of the nearest enclosing key that exists (where a missing one belongs)."""
    while key and key not in lines:
        key = key[:-1]
    return lines.get(key)
