"""The layout's promises, checked on every import in the tree (module level and inside functions).

- ``redaction/`` is a library: it imports nothing else of Diskret's.
- ``core/`` is the shared kernel under both servers: it imports neither server.
- ``bot/`` (the Rasa server's side) and ``actions/`` (the action server) never import each other.
- Nothing outside ``redaction/training`` imports the training code, so serving never needs
  its development-only dependencies.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

from core.settings import PROJECT_ROOT

PACKAGES = ("actions", "bot", "core", "redaction")
FORBIDDEN = {
    "redaction": {"actions", "bot", "core", "tests", "bench"},
    "core": {"actions", "bot", "tests", "bench"},
    "actions": {"bot", "tests", "bench"},
    "bot": {"actions", "tests", "bench"},
}
TRAINING = "redaction.training"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[Tuple[int, str]]:
    """(line, absolute module name) of every import in one file, relative imports resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = [*base, *([node.module] if node.module else [])]
            for alias in node.names:
                yield node.lineno, ".".join([*module, alias.name])


def crossings(package: str) -> List[str]:
    found = []
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        inside_training = module_name(path).startswith(TRAINING)
        for line, name in imports(path):
            top = name.split(".")[0]
            where = f"{path.relative_to(PROJECT_ROOT)}:{line} imports {name}"
            if top in FORBIDDEN[package]:
                found.append(where)
            elif name.startswith(TRAINING) and not inside_training:
                found.append(where + " (training code at serving time)")
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_crosses_the_layout(package):
    assert crossings(package) == []


def test_the_walk_sees_every_kind_of_import(tmp_path, monkeypatch):
    """A crossing written any way (module level, in a function, relative) is caught."""
    import tests.test_architecture as module

    root = tmp_path / "tree"
    (root / "bot" / "sub").mkdir(parents=True)
    (root / "redaction" / "training").mkdir(parents=True)
    (root / "bot" / "sub" / "a.py").write_text(
        "import actions.rights\ndef f():\n    from actions import consultation\n", encoding="utf-8")
    (root / "redaction" / "b.py").write_text(
        "from .training import fillers\nfrom . import engine\n", encoding="utf-8")
    (root / "redaction" / "training" / "c.py").write_text("from ..engine import Redactor\nimport core\n", encoding="utf-8")
    monkeypatch.setattr(module, "PROJECT_ROOT", root)
    assert crossings("bot") == [
        "bot/sub/a.py:1 imports actions.rights", "bot/sub/a.py:3 imports actions.consultation"]
    assert crossings("core") == []
    assert crossings("redaction") == [
        "redaction/b.py:1 imports redaction.training.fillers (training code at serving time)",
        "redaction/training/c.py:2 imports core",
    ]
