"""Statistics come from the archive only and never show a group of fewer than five conversations,
not even as the difference between two date ranges."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import combinations_with_replacement

from bot.archive.stats import MIN_GROUP, Statistics, compute
from tests.bot.archive.support import conversation, user

DAY = datetime(2030, 3, 4, 10, tzinfo=timezone.utc)  # a Monday


def at(day: int) -> float:
    return DAY.replace(day=day).timestamp()


def test_small_groups_are_suppressed(writer, database):
    for index in range(6):
        writer.write(conversation(f"en-{index}", "en", lead=index < 5, at=at(4)))
    for index in range(2):
        writer.write(conversation(f"de-{index}", "de", at=at(5), intent="ask_prices"))
    writer.write([user("en-0", "blah", "nlu_fallback", at=at(4) + 60)])
    stats = compute(database, DAY.date(), DAY.date().replace(day=6))
    assert (stats.since, stats.until) == (date(2030, 3, 4), date(2030, 3, 10)), "widened to the whole week"
    assert stats.conversations == 8
    assert stats.per_week == [(date(2030, 3, 4), 8)]
    assert dict(stats.languages) == {"de": None, "en": 6}
    assert stats.top_intents == [("greet", 6), ("inform", 5), ("request_consultation", 5)], "ask_prices (2) is hidden"
    assert stats.consultation_requests == 5 and stats.consent_rate == 1.0 and stats.leads == 5
    assert stats.fallback_rate == round(1 / 19, 3), "1 fallback in 5*3 + 1 + 2 + 1 visitor messages"
    csv = stats.csv()
    assert "per_week,2030-03-04,8" in csv and "language,de,<5" in csv and "ask_prices" not in csv


def test_everything_is_suppressed_below_five_conversations(writer, database):
    for index in range(4):
        writer.write(conversation(f"c-{index}", lead=True, at=at(4)))
    stats = compute(database, DAY.date(), DAY.date())
    assert stats.conversations is None and stats.fallback_rate is None and stats.consent_rate is None
    assert stats.leads is None and stats.top_intents == [] and stats.per_week == [(DAY.date(), None)]


def test_a_week_below_the_minimum_adds_nothing_to_longer_ranges(writer, database):
    for index in range(6):
        writer.write(conversation(f"w1-{index}", "en", lead=index < 2, at=at(4)))
    for index in range(3):
        writer.write(conversation(f"w2-{index}", "en", lead=True, at=at(13)))
    stats = compute(database, date(2030, 3, 4), date(2030, 3, 17))
    assert stats.per_week == [(date(2030, 3, 4), 6), (date(2030, 3, 11), None)]
    assert stats.conversations == 6 and dict(stats.languages) == {"en": 6}
    assert stats.leads is None and stats.consent_rate is None, "2 consents in week 1: neither count nor rate"


def counts(stats: Statistics) -> dict:
    """Every count a reader sees, by name; None where it is shown as "<5"."""
    figures = {"conversations": stats.conversations, "leads": stats.leads,
               "consultation_requests": stats.consultation_requests}
    figures.update({f"language {name}": count for name, count in stats.languages})
    figures.update({f"intent {name}": count for name, count in stats.top_intents})
    return figures


def test_differencing_any_two_nested_ranges_never_isolates_a_small_group(writer, database):
    """Each day of three weeks holds a few conversations; every pair of nested date ranges is tried."""
    first = date(2030, 3, 4)
    for day in range(21):
        when = datetime.combine(first + timedelta(days=day), datetime.min.time(), timezone.utc).timestamp() + 3600
        for index in range(day % 4 + 1):
            language = "de" if (day + index) % 3 else "en"
            writer.write(conversation(f"d{day}-{index}", language, lead=index % 2 == 0, at=when + index,
                                      intent="ask_prices" if day % 2 else "greet"))
    days = [first + timedelta(days=offset) for offset in range(21)]
    ranges = [(since, until) for since, until in combinations_with_replacement(days, 2)]
    results = {chosen: counts(compute(database, *chosen)) for chosen in ranges}
    assert any(value is not None for figures in results.values() for value in figures.values()), "something is shown"
    for small in ranges:
        for large in ranges:
            if not (large[0] <= small[0] and small[1] <= large[1]):
                continue
            for name, value in results[large].items():
                # a language missing from a range's list had no conversation there; an intent missing from
                # the top list is unknown, like a "<5"
                inner = results[small].get(name, None if name.startswith("intent") else 0)
                if value is not None and inner is not None:
                    assert value - inner == 0 or value - inner >= MIN_GROUP, (name, small, large, value, inner)
