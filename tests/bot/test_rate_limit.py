"""Per-minute limits and the in-progress turn counter, on an in-memory Redis (unit tests)."""
import asyncio

import pytest
from fakeredis import aioredis

from core.settings import Settings
from bot.rate_limit import RateLimiter, address_digest
from core.redis_keys import pending_key

SETTINGS = Settings(redis_key_prefix="unit", max_messages_per_minute_session=3, max_messages_per_minute_ip=5,
                    max_pending_messages_per_session=2, lock_ttl_seconds=30)


@pytest.fixture
def limiter():
    return RateLimiter(SETTINGS, aioredis.FakeRedis())


def test_per_session_and_per_address_limits(limiter):
    async def scenario():
        per_session = [await limiter.allow("conv1", "1.2.3.4") for _ in range(4)]
        others = [await limiter.allow(f"conv{i}", "1.2.3.4") for i in range(2, 4)]
        return per_session, others

    per_session, others = asyncio.run(scenario())
    assert per_session == [True, True, True, False]
    assert others == [True, False]  # the address has 5 messages a minute, refused ones included


def test_no_client_address_reaches_redis(limiter):
    """Finding 5: raw client addresses were Redis key names (``…:rate:ip:<addr>``)."""
    async def scenario():
        await limiter.allow("conv1", "203.0.113.77")
        await limiter.allow("conv2", "2001:db8::77")
        return [key.decode() for key in await limiter.redis.keys("*")]

    keys = asyncio.run(scenario())
    assert keys and not any("203.0.113" in key or "2001:db8" in key or "::77" in key for key in keys)


def test_address_digest_is_keyed_and_stable():
    keyed = Settings(lookup_hash_key="one")
    assert address_digest(keyed, "203.0.113.77") == address_digest(keyed, "203.0.113.77")
    assert address_digest(keyed, "203.0.113.77") != address_digest(Settings(lookup_hash_key="two"), "203.0.113.77")
    assert address_digest(keyed, "203.0.113.77") != address_digest(keyed, "203.0.113.78")


def test_turns_beyond_the_limit_are_refused_and_released_turns_free_a_place(limiter):
    async def scenario():
        key = pending_key(SETTINGS, "conv1")
        entered = [await limiter.enter_turn("conv1") for _ in range(3)]
        ttl = await limiter.redis.ttl(key)
        await limiter.leave_turn("conv1")
        again = await limiter.enter_turn("conv1")
        await limiter.leave_turn("conv1")
        await limiter.leave_turn("conv1")
        return entered, ttl, again, await limiter.redis.exists(key)

    entered, ttl, again, exists = asyncio.run(scenario())
    assert entered == [True, True, False]
    assert 0 < ttl <= 30  # every key expires, even if a server dies mid-turn
    assert again is True
    assert exists == 0  # the last released turn removes the counter


def test_releasing_a_turn_never_leaves_a_key_without_expiry(limiter):
    async def scenario():
        await limiter.leave_turn("never-entered")  # e.g. the counter expired during a long turn
        return await limiter.redis.exists(pending_key(SETTINGS, "never-entered"))

    assert asyncio.run(scenario()) == 0


def test_releasing_a_turn_while_redis_is_away_is_only_logged():
    class Gone:
        async def decr(self, key):
            raise ConnectionError("redis is down")

    asyncio.run(RateLimiter(SETTINGS, Gone()).leave_turn("conv1"))
