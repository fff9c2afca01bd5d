"""Where the uv that ``make`` installed lives (on PATH, else pip's user bin directory)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Optional


def find_uv() -> Optional[str]:
    return shutil.which("uv") or next((str(p) for p in [Path.home() / ".local" / "bin" / "uv"] if p.exists()), None)
