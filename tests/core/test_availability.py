"""The availability sentence follows Berlin wall-clock time in both languages."""
from datetime import datetime, timezone

from core.availability import availability

FACTS = {"office_hours": "Mon-Fri 09:00-18:00", "timezone": "Europe/Berlin"}


def test_inside_hours_says_the_team_is_there():
    now = datetime(2026, 3, 30, 7, 30, tzinfo=timezone.utc)  # Monday 09:30 CEST
    assert availability(FACTS, "de", now) == "Unser Team ist gerade im Büro."
    assert availability(FACTS, "en", now) == "Our team is in the office right now."


def test_after_hours_names_the_next_opening_in_local_time():
    now = datetime(2026, 3, 27, 17, 30, tzinfo=timezone.utc)  # Friday 18:30 CET, summer time starts Sunday
    assert availability(FACTS, "de", now) == "Unser Team ist ab Montag, 09:00 Uhr wieder erreichbar (Zeitzone Europe/Berlin)."
    assert availability(FACTS, "en", now) == "Our team is next available on Monday from 09:00 (Europe/Berlin time)."


def test_without_a_schedule_there_is_nothing_to_say():
    assert availability({}, "de") == ""
