"""One sentence saying whether the team can be reached right now, or from when, in the visitor's language.

The handoff answer inserts it as ``{agency_availability}``, so a visitor writing at night learns
when a person is next there instead of reading hours and working out the time zone themselves.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional

from core.opening_hours import parse_schedule

_WEEKDAYS = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_OPEN = {"de": "Unser Team ist gerade im Büro.", "en": "Our team is in the office right now."}
_CLOSED = {
    "de": "Unser Team ist ab {day}, {time} Uhr wieder erreichbar (Zeitzone {zone}).",
    "en": "Our team is next available on {day} from {time} ({zone} time).",
}


def availability(facts: Dict[str, Any], language: str, now: Optional[datetime] = None) -> str:
    """The sentence for ``now``; empty when agency.yml gives no schedule (nothing to say then)."""
    hours, zone = facts.get("office_hours"), facts.get("timezone")
    if not isinstance(hours, str) or not isinstance(zone, str):
        return ""
    schedule = parse_schedule(hours, zone)
    now = now or datetime.now(timezone.utc)
    if schedule.is_open(now):
        return _OPEN[language]
    opening = schedule.next_opening(now)
    return _CLOSED[language].format(day=_WEEKDAYS[language][opening.weekday()], time=opening.strftime("%H:%M"),
                                    zone=zone)
