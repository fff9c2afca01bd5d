"""The public-set converters put gold and ignored spans on the right characters."""
from bench.public_sets import convert, germeval_sentence


def test_germeval_sentence_marks_per_as_gold_and_other_entities_as_ignored() -> None:
    rows = [["1", "Karl", "B-PER", "O"], ["2", "Richter", "I-PER", "O"], ["3", "in", "O", "O"],
            ["4", "Aachen", "B-LOC", "O"], ["5", ".", "O", "O"]]
    record = germeval_sentence(rows)
    assert record["text"] == "Karl Richter in Aachen ."
    assert [record["text"][s["start"]:s["end"]] for s in record["spans"]] == ["Karl Richter"]
    assert [record["text"][s["start"]:s["end"]] for s in record["ignore"]] == ["Aachen"]


def test_presidio_labels_are_mapped_and_unknown_labels_ignored() -> None:
    record = convert({"full_text": "Call Ann at 555-0100 from Acme", "spans": [
        {"entity_type": "PERSON", "start_position": 5, "end_position": 8},
        {"entity_type": "PHONE_NUMBER", "start_position": 12, "end_position": 20},
        {"entity_type": "ORGANIZATION", "start_position": 26, "end_position": 30},
    ]})
    assert [(s["label"], s["start"]) for s in record["spans"]] == [("PERSON", 5), ("PHONE", 12)]
    assert record["ignore"] == [{"start": 26, "end": 30, "label": "ORGANIZATION"}]
