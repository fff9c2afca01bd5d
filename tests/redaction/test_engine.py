"""The public interface: results, batch, fail-closed behaviour, odd and long inputs."""
import dataclasses

import pytest

from redaction import LABELS, RedactionError, RedactionResult, Redactor, Span, load_pipeline, load_redactor
from redaction.engine import MAX_CHUNK_CHARS, chunk_bounds, normalise_lang

MESSAGE = "Hallo, ich bin Anna Schmidt, Tel. 0151 23456789, Mail anna.schmidt@example.de"


def test_labels_are_the_documented_set():
    assert set(LABELS) == {
        "PERSON", "EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "ADDRESS", "DATE_OF_BIRTH",
        "IP_ADDRESS", "ID_NUMBER", "HEALTH", "URL_PERSONAL",
    }


def test_redact_replaces_spans_with_placeholders(redactor):
    result = redactor.redact(MESSAGE, lang="de")
    assert isinstance(result, RedactionResult)
    assert result.text == "Hallo, ich bin [PERSON], Tel. [PHONE], Mail [EMAIL]"
    assert [s.label for s in result.spans] == ["PERSON", "PHONE", "EMAIL"]
    assert MESSAGE[result.spans[0].start : result.spans[0].end] == "Anna Schmidt"


def test_span_is_frozen_and_holds_no_value(redactor):
    span = redactor.redact(MESSAGE).spans[0]
    assert [f.name for f in dataclasses.fields(Span)] == ["start", "end", "label"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 0


def test_load_redactor_is_cached():
    assert load_redactor() is load_redactor()


def test_batch_equals_single(redactor):
    texts = [MESSAGE, "", "Was kostet SEO?", "My DOB is 12/04/1988", "🙂 Anna 🙂"]
    batch = redactor.redact_batch(texts, ["de", None, "de", "en", None])
    assert batch == [redactor.redact(t) for t in texts]


def test_empty_string(redactor):
    assert redactor.redact("") == RedactionResult("", [])


def test_clean_text_is_unchanged(redactor):
    text = "Wir haben ein Budget von 5.000 € und einen Termin am 12.03. um 14 Uhr."
    assert redactor.redact(text) == RedactionResult(text, [])


def test_idempotent(redactor):
    once = redactor.redact(MESSAGE).text
    assert redactor.redact(once).text == once


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_non_string_input_is_rejected(redactor, bad):
    with pytest.raises((TypeError, RedactionError)):
        redactor.redact(bad)


@pytest.mark.parametrize("lang, expected", [("de", "de"), ("de-AT", "de"), ("EN_gb", "en"), ("fr", None), (None, None), (7, None)])
def test_language_codes_are_normalised_not_rejected(lang, expected):
    assert normalise_lang(lang) == expected


def test_unknown_lang_still_redacts(redactor):
    assert redactor.redact("Mail: anna@example.de", lang="fr").text == "Mail: [EMAIL]"


def test_emoji_and_odd_unicode_keep_offsets(redactor):
    text = "👋🏽 Grüße von 𝒜𝓃𝓃𝒶, Mail: anna@example.de\u200b, Tel. +49 30 12345678 ✅"
    result = redactor.redact(text)
    labels = {s.label: text[s.start : s.end] for s in result.spans}
    assert labels["EMAIL"] == "anna@example.de"
    assert labels["PHONE"] == "+49 30 12345678"
    assert "anna@example.de" not in result.text


def test_very_long_input_is_chunked_with_correct_offsets(redactor):
    filler = "Das ist ein ganz normaler Satz ohne Daten. " * 400
    text = filler + "Mail: anna@example.de" + "\n" + filler + "IBAN DE89 3704 0044 0532 0130 00"
    assert len(text) > 3 * MAX_CHUNK_CHARS
    result = redactor.redact(text)
    assert [(s.label, text[s.start : s.end]) for s in result.spans] == [
        ("EMAIL", "anna@example.de"),
        ("IBAN", "DE89 3704 0044 0532 0130 00"),
    ]
    assert result.text.count("[EMAIL]") == 1 and result.text.endswith("[IBAN]")


def test_chunk_bounds_cover_text_without_gaps():
    text = ("abc def. " * 2000) + "x" * 12000
    bounds = chunk_bounds(text, 1000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(end - start <= 1000 for start, end in bounds)


def test_missing_model_fails_closed(tmp_path):
    with pytest.raises(RedactionError, match="no redaction pipeline"):
        load_pipeline(str(tmp_path / "nowhere"))


def test_broken_model_fails_closed(tmp_path):
    (tmp_path / "config.cfg").write_text("[nlp]\nthis is not a config", encoding="utf-8")
    with pytest.raises(RedactionError, match="cannot load"):
        load_pipeline(str(tmp_path))


def test_load_redactor_fails_closed_on_a_bad_path(tmp_path):
    with pytest.raises(RedactionError):
        load_redactor(str(tmp_path))


def test_internal_failure_raises_instead_of_returning_text(redactor, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("component crashed")

    monkeypatch.setattr(redactor.nlp, "pipe", explode)
    with pytest.raises(RedactionError):
        redactor.redact(MESSAGE)


def test_pipeline_without_merger_is_refused():
    import spacy

    with pytest.raises(RedactionError):
        Redactor(spacy.blank("xx"))


def test_idempotent_on_mixed_messages(redactor):
    texts = [
        "Hier ist Emre Çelik von Çelik Bau, Tel. 0151 23456789.",
        "Viele Grüße\nAnna-Lena Schmidt\nHauptstraße 5, 10115 Berlin",
        "my son has ADHD, call me on +44 20 7946 0958, DOB 12/04/1988",
    ]
    for text in texts:
        once = redactor.redact(text).text
        assert redactor.redact(once).text == once


def test_shouted_messages_are_also_read_in_lowercase(redactor):
    result = redactor.redact("HIER IST KATHARINA WOLLENWEBER, BITTE UM RÜCKRUF UNTER 0171 2345678")
    assert "KATHARINA" not in result.text and "[PHONE]" in result.text
