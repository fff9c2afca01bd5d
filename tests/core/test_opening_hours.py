"""The team's availability from team_hours, in local time across summer and winter time."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from core.opening_hours import availability

FACTS = {"team_hours": {"timezone": "Europe/Berlin", "days": ["mon", "tue", "wed", "thu", "fri"],
                        "open": "09:00", "close": "18:00"}}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("moment, language, expected", [
    # summer time (UTC+2): 07:30 UTC is 09:30 in Berlin on Tuesday 30 June 2026
    (utc(2026, 6, 30, 7, 30), "de", "Unser Team ist gerade erreichbar (bis 18:00 Uhr)."),
    # winter time (UTC+1): 07:30 UTC is 08:30 in Berlin, before opening, on Tuesday 1 December 2026
    (utc(2026, 12, 1, 7, 30), "de", "Unser Team ist heute ab 09:00 Uhr wieder erreichbar."),
    (utc(2026, 12, 1, 17, 30), "en", "Our team is available again tomorrow from 09:00 (Berlin time)."),
    # Friday 23 October 2026, 16:30 UTC = 18:30 summer time: closed until Monday (after the change to winter time)
    (utc(2026, 10, 23, 16, 30), "de", "Unser Team ist am Montag ab 09:00 Uhr wieder erreichbar."),
    (utc(2026, 10, 23, 15, 30), "en", "Our team is available right now (until 18:00, Berlin time)."),
    # Sunday 25 October 2026 after the clocks went back: Monday is "tomorrow"
    (utc(2026, 10, 25, 12, 0), "en", "Our team is available again tomorrow from 09:00 (Berlin time)."),
])
def test_availability(moment, language, expected):
    assert availability(FACTS, language, moment) == expected


@pytest.mark.parametrize("facts", [{}, {"team_hours": "9-18"}, {"team_hours": {**FACTS["team_hours"], "timezone": "Mars/Base"}},
                                   {"team_hours": {**FACTS["team_hours"], "days": ["someday"]}}])
def test_missing_or_broken_hours_give_no_sentence(facts):
    assert availability(facts, "de", utc(2026, 12, 1, 12, 0)) == ""
