"""Readiness checks: a failing part reads "not ready", logged by error type only."""
from __future__ import annotations

import logging

from core.health import readiness_answer, run_checks


def test_a_raising_check_is_not_ready_and_logged_by_type_only(caplog):
    def broken() -> bool:
        raise ConnectionError("could not reach anna.schmidt@example.org")

    with caplog.at_level(logging.WARNING):
        states = run_checks({"up": lambda: True, "down": broken, "empty": lambda: 0})
    assert states == {"up": True, "down": False, "empty": False}
    assert "ConnectionError" in caplog.text and "anna.schmidt" not in caplog.text


def test_the_answer_is_200_only_when_every_part_is_ready():
    assert readiness_answer({"a": True, "b": True}) == ({"ready": True, "checks": {"a": True, "b": True}}, 200)
    assert readiness_answer({"a": True, "b": False})[1] == 503
