"""``make bench``: N concurrent visitors holding multi-turn conversations over the real protocol.

Measures Diskret (socket.io channel with redaction, Redis tracker and lock store, lead vault)
against the same model served the plain Rasa way (REST channel, in-memory tracker, no
redaction), also with Diskret's fixes to Rasa itself (``bot.rasa_patches``) so that their gain
is told apart from the cost of what Diskret adds, then one versus two Diskret servers sharing Redis: a visitor's messages alternating
between the servers, and visitors connecting through Debian's nginx (round-robin, each socket.io
connection kept on the server that took it). Prints p50/p95/p99 reply
latency, replies per second, errors, peak memory per process and Redis memory per
conversation. A benchmark, not a test: it never fails on timing.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from collections import Counter
from typing import Dict, List, Sequence

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.balancer import Nginx, nginx_binary  # noqa: E402
from tests.support.chat import ChatVisitor  # noqa: E402
from tests.support.stack import Stack  # noqa: E402
from bot.channel import APOLOGIES  # noqa: E402

# The channel's own answers when it could not process a turn: a turn answered so is an error.
APOLOGY_KINDS = {text: kind for kind, answers in APOLOGIES.items() for text in answers.values()}

SCRIPTS = {
    "de": ["Hallo", "Was bietet ihr an?", "Was kostet SEO?", "Ich möchte eine kostenlose Beratung",
           "Ja, ich willige ein", "Ich heiße Frieda Testfrau", "frieda.testfrau@beispiel.example", "keine",
           "Bäckerei Huber GmbH", "SEO für den Onlineshop", "Danke!"],
    "en": ["Hello", "What services do you offer?", "How much is Google Ads?", "I'd like a free consultation",
           "Yes, I agree", "My name is Oliver Sampleton", "oliver.sampleton@example.org", "skip",
           "Harbour Bikes Ltd", "Google Ads for our shop", "Thanks!"],
}


class Result:
    def __init__(self) -> None:
        self.latencies: List[float] = []
        self.errors = 0
        self.reasons: Counter = Counter()
        self.started = time.perf_counter()
        self.finished = self.started

    def fail(self, error: Exception, context: str = "") -> None:
        self.errors += 1
        self.reasons[context + (str(error) if isinstance(error, RuntimeError) else type(error).__name__)] += 1

    def summary(self) -> Dict[str, float]:
        ordered = sorted(self.latencies) or [float("nan")]
        pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
        duration = self.finished - self.started
        return {"replies": len(self.latencies), "errors": self.errors, "seconds": duration,
                "per_second": len(self.latencies) / duration if duration else 0.0,
                "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


async def socketio_visitor(urls: Sequence[str], language: str, result: Result) -> None:
    """One visitor; with several URLs, its messages alternate between the servers. A connection
    the servers refuse (overload) counts every turn of the script as an error."""
    visitors: List[ChatVisitor] = []
    try:
        visitors.append(await ChatVisitor(urls[0], language=language).connect())
        for url in urls[1:]:
            visitors.append(await ChatVisitor(url, language=language, session_id=visitors[0].session_id).connect())
    except Exception as error:
        for _ in SCRIPTS[language]:
            result.fail(error, "connect: ")
        for visitor in visitors:
            await visitor.close()
        return
    try:
        for turn, line in enumerate(SCRIPTS[language]):
            visitor = visitors[turn % len(visitors)]
            start = time.perf_counter()
            try:
                replies = await visitor.say(line, timeout=60)
                apologies = [APOLOGY_KINDS[reply["text"]] for reply in replies
                             if isinstance(reply, dict) and reply.get("text") in APOLOGY_KINDS]
                if apologies:
                    raise RuntimeError(f"apology: {apologies[0]}")
                result.latencies.append(time.perf_counter() - start)
            except Exception as error:
                result.fail(error)
    finally:
        for visitor in visitors:
            await visitor.close()


async def rest_visitor(url: str, language: str, number: int, result: Result) -> None:
    async with aiohttp.ClientSession() as session:
        for line in SCRIPTS[language]:
            start = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": f"plain-{number}", "message": line},
                                        timeout=aiohttp.ClientTimeout(total=60)) as answer:
                    if answer.status != 200 or not await answer.json():
                        raise RuntimeError(answer.status)
                result.latencies.append(time.perf_counter() - start)
            except Exception as error:
                result.fail(error)


async def run_load(make_visitor, visitors: int) -> Result:
    result = Result()
    await asyncio.gather(*(make_visitor(i, "de" if i % 2 else "en", result) for i in range(visitors)))
    result.finished = time.perf_counter()
    return result


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def redis_bytes_per_conversation(stack: Stack) -> float:
    client = stack.redis()
    keys = [k for k in stack.redis_keys() if b":tracker:" in k]
    sizes = [client.memory_usage(k) or 0 for k in keys]
    return statistics.mean(sizes) if sizes else float("nan")


def show(name: str, summary: Dict[str, float]) -> None:
    print(f"{name:34s} replies={summary['replies']:5d} errors={summary['errors']:3d} "
          f"rps={summary['per_second']:6.1f} p50={summary['p50'] * 1000:7.0f}ms "
          f"p95={summary['p95'] * 1000:7.0f}ms p99={summary['p99'] * 1000:7.0f}ms")


def show_errors(name: str, result: Result) -> None:
    if result.reasons:
        print(f"  errors of {name}: " + ", ".join(f"{reason} x{count}" for reason, count in result.reasons.most_common()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visitors", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack(Path(workdir), extra_env={"MAX_MESSAGES_PER_MINUTE_IP": "100000"}, log_level="INFO").start()
        try:
            plain_port = stack.start_plain_rasa()
            plain_url = f"http://127.0.0.1:{plain_port}"
            asyncio.run(run_load(lambda i, lang, r: rest_visitor(plain_url, lang, 10_000 + i, r), 2))  # warm-up
            asyncio.run(run_load(lambda i, lang, r: socketio_visitor([stack.url], lang, r), 2))
            diskret = asyncio.run(run_load(lambda i, lang, r: socketio_visitor([stack.url], lang, r), args.visitors))
            plain = asyncio.run(run_load(lambda i, lang, r: rest_visitor(plain_url, lang, i, r), args.visitors))
            per_conversation = redis_bytes_per_conversation(stack)
            stack.stop_process("plain")
            patched_url = f"http://127.0.0.1:{stack.start_plain_rasa('plain-patched', patched=True)}"
            asyncio.run(run_load(lambda i, lang, r: rest_visitor(patched_url, lang, 20_000 + i, r), 2))
            patched = asyncio.run(run_load(lambda i, lang, r: rest_visitor(patched_url, lang, 30_000 + i, r), args.visitors))
            stack.stop_process("plain-patched")
            second_port = stack.start_extra_rasa("rasa2")
            urls = [stack.url, f"http://127.0.0.1:{second_port}"]
            two = asyncio.run(run_load(lambda i, lang, r: socketio_visitor(urls, lang, r), args.visitors))
            balanced = None
            if nginx_binary() is not None:
                balancer = Nginx([stack.rasa_port, second_port]).start()
                try:
                    balanced = asyncio.run(
                        run_load(lambda i, lang, r: socketio_visitor([balancer.url], lang, r), args.visitors))
                    spread = {}
                    for route in balancer.routes():
                        if route["method"] == "POST" and route["uri"].startswith("/socket.io/"):
                            spread[route["upstream"]] = spread.get(route["upstream"], 0) + 1
                finally:
                    balancer.stop()
            memory = {name: peak_rss_mb(process.pid) for name, process in stack.processes.items()}
        finally:
            stack.stop()
    print(f"\n{args.visitors} concurrent visitors x {len(SCRIPTS['de'])} turns (DE/EN, consultation form included)")
    show("plain Rasa (REST, in-memory)", plain.summary())
    show("plain Rasa + Diskret's Rasa patches", patched.summary())
    show("Diskret, 1 server (socket.io)", diskret.summary())
    show("Diskret, 2 servers alternating", two.summary())
    if balanced is not None:
        show("Diskret, 2 servers behind nginx", balanced.summary())
    else:
        print("Diskret, 2 servers behind nginx    skipped: nginx is not installed (`make nginx`)")
    for name, result in (("plain Rasa", plain), ("patched plain Rasa", patched), ("1 server", diskret), ("2 servers", two), ("nginx", balanced)):
        if result is not None:
            show_errors(name, result)
    d, p = diskret.summary(), plain.summary()
    print(f"throughput ratio Diskret/plain: {d['per_second'] / p['per_second']:.2f} (target >= 0.95)")
    print(f"p95 latency ratio Diskret/plain: {d['p95'] / p['p95']:.2f} (target <= 1.1)")
    q = patched.summary()
    print(f"Diskret's own cost, against plain Rasa with the same patches: throughput ratio "
          f"{d['per_second'] / q['per_second']:.2f}, p95 ratio {d['p95'] / q['p95']:.2f}")
    print(f"throughput ratio 2 servers/1 server: {two.summary()['per_second'] / d['per_second']:.2f}")
    if balanced is not None:
        print(f"throughput ratio 2 servers behind nginx/1 server: {balanced.summary()['per_second'] / d['per_second']:.2f}")
        print("socket.io POSTs per server through nginx (session requests, turns, pongs): "
              + ", ".join(f"{upstream}={count}" for upstream, count in sorted(spread.items())))
    print("peak RSS (MB): " + ", ".join(f"{name}={mb:.0f}" for name, mb in memory.items()))
    print(f"Redis memory per conversation: {per_conversation / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
