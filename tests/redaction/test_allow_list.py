"""Allowed phrases stay as written; everything else is redacted as before."""
import pytest

from redaction import AllowList

AGENCY = AllowList(["+49 30 555 0199 0", "hallo@nordlicht-digital.de", "Musterstraße 1, 10115 Berlin"])


@pytest.mark.parametrize("text", ["+49 30 555 0199 0", "+49 30 555-0199-0", "HALLO@nordlicht-digital.de",
                                  "Musterstraße 1", "Musterstraße 1, 10115 Berlin", "10115 Berlin"])
def test_a_run_of_an_allowed_phrase_is_permitted(text):
    assert AGENCY.permits(text)


@pytest.mark.parametrize("text", ["+49 30 555 0199 1", "anna@nordlicht-digital.de", "Musterstraße 2", "", "Musterstraße 1 Berlin"])
def test_anything_else_is_not(text):
    assert not AGENCY.permits(text)


def test_a_word_inside_a_longer_word_never_counts():
    assert not AllowList(["Johannastraße 4"]).permits("Anna")


def test_the_redactor_keeps_what_is_allowed_and_only_that(redactor):
    text = "Rufen Sie uns an: +49 30 555 0199 0 oder schreiben Sie an hallo@nordlicht-digital.de. Gruß, Anna Schmidt, anna.schmidt@example.org"
    kept = redactor.redact(text, allow=AGENCY).text
    assert "+49 30 555 0199 0" in kept and "hallo@nordlicht-digital.de" in kept
    assert "Anna Schmidt" not in kept and "anna.schmidt@example.org" not in kept
    assert "[PHONE]" in redactor.redact(text).text
