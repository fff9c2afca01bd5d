"""The agency's office hours as a schedule: whether a person is there now, and when next.

``data/agency.yml`` gives them as ``office_hours: "Mon-Fri 09:00-18:00"`` and ``timezone:
"Europe/Berlin"``; times are wall-clock times in that zone, so summer and winter time are right.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE = re.compile(r"^([a-z]{3})-([a-z]{3}) ([0-2]\d):([0-5]\d)-([0-2]\d):([0-5]\d)$")


@dataclass(frozen=True)
class Schedule:
    """Open on the weekdays ``first``..``last`` (0 = Monday) from ``opens`` to ``closes`` in ``zone``."""

    first: int
    last: int
    opens: time
    closes: time
    zone: ZoneInfo

    def is_open(self, now: datetime) -> bool:
        """True while a person is in the office; ``now`` must carry a timezone."""
        local = _local(now, self.zone)
        return self._working_day(local) and self.opens <= local.time() < self.closes

    def next_opening(self, now: datetime) -> datetime:
        """The next moment the office opens (local time in ``zone``), strictly after a closed ``now``."""
        local = _local(now, self.zone)
        day = local.date()
        if local.time() >= self.opens:
            day += timedelta(days=1)
        while not self.first <= day.weekday() <= self.last:
            day += timedelta(days=1)
        return datetime.combine(day, self.opens, tzinfo=self.zone)

    def _working_day(self, local: datetime) -> bool:
        return self.first <= local.weekday() <= self.last


def _local(now: datetime, zone: ZoneInfo) -> datetime:
    if now.tzinfo is None:
        raise ValueError("the time must carry a timezone (a naive time is ambiguous)")
    return now.astimezone(zone)


def parse_schedule(text: str, timezone: str) -> Schedule:
    """The schedule for ``"Mon-Fri 09:00-18:00"`` in ``timezone``; ValueError saying what is wrong."""
    match = _SCHEDULE.match(text.strip().lower())
    if not match:
        raise ValueError(f"office hours '{text}' must look like 'Mon-Fri 09:00-18:00'")
    first, last, open_h, open_m, close_h, close_m = match.groups()
    if first not in DAYS or last not in DAYS or DAYS.index(first) > DAYS.index(last):
        raise ValueError(f"office hours '{text}' need weekdays Mon..Sun in order, like 'Mon-Fri'")
    if int(open_h) > 23 or int(close_h) > 23:
        raise ValueError(f"office hours '{text}' have an hour above 23")
    opens, closes = time(int(open_h), int(open_m)), time(int(close_h), int(close_m))
    if opens >= closes:
        raise ValueError(f"office hours '{text}' close before they open")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"'{timezone}' is not a time zone name (like Europe/Berlin)") from error
    return Schedule(DAYS.index(first), DAYS.index(last), opens, closes, zone)
