"""A model replacement while a conversation is open loses nothing (issue: marketer workflow)."""
from __future__ import annotations

import shutil
import uuid

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


def deploy(stack, token, model=None):
    return requests.put(f"{stack.url}/webhooks/deploy/model", json={"model": model} if model else {},
                        headers={"Authorization": f"Bearer {token}"}, timeout=300)


def test_model_swap_keeps_the_open_conversation(stack, run, next_model):
    async def scenario():
        visitor = await ChatVisitor(stack.url, language="de").connect()
        try:
            await visitor.say("Ich möchte eine Beratung")
            await visitor.say("Ja, ich willige ein")
            answer = deploy(stack, stack.env["DEPLOY_TOKEN"], next_model.name)
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
