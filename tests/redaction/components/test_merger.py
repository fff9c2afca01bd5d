"""Overlap resolution, tested on hand-made candidates."""
from redaction.components.merger import merge_candidates
from redaction.spans import Candidate, Span


def cand(start, end, label, score=0.8, validated=False, priority=0):
    return Candidate(start, end, label, score, "test", validated, priority)


TEXT = "x" * 100


def test_validated_beats_unvalidated_and_priority():
    spans = merge_candidates(TEXT, [cand(0, 20, "PHONE", priority=60), cand(0, 22, "IBAN", validated=True, priority=80)], 0.5)
    assert spans == [Span(0, 22, "IBAN")]


def test_higher_priority_wins_between_unvalidated():
    spans = merge_candidates(TEXT, [cand(5, 30, "PERSON", priority=30), cand(10, 30, "EMAIL", priority=90)], 0.5)
    assert spans == [Span(10, 30, "EMAIL")]


def test_same_label_overlaps_are_united():
    spans = merge_candidates(TEXT, [cand(0, 10, "PERSON", priority=30), cand(5, 15, "PERSON", priority=30)], 0.5)
    assert spans == [Span(0, 15, "PERSON")]


def test_keep_blocks_and_is_not_output():
    spans = merge_candidates(TEXT, [cand(0, 8, "KEEP", 1.0, True, 100), cand(2, 6, "PHONE", priority=60)], 0.5)
    assert spans == []


def test_low_scores_are_dropped_unless_validated():
    spans = merge_candidates(TEXT, [cand(0, 5, "PERSON", 0.3), cand(10, 15, "IBAN", 0.3, True)], 0.5)
    assert spans == [Span(10, 15, "IBAN")]


def test_output_is_sorted_and_non_overlapping():
    candidates = [cand(50, 60, "EMAIL", priority=90), cand(0, 10, "PERSON"), cand(55, 70, "PERSON"), cand(20, 30, "PHONE")]
    spans = merge_candidates(TEXT, candidates, 0.5)
    assert spans == sorted(spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_spans_are_trimmed_of_surrounding_punctuation():
    text = "Hallo (Anna Schmidt), wie gehts"
    assert merge_candidates(text, [cand(6, 20, "PERSON")], 0.5) == [Span(7, 19, "PERSON")]
