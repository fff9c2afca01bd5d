"""A model replacement while a conversation is open loses nothing, and changed agency facts go live
without a restart (issue: marketer workflow)."""
from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import pytest
import requests

from core.settings import PROJECT_ROOT
from tests.support.chat import ChatVisitor, texts
from tests.support.stack import MODEL_PATH

pytestmark = pytest.mark.integration


@pytest.fixture
def next_model():
    path = PROJECT_ROOT / "models" / f"next-{uuid.uuid4().hex[:8]}.tar.gz"
    shutil.copy(MODEL_PATH, path)
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture
def facts(stack) -> Path:
    """The stack's own copy of data/agency.yml; whatever a test changes is put back afterwards."""
    original = stack.agency_file.read_text(encoding="utf-8")
    try:
        yield stack.agency_file
    finally:
        stack.agency_file.write_text(original, encoding="utf-8")


def deploy(stack, token, model=None):
    return requests.put(f"{stack.url}/webhooks/deploy/model", json={"model": model} if model else {},
                        headers={"Authorization": f"Bearer {token}"}, timeout=300)


def test_model_swap_keeps_the_open_conversation(stack, run, next_model):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language="de").connect()
        try:
            await visitor.say("Ich möchte eine Beratung")
            await visitor.say("Ja, ich willige ein")
            # in a thread: the visitor's connection keeps answering pings while the server swaps models
            answer = await asyncio.get_running_loop().run_in_executor(
                None, deploy, stack, stack.env["DEPLOY_TOKEN"], next_model.name)
            after = await visitor.say("Ich heiße Frieda Testfrau")
            return answer, after
        finally:
            await visitor.close()

    answer, after = run(scenario())
    assert answer.status_code == 200 and answer.json() == {"model": next_model.name}
    assert "mail" in texts(after).lower(), "the form continues with the e-mail question after the swap"


def test_model_swap_needs_the_token(stack):
    assert deploy(stack, "wrong-token").status_code == 403


def test_model_swap_refuses_paths_outside_models(stack):
    assert deploy(stack, stack.env["DEPLOY_TOKEN"], "../credentials.yml").status_code == 400


@pytest.mark.parametrize("path", ["/webhooks/deploy/model", "/webhooks/deploy/model/", "/webhooks/deploy//model",
                                  "/webhooks/deploy/model?x=1", "/webhooks/deploy/./model", "/webhooks/socketio/model"])
def test_the_balancer_never_passes_a_model_swap(stack, balancer, path):
    """Behind nginx every request comes from loopback, so nginx itself must refuse the deploy route,
    trailing slash and all (a review got ``PUT …/model/`` through the old exact-match block)."""
    answer = requests.put(f"{balancer.url}{path}", json={}, timeout=30,
                          headers={"Authorization": f"Bearer {stack.env['DEPLOY_TOKEN']}"})
    assert answer.status_code == 404 and '"model"' not in answer.text


# The button under "Price ranges by service" that answers with SEO's price from data/agency.yml.
SEO_PRICE = '/ask_services{"service":"seo"}'


def ask(stack, run, message, language="en"):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language=language).connect()
        try:
            return texts(await visitor.say(message))
        finally:
            await visitor.close()

    return run(scenario())


def test_deploy_makes_a_changed_price_live(stack, run, facts):
    """Even when the file's time and size did not change (a copy that keeps times), the deploy re-reads it."""
    assert "€890" in ask(stack, run, SEO_PRICE)
    before = facts.stat()
    facts.write_text(facts.read_text(encoding="utf-8").replace("€890", "€870"), encoding="utf-8")
    os.utime(facts, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert facts.stat().st_size == before.st_size
    answer = deploy(stack, stack.env["DEPLOY_TOKEN"], MODEL_PATH.name)
    assert answer.status_code == 200, answer.text
    assert "€870" in ask(stack, run, SEO_PRICE)


def test_a_saved_change_goes_live_in_both_servers(stack, run, facts):
    """The consent question (Rasa server) and the consent record (action server) name the new facts alike."""
    facts.write_text(facts.read_text(encoding="utf-8").replace("Nordlicht Digital GmbH", "Südlicht Digital GmbH"),
                     encoding="utf-8")

    async def scenario():
        visitor = await ChatVisitor(stack.url, language="de").connect()
        try:
            question = texts(await visitor.say("Ich möchte eine Beratung"))
            await visitor.say("Ja, ich willige ein")
            return question
        finally:
            await visitor.close()

    assert "Südlicht Digital GmbH" in run(scenario())
    assert any("Südlicht Digital GmbH" in str(row) for row in stack.schema.rows("consents"))


def test_deploy_refuses_facts_it_cannot_read_and_keeps_the_good_ones(stack, run, facts):
    facts.write_text('name: "Nordlicht\nphone: [unclosed\n', encoding="utf-8")
    answer = deploy(stack, stack.env["DEPLOY_TOKEN"], MODEL_PATH.name)
    assert answer.status_code == 422 and "make check" in answer.json()["error"]
    assert "€890" in ask(stack, run, SEO_PRICE), "the servers keep the facts read before"
