"""Jinja filters: transcript text escaped, with redaction placeholders visibly marked."""
from __future__ import annotations

import re
from typing import Optional

from markupsafe import Markup, escape

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*(?:_\d+)?\]")


def mark_placeholders(text: Optional[str]) -> Markup:
    """Escape ``text`` first, then wrap each ``[LABEL]`` in ``<mark class="placeholder">``."""
    escaped = str(escape(text or ""))
    return Markup(PLACEHOLDER.sub(lambda match: f'<mark class="placeholder">{match.group(0)}</mark>', escaped))


def short_time(value: Optional[str]) -> str:
    """ISO timestamp as "YYYY-MM-DD HH:MM" (UTC)."""
    return (value or "")[:16].replace("T", " ")
