"""Sign-in and the transcript view in Debian's Chromium; screenshots the statistics page (into the docs
with ``UPDATE_DOCS_SCREENSHOTS=1``, so an ordinary run leaves the working tree clean)."""
from __future__ import annotations

import os
import threading
import time
from typing import Iterator

import pytest
from waitress.server import create_server

from core.settings import PROJECT_ROOT
from tests.bot.archive.support import consultation, conversation, user
from tests.bot.console.conftest import PASSWORDS
from tests.support.stack import free_port

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DOCS_SCREENSHOT = PROJECT_ROOT / "docs" / "img" / "console-stats.png"


@pytest.fixture
def served(app, writer) -> Iterator[str]:
    day = 86400
    for index in range(60):
        language = "de" if index % 3 else "en"
        writer.write(conversation(f"demo-{index:02d}", language, lead=index == 0,
                                  at=time.time() - (index % 6) * day - 3600, intent="greet" if index % 2 else "ask_services"))
    endings = [("lead", None)] * 3 + [("email", None), ("name", "no"), ("started", "no"), ("consented", None)]
    missed = ["Macht ihr auch Amazon Ads?", "Seid ihr Google Partner", "Do you do TikTok ads?", "Wie lange dauert das?"]
    for index in range(70):
        reached, then = endings[index % len(endings)]
        at = time.time() - (index % 6) * day - 7200
        events = consultation(f"form-{index:02d}", reached, "de" if index % 3 else "en", at=at, then=then)
        text = missed[index % 7] if index % 7 < len(missed) else f"Eine ganz eigene Frage Nr. {index}"
        writer.write(events + [user(f"form-{index:02d}", text, "nlu_fallback", at=at + 300)])
    server = create_server(app, host="127.0.0.1", port=free_port(), threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sign_in_transcript_and_statistics(served, tmp_path):
    screenshot = DOCS_SCREENSHOT if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1" else tmp_path / "console-stats.png"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"{served}/conversations/demo-00")
            assert page.url.startswith(f"{served}/login")
            page.fill("input[name=username]", "alice")
            page.fill("input[name=password]", PASSWORDS["alice"])
            page.click("button[type=submit]")
            page.wait_for_url(f"{served}/conversations/demo-00")
            placeholder = page.locator("mark.placeholder").first
            assert placeholder.inner_text() == "[EMAIL]"
            assert placeholder.evaluate("node => getComputedStyle(node).backgroundColor") != "rgba(0, 0, 0, 0)", \
                "the stylesheet loads under the CSP"
            page.goto(f"{served}/stats/")
            page.wait_for_function("Array.from(document.images).every(image => image.complete && image.naturalWidth)")
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000
