"""Filling ``{variable}``s into a response's text so that a visitor never sees a raw ``{template}``.

Rasa's own interpolation returns the whole text unfilled when one variable is unknown (a typo
like ``{agency_phon}``), and prints ``None`` for an empty slot. Both servers fill responses
here instead: a variable without a value takes the other language's value if there is one,
else it is left out, and the variable's name (never anything a visitor wrote) is logged so the
content can be fixed. ``make check`` catches the same mistakes before they ship.
"""
from __future__ import annotations

import logging
import re
from typing import Any, List, Mapping

logger = logging.getLogger(__name__)

# What counts as a variable: the same pattern Rasa's interpolator uses, so that a name with a
# space or a hyphen in it is a variable too (and reported by ``make check``), not literal text.
VARIABLE = re.compile(r"\{([^\n{}]+?)\}")
NEUTRAL_FALLBACK = ""


def variables_in(text: str) -> List[str]:
    """The names of the ``{variable}``s in ``text``, in order."""
    return VARIABLE.findall(text)


def _value(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value)


def fill(text: str, values: Mapping[str, Any], fallback: Mapping[str, Any], response: str) -> str:
    """``text`` with every variable replaced: its value, else ``fallback``'s (the other language), else nothing."""

    def replace(match: "re.Match[str]") -> str:
        name = match.group(1)
        value = _value(values, name)
        if value:
            return value
        value = _value(fallback, name) or NEUTRAL_FALLBACK
        logger.warning("Response %s: variable {%s} has no value; %s", response, name,
                       "used the other language's value" if value else "left it out")
        return value

    return VARIABLE.sub(replace, text)
