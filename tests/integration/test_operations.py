"""Health, readiness and metrics of the Rasa server, as an operator and a load balancer see them."""
from __future__ import annotations

import re
import socket

import pytest
import requests

from tests.support.chat import ChatVisitor

pytestmark = pytest.mark.integration
CANARY = "metrics.canary.q7@example.org"
VERSION = re.compile(r"\d+\.\d+\.\d+")


def test_health_and_readiness_without_versions(stack):
    health = requests.get(f"{stack.url}/health", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    ready = requests.get(f"{stack.url}/ready", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"ready": True, "checks": {
        "model": True, "redaction workers": True, "redis": True, "database": True}}
    for path in ("/", "/version", "/health", "/ready"):
        answer = requests.get(f"{stack.url}{path}", timeout=30)
        assert not VERSION.search(answer.text) and "rasa" not in answer.text.lower(), (path, answer.text)
        assert not VERSION.search(answer.headers.get("Server", "")), path


def test_metrics_count_turns_on_loopback_and_hold_no_personal_data(stack, run):
    async def chat():
        visitor = await ChatVisitor(stack.url).connect()
        try:
            await visitor.say(f"Hallo, meine Mail ist {CANARY}")
            await visitor.say("x" * 2500)  # refused: too long
        finally:
            await visitor.close()

    run(chat())
    scraped = requests.get(f"http://127.0.0.1:{stack.rasa_metrics_port}/metrics", timeout=10).text
    assert CANARY not in scraped and "meine Mail" not in scraped
    assert sample(scraped, 'diskret_replies_total{channel="socketio"}') >= 1
    assert sample(scraped, 'diskret_reply_seconds_count{channel="socketio"}') >= 1
    assert sample(scraped, "diskret_redaction_seconds_count") >= 1
    assert sample(scraped, 'diskret_refused_messages_total{reason="too_long"}') >= 1
    assert sample(scraped, "diskret_active_conversations") >= 1
    assert "diskret_archive_backlog_events" in scraped
    listening = requests.get(f"http://127.0.0.1:{stack.rasa_metrics_port}/metrics", timeout=10)
    assert listening.status_code == 200


def sample(scraped: str, name: str) -> float:
    for line in scraped.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in the scrape")


def test_action_server_probes_and_metrics(stack):
    """The action server's probes need no token and name each part; its metrics are on loopback."""
    ready = requests.get(f"http://127.0.0.1:{stack.action_port}/ready", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"ready": True, "checks": {"actions": True, "redis": True, "database": True}}
    assert not VERSION.search(ready.text) and not VERSION.search(ready.headers.get("Server", ""))
    scraped = requests.get(f"http://127.0.0.1:{stack.env['ACTION_METRICS_PORT']}/metrics", timeout=10).text
    assert "diskret_lead_webhook_failures_total" in scraped


CLOSED_DATABASE = "postgresql://root@127.0.0.1:9/test"  # discard port: nothing listens there
PROCESSES = {"actions": (["actions"], "ACTION_PORT"), "console": (["console", "serve"], "CONSOLE_PORT")}
READY_CHECKS = {"actions": {"actions": True, "redis": True, "database": True},
                "console": {"database": True, "redis": True}}


@pytest.mark.parametrize("name", sorted(PROCESSES))
def test_probes_and_metrics_of_each_process_as_the_stack_starts_it(stack, name):
    """/health, /ready (503 with its database gone), a version-free answer, and metrics on loopback only."""
    command, port_setting = PROCESSES[name]
    # own process names: "actions" is the stack's own action server, which must not be replaced (and leaked)
    port, metrics_port = stack.start_probed(f"probed-{name}", command, port_setting)
    down_port, _ = stack.start_probed(f"probed-{name}-no-db", command, port_setting, {"DATABASE_URL": CLOSED_DATABASE})
    for path in ("/health", "/ready"):
        answer = requests.get(f"http://127.0.0.1:{port}{path}", timeout=30)
        assert answer.status_code == 200, (path, answer.text)
        assert not VERSION.search(answer.text) and not VERSION.search(answer.headers.get("Server", "")), path
    assert requests.get(f"http://127.0.0.1:{port}/ready", timeout=30).json() == {"ready": True, "checks": READY_CHECKS[name]}
    down = requests.get(f"http://127.0.0.1:{down_port}/ready", timeout=30)
    assert down.status_code == 503 and down.json() == {"ready": False, "checks": {**READY_CHECKS[name], "database": False}}
    assert requests.get(f"http://127.0.0.1:{down_port}/health", timeout=10).status_code == 200, "alive, just not ready"
    scraped = requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
    assert "diskret_lead_webhook_failures_total" in scraped and "diskret_store_errors_total" in scraped
    outside = outward_address()
    if outside is None:
        pytest.skip("this machine has no non-loopback address to try the metrics port on")
    with pytest.raises(OSError):
        socket.create_connection((outside, metrics_port), timeout=3).close()


def outward_address() -> "str | None":
    """This machine's address on its default route (no packet is sent), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the route
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address
