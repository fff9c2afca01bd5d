"""Redaction in worker processes: same results, a hard budget per message, the loop stays free.

A slow message is made real, not mocked: an extra spaCy pipeline whose entity ruler holds a
catastrophically backtracking token regex (``^(a+)+$``), loaded through REDACTOR_EXTRA_SPACY_MODEL's
path, so the worker genuinely spends seconds in ``re`` on 'aaa…ab'.
"""
from __future__ import annotations

import asyncio
import time

import pytest
import spacy

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
    pooled = asyncio.run(pool.redact("Ich bin Anna Schmidt, anna.schmidt@example.de", "de"))
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


def test_the_stuck_worker_is_replaced(pool):
    async def scenario():
        for _ in range(2):  # both workers get stuck and are replaced
            with pytest.raises(RedactionTimeout):
                await pool.redact(SLOW_TOKEN, None)
        results = await asyncio.gather(*(pool.redact(f"Tel 0151 2345678{i}", "de") for i in range(4)))
        deadline = time.monotonic() + 60
        while pool.idle_workers() < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return [pooled.result.text for pooled in results], pool.idle_workers()

    assert asyncio.run(scenario()) == (["Tel [PHONE]"] * 4, 2)


def test_a_pipeline_that_cannot_load_refuses_at_start(tmp_path):
    with pytest.raises(RedactionError, match="could not load"):
        RedactionPool(str(tmp_path / "nowhere"), workers=1).start()
