"""Behind a proxy each visitor keeps a flood bucket of their own, and no address reaches Redis.

Finding 3: behind the shipped nginx, Sanic was not told to trust the proxy, so every visitor had
nginx's address and 125 messages from one client locked out a different visitor. The proxied
server here trusts one proxy (``TRUSTED_PROXY_COUNT=1``), as behind nginx, which appends the
client's address to X-Forwarded-For; the clients send that header as nginx would.
"""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bot.rate_limit import address_digest
from core.settings import Settings
from tests.support.chat import ChatVisitor, texts

pytestmark = pytest.mark.integration
FLOOD_WORD = "schnell"  # the flood apology: "Sie schreiben gerade sehr schnell"


def documentation_address() -> str:
    return f"198.51.100.{random.randint(1, 254)}"


@pytest.fixture(scope="module")
def proxied_url(stack) -> str:
    port = stack.start_extra_rasa("proxied", {"TRUSTED_PROXY_COUNT": "1", "MAX_MESSAGES_PER_MINUTE_IP": "3"})
    return f"http://127.0.0.1:{port}"


def test_one_flooding_visitor_does_not_lock_out_another(proxied_url, run):
    flooder_address = documentation_address()
    other_address = next(a for a in iter(documentation_address, None) if a != flooder_address)

    async def scenario():
        flooder = await ChatVisitor(proxied_url, headers={"X-Forwarded-For": flooder_address}).connect()
        other = await ChatVisitor(proxied_url, headers={"X-Forwarded-For": other_address}).connect()
        try:
            answers = [texts(await flooder.say(f"Hallo {i}")) for i in range(4)]
            return answers, texts(await other.say("Was kostet SEO?"))
        finally:
            await flooder.close()
            await other.close()

    answers, other_answer = run(scenario())
    assert FLOOD_WORD not in " ".join(answers[:3]) and FLOOD_WORD in answers[3], answers
    assert FLOOD_WORD not in other_answer, "a different visitor behind the same proxy still gets answers"


def test_forwarded_headers_are_ignored_without_a_trusted_proxy_and_addresses_are_hashed(stack, run):
    forged = documentation_address()

    async def scenario():
        visitor = await ChatVisitor(stack.url, headers={"X-Forwarded-For": forged}).connect()
        try:
            await visitor.say("Hallo")
        finally:
            await visitor.close()

    run(scenario())
    keys = [key.decode() for key in stack.redis().keys(f"{stack.prefix}:rate:ip:*")]
    settings = replace(Settings(), redis_key_prefix=stack.prefix, lookup_hash_key=stack.env["LOOKUP_HASH_KEY"])
    assert keys and not any("127.0.0.1" in key or forged in key for key in keys)
    assert any(address_digest(settings, "127.0.0.1") in key for key in keys), "counted under the peer's address"
    assert not any(address_digest(settings, forged) in key for key in keys), "a forged header is no address"
