"""Checks of the assistant's content (data/, domain/) that marketers run with ``make check``."""
