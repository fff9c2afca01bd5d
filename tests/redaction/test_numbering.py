import json

import pytest

from redaction import PlaceholderNumbering, RedactionError
from redaction.numbering import normalise

KEY = b"test-key-not-a-secret"


def test_same_person_gets_same_number_across_messages(redactor):
    numbering = PlaceholderNumbering(key=KEY)
    first = redactor.redact("Ich bin Anna Schmidt, das ist Herr Okonkwo.", numbering=numbering)
    second = redactor.redact("Mein Name ist anna schmidt", numbering=numbering)
    assert first.text == "Ich bin [PERSON_1], das ist [PERSON_2]."
    assert second.text == "Mein Name ist [PERSON_1]"


def test_numbers_are_per_label(redactor):
    numbering = PlaceholderNumbering(key=KEY)
    text = redactor.redact("Anna Schmidt, anna@example.de, 030 12345678", numbering=numbering).text
    assert text == "[PERSON_1], [EMAIL_1], [PHONE_1]"


def test_state_round_trips_and_holds_no_values(redactor):
    numbering = PlaceholderNumbering(key=KEY)
    redactor.redact("Mail an anna.schmidt@example.de", numbering=numbering)
    state = numbering.to_dict()
    dumped = json.dumps(state)
    assert "anna" not in dumped and "example" not in dumped
    restored = PlaceholderNumbering.from_dict(json.loads(dumped), key=KEY)
    assert redactor.redact("ANNA.SCHMIDT@example.de", numbering=restored).text == "[EMAIL_1]"
    assert redactor.redact("bob@example.de", numbering=restored).text == "[EMAIL_2]"


def test_different_keys_give_unlinkable_hashes():
    a, b = PlaceholderNumbering(key=b"one"), PlaceholderNumbering(key=b"two")
    a.number_for("PERSON", "Anna")
    b.number_for("PERSON", "Anna")
    assert set(a.to_dict()["numbers"]) != set(b.to_dict()["numbers"])


def test_invalid_state_is_rejected():
    with pytest.raises(RedactionError):
        PlaceholderNumbering.from_dict({"numbers": "nope"}, key=KEY)


def test_normalisation_ignores_spelling_of_numbers_and_case():
    assert normalise("PHONE", "030 / 123-45") == normalise("PHONE", "03012345")
    assert normalise("PERSON", "Anna  SCHMIDT") == normalise("PERSON", "anna schmidt")
