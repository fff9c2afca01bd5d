"""Statistics come from the archive only and never show a group of fewer than five conversations."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.archive.stats import compute
from tests.bot.archive.support import conversation, user

DAY = datetime(2030, 3, 4, 10, tzinfo=timezone.utc)


def at(day: int) -> float:
    return DAY.replace(day=day).timestamp()


def test_small_groups_are_suppressed(writer, database):
    for index in range(6):
        writer.write(conversation(f"en-{index}", "en", lead=index < 5, at=at(4)))
    for index in range(2):
        writer.write(conversation(f"de-{index}", "de", at=at(5), intent="ask_prices"))
    writer.write([user("en-0", "blah", "nlu_fallback", at=at(4) + 60)])
    stats = compute(database, DAY.date(), DAY.date().replace(day=6))
    assert stats.conversations == 8
    assert stats.per_day == [(DAY.date(), 6), (DAY.date().replace(day=5), None), (DAY.date().replace(day=6), None)]
    assert dict(stats.languages) == {"de": None, "en": 6}
    assert stats.top_intents == [("greet", 6), ("inform", 5), ("request_consultation", 5)], "ask_prices (2) is hidden"
    assert stats.consultation_requests == 5 and stats.consent_rate == 1.0 and stats.leads == 5
    assert stats.fallback_rate == round(1 / 19, 3), "1 fallback in 5*3 + 1 + 2 + 1 visitor messages"
    csv = stats.csv()
    assert "per_day,2030-03-05,<5" in csv and "language,de,<5" in csv and "ask_prices" not in csv


def test_everything_is_suppressed_below_five_conversations(writer, database):
    for index in range(4):
        writer.write(conversation(f"c-{index}", lead=True, at=at(4)))
    stats = compute(database, DAY.date(), DAY.date())
    assert stats.conversations is None and stats.fallback_rate is None and stats.consent_rate is None
    assert stats.leads is None and stats.top_intents == []
