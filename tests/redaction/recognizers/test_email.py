import pytest

from redaction.recognizers.email import EmailRecognizer


@pytest.mark.parametrize(
    "text, value",
    [
        ("Schreib mir: anna.schmidt@example.de", "anna.schmidt@example.de"),
        ("mail ist j.doe+news@mail.example.co.uk.", "j.doe+news@mail.example.co.uk"),
        ("Kontakt: KAI_LINDQVIST@BEISPIEL.AT bitte", "KAI_LINDQVIST@BEISPIEL.AT"),
        ("an m.sonnleitner(at)gmx.at senden", "m.sonnleitner(at)gmx.at"),
        ("max [at] example [dot] com", "max [at] example [dot] com"),
        ("jürgen.müller@beispiel-firma.de", "jürgen.müller@beispiel-firma.de"),
    ],
)
def test_finds_addresses(found, text, value):
    assert ("EMAIL", value) in found(text)


@pytest.mark.parametrize("text", ["Wir treffen uns at home", "Preis: 5 @ 10 €", "@anna_official auf Twitter?", "a@b"])
def test_ignores_look_alikes(labels, text):
    assert "EMAIL" not in labels(text)


def test_recognizer_works_without_pipeline():
    candidates = EmailRecognizer(None, "email").analyze("x anna@example.org y")
    assert [(c.start, c.end, c.label) for c in candidates] == [(2, 18, "EMAIL")]


@pytest.mark.parametrize(
    "text, value",
    [("mail: jonas punkt wirth at gmx punkt de", "jonas punkt wirth at gmx punkt de"),
     ("reach me at li.na at proton dot me", "li.na at proton dot me")],
)
def test_spelled_out_addresses(covered, text, value):
    assert covered(text, value)


@pytest.mark.parametrize("text", ["we meet at noon", "we are at 5 locations", "see you at the office dot"])
def test_ordinary_at_is_not_an_address(labels, text):
    assert "EMAIL" not in labels(text)
