"""Browser fixtures: the demo site (``python -m bot site``) against the shared stack, and Chromium.

Debian's Chromium is driven through Playwright (never a downloaded browser). One browser
per test session; every test gets a fresh context (no cookies, no storage) and page.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from core.settings import PROJECT_ROOT
from tests.support.stack import Stack, wait_for_http
from tests.widget.pages import ChatPage

CHROMIUM = os.environ.get("DISKRET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def site(stack: Stack, site_port: int, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site served by ``python -m bot site`` with the widget pointed at the stack."""
    log = tmp_path_factory.mktemp("site") / "site.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "RASA_PORT": str(stack.rasa_port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "site", "--port", str(site_port), "--rasa-url", stack.url],
        cwd=PROJECT_ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{site_port}"
    try:
        wait_for_http(f"{url}/", process, log, timeout=30)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (make browser installs Debian's package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def chat(browser, site: str, stack: Stack) -> Iterator[ChatPage]:
    """A fresh browser context and page on the demo site, with its network traffic recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="de-DE")
    page = context.new_page()
    try:
        yield ChatPage(page, site, stack.rasa_port)
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
