"""The consultation funnel counts conversations per step from the archive, under the small-group rule."""
from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace

from sqlalchemy import update

from bot.archive.funnel import ALL, answers_given, compute_funnel
from bot.archive.models import ArchivedConversation
from bot.archive.suppression import MIN_GROUP
from tests.bot.archive.support import consultation, conversation

MONDAY = datetime(2030, 3, 4, 10, tzinfo=timezone.utc)
WEEK = (date(2030, 3, 4), date(2030, 3, 10))


def at(day: int) -> float:
    return MONDAY.replace(day=day).timestamp()


def figures(funnel, segment=ALL):
    return {count.figure.key: count.count for count in dict(funnel.segments)[segment]}


def shares(funnel, segment=ALL):
    return {count.figure.key: count.share for count in dict(funnel.segments)[segment] if count.figure.share_of}


def test_each_step_counts_the_conversations_that_reached_it(writer, database):
    plan = [("lead", None)] * 5 + [("email", None)] * 5 + [("started", "no")] * 5 + [("name", "no")] * 2
    for index, (reached, then) in enumerate(plan):
        writer.write(consultation(f"c{index}", reached, then=then, at=at(4) + index * 100))
    for index in range(5):
        writer.write(conversation(f"plain{index}", at=at(5)))
    funnel = compute_funnel(database, *WEEK)
    assert figures(funnel) == {"started": 17, "consented": 12, "name": 12, "email": 10, "lead": 5, "phone": 5,
                               "declined": 5, "cancelled": None, "withdrawn": None}
    assert shares(funnel) == {"consented": round(12 / 17, 3), "name": 1.0, "email": round(10 / 12, 3),
                              "lead": 0.5, "phone": 0.5, "declined": round(5 / 17, 3), "cancelled": None}
    assert [step.figure.key for step in funnel.steps()] == ["started", "consented", "name", "email", "lead"]
    assert [(figure.key, [count.count for count in counts]) for figure, counts in funnel.by_figure()][-4:] == [
        ("phone", [5, 5]), ("declined", [5, 5]), ("cancelled", [None, None]), ("withdrawn", [None, None])], "all, en"


def test_a_step_one_short_of_the_minimum_is_suppressed_and_at_the_minimum_shown(writer, database):
    for index in range(MIN_GROUP):
        writer.write(consultation(f"lead{index}", "lead", phone="skipped" if index else "[PHONE]",
                                  then="withdraw" if index < MIN_GROUP - 1 else None, at=at(4) + index * 100))
    funnel = compute_funnel(database, *WEEK)
    assert figures(funnel)["lead"] == MIN_GROUP and figures(funnel)["withdrawn"] is None
    assert figures(funnel)["phone"] is None and shares(funnel)["phone"] is None, "1 phone number given"
    rows = dict(((section, key), value) for section, key, value in funnel.rows())
    assert rows[("funnel", "all lead")] == "5" and rows[("funnel", "all withdrawn")] == "<5"
    assert rows[("funnel_share", "all lead")] == "1.0"


def test_languages_are_segments_and_a_small_language_is_left_out(writer, database):
    for index in range(6):
        writer.write(consultation(f"de{index}", "lead", language="de", at=at(4) + index * 100))
    for index in range(2):
        writer.write(consultation(f"en{index}", "lead", language="en", at=at(4) + index * 100))
    funnel = compute_funnel(database, *WEEK)
    assert [segment for segment, _ in funnel.segments] == [ALL, "de"]
    assert figures(funnel)["lead"] == 8 and figures(funnel, "de")["lead"] == 6
    assert [[count.count for count in counts] for _, counts in funnel.by_figure()][0] == [8, 6]


def test_a_week_below_the_minimum_adds_nothing(writer, database):
    for index in range(5):
        writer.write(consultation(f"w1-{index}", "email", at=at(4) + index * 100))
    for index in range(3):
        writer.write(consultation(f"w2-{index}", "email", at=at(12) + index * 100))
    two_weeks = figures(compute_funnel(database, date(2030, 3, 4), date(2030, 3, 17)))
    assert two_weeks["started"] == 5 and two_weeks["email"] == 5
    assert figures(compute_funnel(database, date(2030, 3, 11), date(2030, 3, 17)))["started"] is None


def test_conversations_archived_before_the_funnel_columns_count_as_not_cancelled(writer, database):
    for index in range(5):
        writer.write(consultation(f"old{index}", "name", then="no", at=at(4) + index * 100))
    with database.session() as session:
        session.execute(update(ArchivedConversation).values(consultation_cancelled=None))
    assert figures(compute_funnel(database, *WEEK))["cancelled"] is None


def test_an_answer_counts_only_if_its_slot_still_holds_a_value_when_the_turn_ends():
    def rows(*events):
        return [SimpleNamespace(conversation_id=conversation, event_type=kind, name=name, value=value)
                for conversation, kind, name, value in events]

    given = answers_given(rows(
        ("a", "user", None, None), ("a", "slot", "lead_name", "set"), ("a", "slot", "lead_name", None),  # not a name
        ("a", "user", None, None), ("a", "slot", "lead_name", "set"),  # a name
        ("a", "user", None, None), ("a", "slot", "lead_email", "set"), ("a", "slot", "lead_email", None),  # a "no"
        ("b", "user", None, None), ("b", "slot", "lead_phone", "skipped"),
        ("c", "user", None, None), ("c", "slot", "lead_email", "set"),  # the conversation's last turn
    ))
    assert given == {"a": {"lead_name"}, "b": set(), "c": {"lead_email"}}
