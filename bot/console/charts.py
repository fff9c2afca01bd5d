"""PNG charts of the statistics (matplotlib, headless Agg backend); suppressed cells are drawn as 0."""
from __future__ import annotations

import io
from typing import Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot  # noqa: E402  (backend must be chosen first)

from bot.archive.stats import Statistics  # noqa: E402

CHARTS = ("per_week", "languages", "intents", "funnel")


def _bars(pairs: Sequence[Tuple[str, Optional[float]]], title: str, horizontal: bool = False) -> bytes:
    labels = [label for label, _ in pairs]
    values = [value or 0 for _, value in pairs]
    figure, axes = pyplot.subplots(figsize=(7, 3.2), dpi=100)
    try:
        (axes.barh if horizontal else axes.bar)(labels, values, color="#3b6ea5")
        axes.set_title(title + " (cells under 5 conversations not shown)", fontsize=10)
        axes.tick_params(labelsize=8)
        if not horizontal and len(labels) > 10:
            axes.set_xticks(range(0, len(labels), max(len(labels) // 10, 1)))
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)


def render(stats: Statistics, name: str) -> bytes:
    """The chart ``name`` (one of ``CHARTS``) as PNG bytes."""
    if name == "per_week":
        return _bars([(monday.strftime("%m-%d"), count) for monday, count in stats.per_week],
                     "Conversations per week (from Monday)")
    if name == "languages":
        return _bars(stats.languages, "Conversations by language")
    if name == "intents":
        return _bars(list(reversed(stats.top_intents)), "Top intents (conversations)", horizontal=True)
    if name == "funnel":
        return _bars([(count.figure.key, count.count) for count in reversed(stats.funnel.steps())],
                     "Consultation funnel: conversations per step", horizontal=True)
    raise KeyError(name)
