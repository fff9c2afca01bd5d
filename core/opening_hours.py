"""When the agency's team can be reached, from ``team_hours`` in ``data/agency.yml``.

Times are the agency's local wall-clock times in its time zone (``Europe/Berlin``), so summer
and winter time come out right without anyone editing the file twice a year.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
PHRASES = {
    "de": {"open": "Unser Team ist gerade erreichbar (bis {close} Uhr).",
           "today": "heute", "tomorrow": "morgen",
           "closed": "Unser Team ist {day} ab {open} Uhr wieder erreichbar."},
    "en": {"open": "Our team is available right now (until {close}, {zone} time).",
           "today": "today", "tomorrow": "tomorrow",
           "closed": "Our team is available again {day} from {open} ({zone} time)."},
}


@dataclass(frozen=True)
class TeamHours:
    zone: ZoneInfo
    days: Tuple[int, ...]  # weekday numbers, Monday 0
    opens: time
    closes: time

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> Optional["TeamHours"]:
        """``team_hours`` as configured, or None when it is missing or unusable (answers then use the text hours)."""
        hours = facts.get("team_hours")
        if not isinstance(hours, Mapping):
            return None
        try:
            return cls(ZoneInfo(str(hours["timezone"])), tuple(DAYS.index(day) for day in hours["days"]),
                       time.fromisoformat(str(hours["open"])), time.fromisoformat(str(hours["close"])))
        except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
            return None

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The next local opening time after ``moment`` (within the coming week)."""
        local = moment.astimezone(self.zone)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            opening = datetime.combine(day, self.opens, tzinfo=self.zone)
            if day.weekday() in self.days and opening > local:
                return opening
        raise ValueError("team_hours has no opening day")


def availability(facts: Mapping[str, Any], language: str, moment: datetime) -> str:
    """One sentence: reachable now (until when), or when next; empty without usable ``team_hours``."""
    hours = TeamHours.from_facts(facts)
    if hours is None or not hours.days:
        return ""
    phrases = PHRASES.get(language, PHRASES["de"])
    zone = str(hours.zone).split("/")[-1]
    if hours.is_open(moment):
        return phrases["open"].format(close=hours.closes.strftime("%H:%M"), zone=zone)
    opening = hours.next_opening(moment)
    days_ahead = (opening.date() - moment.astimezone(hours.zone).date()).days
    day = {0: phrases["today"], 1: phrases["tomorrow"]}.get(days_ahead)
    if day is None:
        day = ("am " if language == "de" else "on ") + DAY_NAMES.get(language, DAY_NAMES["de"])[opening.weekday()]
    return phrases["closed"].format(day=day, open=opening.strftime("%H:%M"), zone=zone)
