"""A problem found in the content, said in plain language with the file and line to fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional


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
