"""The Rasa server's active-conversation gauge counts tracker keys in Redis, and only this deployment's."""
from __future__ import annotations

import math
import uuid

import redis

from bot.operations import count_conversations
from core.redis_keys import tracker_prefix
from core.settings import Settings
from tests.support.stack import TEST_REDIS_DB

REDIS_URL = f"redis://127.0.0.1:6379/{TEST_REDIS_DB}"


def test_the_gauge_counts_this_deployments_conversations():
    settings = Settings(redis_url=REDIS_URL, redis_key_prefix=f"t{uuid.uuid4().hex[:12]}")
    client = redis.Redis.from_url(REDIS_URL)
    keys = [f"{tracker_prefix(settings)}conversation-{index}" for index in range(3)]
    other = f"{tracker_prefix(Settings(redis_key_prefix='someone-else'))}{uuid.uuid4().hex}"
    try:
        assert count_conversations(settings) == 0
        for key in (*keys, other):
            client.set(key, "{}", ex=60)
        assert count_conversations(settings) == 3
    finally:
        client.delete(*keys, other)


def test_without_redis_the_gauge_reads_nan_not_zero():
    """No answer must not look like 'no visitors' on a dashboard."""
    assert math.isnan(count_conversations(Settings(redis_url="redis://127.0.0.1:9/0")))
