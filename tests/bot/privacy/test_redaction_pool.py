"""Redaction in worker processes: same results, a hard budget per message, the loop stays free.

A slow message is made real, not mocked: an extra spaCy pipeline whose entity ruler holds a
catastrophically backtracking token regex (``^(a+)+$``), loaded through REDACTOR_EXTRA_SPACY_MODEL's
path, so the worker genuinely spends seconds in ``re`` on 'aaa…ab'.
"""
from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest
import spacy
from prometheus_client import REGISTRY

from bot.privacy.redaction_pool import RedactionPool, RedactionTimeout
from redaction import RedactionError
from redaction.engine import DEFAULT_MODEL_PATH

SLOW_TOKEN = "a" * 30 + "b"  # about 30 s of backtracking for ^(a+)+$


@pytest.fixture(scope="module")
def slow_model(tmp_path_factory) -> str:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": [{"TEXT": {"REGEX": r"^(a+)+$"}}]}])
    path = tmp_path_factory.mktemp("slow") / "extra"
    nlp.to_disk(path)
    return str(path)


@pytest.fixture
def pool(slow_model):
    """A fresh pool per test: a worker's replacement belongs to the event loop of its test."""
    started = RedactionPool(DEFAULT_MODEL_PATH, slow_model, workers=2, budget_seconds=0.5, wait_seconds=30).start()
    yield started
    started.close()


def test_results_match_the_engine_and_say_whether_they_are_settled(pool):
    timed = REGISTRY.get_sample_value("diskret_redaction_seconds_count") or 0.0
    pooled = asyncio.run(pool.redact("Ich bin Anna Schmidt, anna.schmidt@example.de", "de"))
    assert REGISTRY.get_sample_value("diskret_redaction_seconds_count") == timed + 1, "the latency is observed"
    assert pooled.result.text == "Ich bin [PERSON], [EMAIL]"
    assert [span.label for span in pooled.result.spans] == ["PERSON", "EMAIL"]
    assert pooled.settled


def test_a_slow_message_fails_closed_within_its_budget_and_the_loop_stays_free(pool):
    async def scenario():
        gaps, last = [], time.perf_counter()

        async def ticker():
            nonlocal last
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticking = asyncio.get_running_loop().create_task(ticker())
        started = time.perf_counter()
        with pytest.raises(RedactionTimeout):
            await pool.redact(f"hallo {SLOW_TOKEN}", "de")
        took = time.perf_counter() - started
        other = await pool.redact("Mail an max@example.org", "de")  # the second worker answers meanwhile
        ticking.cancel()
        return took, max(gaps), other

    took, longest_gap, other = asyncio.run(scenario())
    assert took < 2.0, "the budget bounds the wait"
    assert longest_gap < 0.25, "the event loop kept running while the worker was stuck"
    assert other.result.text == "Mail an [EMAIL]"


def test_an_overrun_keeps_its_worker(pool):
    """The worker's own alarm ends a slow match: the message fails closed, the process lives on."""
    workers = [worker.process.pid for worker in pool._workers]

    async def scenario():
        for _ in range(2):
            with pytest.raises(RedactionTimeout):
                await pool.redact(SLOW_TOKEN, None)
        return [(await pool.redact(f"Tel 0151 2345678{i}", "de")).result.text for i in range(4)]

    assert asyncio.run(scenario()) == ["Tel [PHONE]"] * 4
    assert [worker.process.pid for worker in pool._workers] == workers
    deadline = time.monotonic() + 5  # a driver counts as idle once it waits for the next message again
    while pool.idle_workers() < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.idle_workers() == 2


def test_a_busy_event_loop_does_not_fail_a_quick_answer(pool):
    """Under load the loop wakes late; the worker answered in milliseconds, so the message is redacted.
    (Measured by the loop, the wait was three times the 0.5 s budget.)"""

    async def scenario():
        pending = asyncio.get_running_loop().create_task(pool.redact("Ich bin Anna Schmidt", "de"))
        await asyncio.sleep(0.05)  # the message is with a worker
        time.sleep(1.5)  # the loop is busy with other visitors' turns
        return await pending

    assert asyncio.run(scenario()).result.text == "Ich bin [PERSON]"


def test_a_stuck_worker_is_replaced(slow_model):
    """A worker that gives no answer at all (here: stopped) is killed after ``stuck_seconds`` and replaced."""
    pool = RedactionPool(DEFAULT_MODEL_PATH, slow_model, workers=1, budget_seconds=0.5, stuck_seconds=1.0).start()
    stuck = pool._workers[0].process
    os.kill(stuck.pid, signal.SIGSTOP)

    async def scenario():
        with pytest.raises(RedactionTimeout):
            await pool.redact("Ich bin Anna Schmidt", "de")
        return (await pool.redact("Tel 0151 23456789", "de")).result.text  # waits for the replacement

    try:
        assert asyncio.run(scenario()) == "Tel [PHONE]"
        assert pool._workers[0].process.pid != stuck.pid
        stuck.join(5)
        assert not stuck.is_alive()
    finally:
        pool.close()


def test_a_pipeline_that_cannot_load_refuses_at_start(tmp_path):
    with pytest.raises(RedactionError, match="could not load"):
        RedactionPool(str(tmp_path / "nowhere"), workers=1).start()


def test_workers_keep_going_while_the_event_loop_is_busy(slow_model):
    """Messages queued before the loop got busy are all redacted meanwhile: workers take the next
    message without waiting for the loop, so a short wait limit is not used up by the loop's delay."""
    pool = RedactionPool(DEFAULT_MODEL_PATH, slow_model, workers=2, budget_seconds=0.5, wait_seconds=0.5).start()

    async def scenario():
        pending = [asyncio.get_running_loop().create_task(pool.redact(f"Tel 0151 2345678{i}", "de")) for i in range(12)]
        await asyncio.sleep(0)  # every message is queued
        time.sleep(1.0)  # the loop is busy with other visitors' turns
        return [(await task).result.text for task in pending]

    try:
        assert asyncio.run(scenario()) == ["Tel [PHONE]"] * 12
    finally:
        pool.close()
