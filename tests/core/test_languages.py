"""Which language to answer in: a visitor's request to switch, and messages clearly in one language."""
from __future__ import annotations

import pytest

from core.languages import clearly_written_in, requested_language


@pytest.mark.parametrize("text, language", [
    ("English please", "en"), ("can we speak English?", "en"), ("English?", "en"), ("in english pls", "en"),
    ("auf Deutsch bitte", "de"), ("Sprechen Sie Deutsch?", "de"), ("Do you speak German?", "de"), ("Deutsch", "de"),
])
def test_a_short_request_switches(text, language):
    assert requested_language(text) == language


@pytest.mark.parametrize("text", [
    "Habt ihr englische Kunden?",  # not the language's name
    "Macht ihr Werbung auf Englisch für unsere Kunden in Großbritannien?",  # too long for a request
    "Do you do German SEO?",  # names a language without asking for it
    "English oder Deutsch?",  # two languages: no choice
    "Hallo", "",
])
def test_other_messages_do_not(text):
    assert requested_language(text) is None


@pytest.mark.parametrize("text, language", [
    ("What does SEO cost for my shop?", "en"),
    ("Was kostet bei euch eine Beratung für meinen Shop?", "de"),
    ("Hallo", None), ("Thanks!", None), ("SEO?", None),  # too little to say
])
def test_a_message_clearly_in_one_language(text, language):
    assert clearly_written_in(text) == language
