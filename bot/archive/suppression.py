"""The small-group rule every marketing figure follows: weekly cells of at least ``MIN_GROUP``.

Any figure resting on fewer than ``MIN_GROUP`` conversations is reported as ``None``
("<5"), so no cell can point at an individual visitor. Figures are built from fixed
calendar weeks (Monday to Sunday, UTC); a week's cell below the minimum adds 0 to a
range's sum, so two date ranges differ by whole weeks that each add nothing or at least
``MIN_GROUP`` conversations (``bot.archive.stats`` explains why).
"""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Iterable, Optional, Sequence, Tuple

MIN_GROUP = 5
SUPPRESSED = "<5"
# A spreadsheet runs a cell starting with one of these as a formula; visitors' texts reach the CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = Optional[float]


def suppress(count: int) -> Optional[int]:
    return count if count >= MIN_GROUP else None


def shown(count: int) -> int:
    """A week's cell as it enters sums: itself if it reaches the minimum, else 0."""
    return count if count >= MIN_GROUP else 0


def week_of(day: date) -> date:
    """The Monday starting ``day``'s week."""
    return day - timedelta(days=day.weekday())


def whole_weeks(since: date, until: date) -> Tuple[date, date]:
    """``since``..``until`` widened to Monday..Sunday."""
    return week_of(since), week_of(until) + timedelta(days=6)


def rate(parts: Iterable[Tuple[int, int]]) -> Cell:
    """Sum of parts over sum of wholes, rounded; None if nothing is left to divide."""
    part_sum = whole_sum = 0
    for part, whole in parts:
        part_sum, whole_sum = part_sum + part, whole_sum + whole
    return round(part_sum / whole_sum, 3) if whole_sum else None


def cell_rate(weekly: Iterable[Tuple[int, int]]) -> Cell:
    """``rate`` over the weeks whose part and whole are both cells (a part of 0 is one too)."""
    return rate((part, whole) for part, whole in weekly
                if whole >= MIN_GROUP and (part == 0 or part >= MIN_GROUP))


def show(value: object) -> str:
    """A figure as text: suppressed ones read "<5"."""
    return SUPPRESSED if value is None else str(value)


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """(section, key, value) rows as CSV; a cell a spreadsheet would run as a formula gets a leading "'"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("section", "key", "value"))
    writer.writerows([f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell for cell in row] for row in rows)
    return buffer.getvalue()
