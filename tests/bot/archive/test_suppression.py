"""The small-group rule's parts, and the CSV a spreadsheet opens safely."""
from __future__ import annotations

from datetime import date

from bot.archive.suppression import MIN_GROUP, cell_rate, csv_text, show, shown, suppress, whole_weeks


def test_cells_at_the_boundary():
    assert (suppress(MIN_GROUP - 1), suppress(MIN_GROUP)) == (None, MIN_GROUP)
    assert (shown(MIN_GROUP - 1), shown(MIN_GROUP)) == (0, MIN_GROUP)
    assert (show(None), show(7)) == ("<5", "7")
    assert whole_weeks(date(2030, 3, 6), date(2030, 3, 12)) == (date(2030, 3, 4), date(2030, 3, 17))


def test_a_rate_takes_only_weeks_whose_part_and_whole_are_cells():
    assert cell_rate([(5, 10), (0, 5), (2, 10), (4, 4)]) == round(5 / 15, 3)
    assert cell_rate([(1, 4)]) is None


def test_csv_cells_never_start_a_formula():
    text = csv_text([("not_understood", "=HYPERLINK(\"http://x\")", "5"), ("not_understood", "-1+1", "6"),
                     ("total", "leads", "<5")])
    lines = text.splitlines()
    assert lines[0] == "section,key,value"
    assert lines[1] == "not_understood,\"'=HYPERLINK(\"\"http://x\"\")\",5" and lines[2] == "not_understood,'-1+1,6"
    assert lines[3] == "total,leads,<5"
