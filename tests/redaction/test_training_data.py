"""The training data generator: reproducible, aligned, and with negatives."""
from redaction.training.generate import generate_messages, to_docbin


def test_generation_is_reproducible_and_offsets_are_exact():
    first, second = generate_messages(60, seed=3), generate_messages(60, seed=3)
    assert [(m.text, m.entities) for m in first] == [(m.text, m.entities) for m in second]
    for message in first:
        for start, end, label in message.entities:
            assert label in {"PERSON", "ADDRESS"}
            assert message.text[start:end].strip() == message.text[start:end] != ""


def test_corpus_has_negatives_and_aligns_with_the_tokenizer():
    messages = generate_messages(200, seed=5)
    assert sum(not m.entities for m in messages) > 40
    docbin, skipped = to_docbin(messages)
    assert len(docbin) + skipped == 200 and skipped < 10
