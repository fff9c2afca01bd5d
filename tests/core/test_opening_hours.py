"""Office hours across the change to summer time (29 March 2026) and back (25 October 2026)."""
from datetime import datetime, timezone

import pytest

from core.opening_hours import parse_schedule

BERLIN = parse_schedule("Mon-Fri 09:00-18:00", "Europe/Berlin")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize("now, expected", [
    (utc(2026, 3, 27, 8, 0), True),     # Fri winter: 09:00 CET
    (utc(2026, 3, 27, 7, 59), False),   # Fri winter: 08:59 CET
    (utc(2026, 3, 27, 16, 59), True),   # Fri winter: 17:59 CET
    (utc(2026, 3, 27, 17, 0), False),   # Fri winter: 18:00 CET
    (utc(2026, 3, 30, 7, 0), True),     # Mon summer: 09:00 CEST
    (utc(2026, 3, 30, 16, 30), False),  # Mon summer: 18:30 CEST (would be open in CET)
    (utc(2026, 10, 26, 7, 30), False),  # Mon winter again: 08:30 CET (would be open in CEST)
    (utc(2026, 10, 26, 16, 30), True),  # Mon winter again: 17:30 CET
    (utc(2026, 3, 28, 10, 0), False),   # Saturday
])
def test_is_open_follows_berlin_wall_clock(now, expected):
    assert BERLIN.is_open(now) is expected


def test_next_opening_over_the_weekend_of_the_summer_time_change():
    opening = BERLIN.next_opening(utc(2026, 3, 27, 18, 0))  # Friday evening, winter time
    assert opening.isoformat() == "2026-03-30T09:00:00+02:00"
    assert opening.astimezone(timezone.utc) == utc(2026, 3, 30, 7, 0)


def test_next_opening_before_opening_is_the_same_day():
    assert BERLIN.next_opening(utc(2026, 10, 26, 6, 0)).isoformat() == "2026-10-26T09:00:00+01:00"


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone"):
        BERLIN.is_open(datetime(2026, 3, 27, 10, 0))


@pytest.mark.parametrize("text, zone, message", [
    ("Mo-Fr 9-18", "Europe/Berlin", "must look like"),
    ("Fri-Mon 09:00-18:00", "Europe/Berlin", "in order"),
    ("Mon-Fri 18:00-09:00", "Europe/Berlin", "close before"),
    ("Mon-Fri 09:00-18:00", "Europe/Berlim", "time zone"),
])
def test_bad_schedules_say_what_is_wrong(text, zone, message):
    with pytest.raises(ValueError, match=message):
        parse_schedule(text, zone)
