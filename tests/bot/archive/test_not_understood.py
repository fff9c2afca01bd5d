"""Not-understood messages are found, normalised and shown only in groups of MIN_GROUP conversations."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.archive.models import ArchivedEvent, AuditFinding
from bot.archive.not_understood import Group, Message, group_messages, normalise, not_understood_messages
from bot.archive.suppression import MIN_GROUP
from tests.bot.archive.support import action, bot, conversation, user

MONDAY = datetime(2030, 3, 4, 10, tzinfo=timezone.utc)
WEEK = (date(2030, 3, 4), date(2030, 3, 10))


@pytest.mark.parametrize("text, normal", [
    ("  Macht ihr   Amazon\tAds? ", "macht ihr amazon ads?"),
    ("Ich bin [PERSON] von [ORGANIZATION]", "ich bin [PERSON] von [ORGANIZATION]"),
    ("Grüße an [PERSON_2] und [PERSON_1]", "grüße an [PERSON] und [PERSON]"),
    ("[DATE_OF_BIRTH] HEUTE", "[DATE_OF_BIRTH] heute"),
    ("[person] typed by hand", "[person] typed by hand"),
    ("   ", ""),
])
def test_normalise(text, normal):
    assert normalise(text) == normal


def messages(text: str, writers: int, prefix: str = "c", repeats: int = 1):
    return [Message(f"{prefix}{index}", text) for index in range(writers) for _ in range(repeats)]


def test_groups_below_the_minimum_are_hidden_and_at_the_minimum_shown():
    found = group_messages(messages("Macht ihr Amazon Ads?", MIN_GROUP, "a")
                           + messages("macht ihr  amazon ads?", 1, "b")
                           + messages("Wo ist [PERSON_1]?", MIN_GROUP - 1, "p", repeats=2))
    assert found.groups == [Group("macht ihr amazon ads?", MIN_GROUP + 1, MIN_GROUP + 1)]
    assert found.hidden_messages == (MIN_GROUP - 1) * 2 and found.more_groups == 0


def test_one_conversation_repeating_a_message_is_one_writer():
    found = group_messages(messages("hallo???", 1, repeats=10))
    assert found.groups == [] and found.hidden_messages == 10


def test_the_hidden_count_is_itself_suppressed_when_small():
    found = group_messages(messages("common", MIN_GROUP) + messages("rare", MIN_GROUP - 1))
    assert found.hidden_messages is None
    assert ("total", "not_understood_hidden", "<5") in found.rows()


def test_suspect_messages_are_never_shown():
    found = group_messages([Message(f"c{index}", "Ruft mich an unter 0151", suspect=True) for index in range(9)])
    assert found.groups == [] and found.hidden_messages == 9


def test_most_frequent_first_and_limited():
    found = group_messages(messages("b", 6) + messages("a", 6) + messages("c", 7) + messages("d", 5, repeats=3),
                           limit=3)
    assert [group.text for group in found.groups] == ["c", "a", "b"] and found.more_groups == 1


def at(seconds: int) -> float:
    return MONDAY.timestamp() + seconds


def test_messages_with_a_fallback_intent_or_answered_by_a_fallback_are_found(writer, database):
    writer.write(conversation("c1", at=at(0)) + [
        user("c1", "Geht das an OpenAI?", "nlu_fallback", at=at(10)),
        action("c1", "action_not_understood", at(11)), bot("c1", "Sorry?", "utter_default", at(12)),
        user("c1", "What about the weather", "out_of_scope", at=at(20)),
        user("c1", "Habt ihr Google Partner", "ask_services", 0.4, at=at(30)),
        action("c1", "action_default_fallback", at(31)),
        user("c1", "What do you offer?", "ask_services", at=at(40)), bot("c1", "Web design.", "utter_services", at(41)),
    ])
    writer.write(conversation("c2", at=at(0)) + [bot("c2", "Sorry?", "utter_default", at(5))])
    found = not_understood_messages(database, *WEEK)
    assert sorted(message.text for message in found) == [
        "Geht das an OpenAI?", "Habt ihr Google Partner", "Hello there", "What about the weather"]


def test_messages_the_audit_suspects_are_marked_and_other_weeks_left_out(writer, database):
    writer.write([user("c1", "call 0151 2345678", "nlu_fallback", at=at(0)),
                  user("late", "next week", "nlu_fallback", at=at(7 * 86400))])
    with database.session() as session:
        event = session.query(ArchivedEvent).filter_by(conversation_id="c1").one()
        session.add(AuditFinding(conversation_id="c1", event_id=event.id, start=5, end=17, label="PHONE",
                                 reason="digit-run"))
    assert [(message.text, message.suspect) for message in not_understood_messages(database, *WEEK)] == [
        ("call 0151 2345678", True)]
