"""The chat widget in Chromium against the real stack, on the demo site served by ``python -m bot site``."""
from __future__ import annotations

import json
import threading
import time

import pytest

from core.storage.crypto import VaultCrypto
from core.storage.database import Database
from core.storage.vault import LeadVault
from bot.demo_site import SiteConfig, make_server
from tests.integration.test_conversation import stack_vault
from tests.support.stack import free_port
from tests.widget.pages import HOST, ChatPage

pytestmark = [pytest.mark.integration, pytest.mark.browser]

STORAGE_KEY = "diskret-chat"


def stack_leads(stack, session_token: str, include_drafts: bool = False) -> list:
    """The leads of the conversation the widget's session token opens."""
    vault = LeadVault(
        Database(stack.env["DATABASE_URL"]), VaultCrypto(stack.env["VAULT_KEY"], stack.env["LOOKUP_HASH_KEY"])
    )
    conversation_id = stack.conversation_id(session_token)
    return [lead for lead in vault.leads(include_drafts=include_drafts) if lead["conversation_id"] == conversation_id]


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# ---- privacy before the first click -------------------------------------------------------


def test_nothing_is_stored_or_connected_before_the_visitor_starts_the_chat(chat: ChatPage):
    chat.goto("/")
    chat.page.wait_for_timeout(1500)
    assert chat.cookies() == []
    assert chat.local_storage() == {} and chat.session_storage() == {}
    assert chat.websockets == [] and chat.rasa_requests == []

    chat.open()
    notice = chat.dialog().inner_text()
    assert "KI-Assistent" in notice and "30 Minuten" in notice and "Einwilligung" in notice
    privacy = chat.dialog().get_by_role("link", name="Datenschutzerklärung")
    assert privacy.get_attribute("href").endswith("/datenschutz.html")
    chat.page.wait_for_timeout(1000)
    assert chat.websockets == [] and chat.rasa_requests == [], "opening the notice alone must not connect"
    assert chat.session_storage() == {} and chat.cookies() == []

    chat.start()
    assert chat.websockets, "the chat connects over a WebSocket once started"
    stored = json.loads(chat.session_storage()[STORAGE_KEY])
    assert stored == {"sessionId": chat.session_id()}, "only the session token, never messages"
    assert chat.local_storage() == {} and chat.cookies() == []
    assert not [error for error in chat.console_errors if "Content Security Policy" in error]


# ---- conversations ------------------------------------------------------------------------


def test_german_conversation_with_consultation_and_consent(chat: ChatPage, stack, artifacts):
    chat.goto("/").open().start()
    first = chat.say("Hallo zusammen")
    assert "KI" in first[0], "the first bot message discloses the AI"
    link = chat.page.locator(f"{HOST} .message.bot .bubble a").first
    assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
    assert link.get_attribute("href").startswith("http")
    assert chat.page.locator(f"{HOST} .message time").count() >= 2, "messages carry timestamps"

    consent = chat.say("Ich möchte eine Beratung")
    assert any("einverstanden" in text for text in consent)
    assert chat.quick_reply_titles() == ["Ja, ich willige ein", "Nein"]
    assert chat.page.locator(f"{HOST} .quick-reply[aria-pressed='true'], {HOST} .quick-reply.selected").count() == 0
    chat.page.screenshot(path=str(artifacts / "widget-desktop.png"))

    chat.choose("Ja, ich willige ein")
    assert chat.user_messages()[-1] == "Ja, ich willige ein", "the button's title is shown, not its payload"
    chat.say("Frieda Testfrau")
    chat.say("frieda.testfrau@beispiel.example")
    chat.say("keine")
    chat.say("Bäckerei Huber GmbH")
    closing = chat.say("Suchmaschinenoptimierung für unseren Onlineshop")
    assert "dank" in " ".join(closing).lower()

    leads = stack_leads(stack, chat.session_id())
    assert len(leads) == 1 and leads[0]["email"] == "frieda.testfrau@beispiel.example"
    tracker = stack.redis().get(f"{stack.prefix}:tracker:{stack.conversation_id(chat.session_id())}")
    assert tracker and b"frieda.testfrau@beispiel.example" not in tracker, "stored redacted"
    stored = json.dumps(chat.session_storage()).lower()
    assert "frieda" not in stored and "huber" not in stored, "what the visitor typed stays out of the browser's storage"


def test_english_conversation_with_consultation_and_quick_replies(chat: ChatPage, stack):
    chat.goto("/en.html", language="en").open()
    assert "AI assistant" in chat.dialog().inner_text()
    chat.start()
    first = chat.say("Hello there")
    assert "AI" in first[0]
    consent = chat.say("I would like to book a free consultation")
    assert any("agree" in text for text in consent)
    chat.choose("Yes, I agree")
    chat.say("Oliver Sampleton")
    chat.say("oliver.sampleton@example.org")
    assert "Skip" in chat.quick_reply_titles()
    chat.choose("Skip")
    chat.say("Harbour Bikes Ltd")
    closing = chat.say("Google Ads for our bike shop")
    assert "thank" in " ".join(closing).lower()
    leads = stack_leads(stack, chat.session_id())
    assert len(leads) == 1 and leads[0]["company"] == "Harbour Bikes Ltd"


def test_refused_consent_stores_no_lead(chat: ChatPage, stack):
    chat.goto("/").open().start()
    chat.say("Können Sie mich zurückrufen?")
    assert "Nein" in chat.quick_reply_titles()
    replies = chat.choose("Nein")
    assert "@" in " ".join(replies), "a refusal still gets the agency's contact details"
    assert chat.quick_reply_titles() == [] or "Nein" not in chat.quick_reply_titles()
    assert stack_leads(stack, chat.session_id(), include_drafts=True) == []


# ---- safety -------------------------------------------------------------------------------


def test_visitor_markup_is_shown_as_text_and_never_executed(chat: ChatPage):
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>fett</b> https://example.org/"><svg onload=alert(1)>'
    chat.goto("/").open().start()
    chat.say(payload)
    chat.page.wait_for_timeout(500)
    assert chat.user_messages()[-1] == payload
    assert chat.page.evaluate("() => window.__pwned") is None
    inside = chat.page.evaluate(
        "() => document.querySelector('#diskret-chat').shadowRoot.querySelectorAll('.log img, .log script, .log b, .log svg').length"
    )
    assert inside == 0
    link = chat.page.locator(f"{HOST} .message.user .bubble a").last
    assert link.get_attribute("href") == "https://example.org/"

    assert payload not in json.dumps(chat.session_storage()), "messages are never kept in sessionStorage"

    # after a page change within the tab the conversation continues, but its earlier messages are not shown
    session_id = chat.session_id()
    chat.page.goto(chat.site + "/datenschutz.html")
    chat.page.wait_for_function("() => !!window.diskretChat")
    chat.open()
    chat.wait_connected()
    assert chat.session_id() == session_id, "the same conversation continues"
    assert chat.user_messages() == [] and chat.bot_messages() == []
    assert "Frühere Nachrichten werden auf dieser Seite nicht angezeigt" in chat.dialog().inner_text()
    assert chat.say("Was kostet SEO?"), "replies arrive on the new page"
    assert chat.page.evaluate("() => window.__pwned") is None


def test_an_older_widgets_stored_transcript_is_cut_down_to_the_token(chat: ChatPage):
    """Tabs that still hold an earlier widget's entry (token and messages) keep only the token."""
    chat.goto("/")
    old = {"sessionId": "abcdefgh12345678", "messages": [{"from": "user", "text": "Ich bin Max", "time": 1}]}
    chat.page.evaluate(f"() => sessionStorage.setItem({STORAGE_KEY!r}, {json.dumps(json.dumps(old))})")
    chat.goto("/")
    assert json.loads(chat.session_storage()[STORAGE_KEY]) == {"sessionId": "abcdefgh12345678"}
    chat.open()
    chat.wait_connected()
    assert chat.user_messages() == []


def test_delete_control_erases_the_conversation_on_the_server_and_in_the_browser(chat: ChatPage, stack):
    chat.goto("/").open().start()
    chat.say("Was kostet SEO?")
    key = f"{stack.prefix}:tracker:{stack.conversation_id(chat.session_id())}"
    assert stack.redis().exists(key)
    assert STORAGE_KEY in chat.session_storage()

    chat.page.get_by_role("button", name=chat.ui["delete"]).click()
    assert chat.focused()["text"] == chat.ui["cancel delete"], "the widget asks first, focus on the safe answer"
    chat.page.get_by_role("button", name=chat.ui["confirm delete"], exact=True).click()
    chat.page.get_by_text(chat.ui["erased"]).wait_for(timeout=30000)
    assert chat.session_storage() == {}
    assert chat.page.locator(f"{HOST} .log .message").count() == 0
    assert chat.session_id() is None
    assert wait_until(lambda: not stack.redis().exists(key)), "the Redis tracker is gone"
    assert chat.cookies() == [] and chat.local_storage() == {}
    # focus stays in the dialog, on the button that starts a new chat
    assert chat.focused()["text"] == chat.ui["start"]


def test_cancelling_the_delete_question_keeps_the_conversation(chat: ChatPage, stack):
    chat.goto("/").open().start()
    chat.say("Was kostet SEO?")
    key = f"{stack.prefix}:tracker:{stack.conversation_id(chat.session_id())}"
    dialogs = []
    chat.page.on("dialog", lambda dialog: dialogs.append(dialog.type))
    chat.delete(confirm=False)
    assert chat.page.get_by_role("button", name=chat.ui["confirm delete"], exact=True).count() == 0
    assert chat.focused()["label"].startswith(chat.ui["delete"])
    chat.page.wait_for_timeout(1000)
    assert stack.redis().exists(key) and chat.session_id() and chat.bot_messages()
    assert dialogs == [], "no browser confirm()"


@pytest.mark.parametrize("language", ["de", "en"])
def test_confirmed_delete_erases_at_once_inside_the_consultation_form(chat: ChatPage, stack, language):
    """Issue 16: at the e-mail step the button answered "not an e-mail" and erased nothing."""
    lines = {"de": ["Ich möchte eine Beratung", "Ja, ich willige ein", "Ich heiße Greta Probst"],
             "en": ["I'd like a consultation", "Yes, I agree", "My name is Walter Fenwick"]}[language]
    chat.goto("/" if language == "de" else "/en.html", language=language).open().start()
    for line in lines:
        chat.say(line)
    conversation_id = stack.conversation_id(chat.session_id())
    assert stack_vault(stack).export_conversation(conversation_id)["leads"], "the name is in the draft"
    chat.delete()
    chat.page.get_by_text(chat.ui["erased"]).wait_for(timeout=30000)
    assert stack_vault(stack).export_conversation(conversation_id) == {"conversation_id": conversation_id, "leads": [], "consents": []}
    assert wait_until(lambda: not [key for key in stack.redis_keys() if conversation_id.encode() in key])


def test_data_export_is_offered_as_a_json_download(chat: ChatPage, stack):
    chat.goto("/").open().start()
    chat.say("Hallo")
    session_id = chat.session_id()
    before = len(chat.bot_messages())
    # the privacy answer's "Meine Daten anzeigen" button sends this payload
    chat.page.evaluate("() => window.diskretChat.send('/request_data_access', 'Meine Daten anzeigen')")
    chat.wait_for_replies(before)
    button = chat.page.get_by_role("button", name="Daten herunterladen (JSON)")
    with chat.page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".json")
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["conversation_id"] == stack.conversation_id(session_id)
    assert any(entry.get("text") == "Hallo" for entry in exported["transcript"])


def test_reconnects_with_a_visible_status_after_the_connection_drops(chat: ChatPage):
    chat.goto("/").open().start()
    chat.say("Hallo")
    session_id = chat.session_id()
    status = chat.page.locator(f"{HOST} .status")
    chat.page.evaluate(
        """() => {
            window.__statuses = [];
            const status = window.diskretChat.status;
            new MutationObserver(() => window.__statuses.push(status.textContent))
                .observe(status, {childList: true, characterData: true, subtree: true});
            window.diskretChat.socket.io.engine.close();  // the connection drops
        }"""
    )
    chat.page.wait_for_function("() => window.__statuses.length > 0")
    chat.wait_connected(timeout=20)
    assert "Verbindung unterbrochen – neuer Versuch läuft …" in chat.page.evaluate("() => window.__statuses")
    assert status.inner_text() == "Verbunden"
    assert chat.session_id() == session_id, "the same conversation continues"
    assert chat.say("Welche Leistungen bieten Sie an?"), "replies arrive after the reconnect"


def test_unreachable_server_shows_an_error(browser):
    config = SiteConfig(rasa_url=f"http://127.0.0.1:{free_port()}")
    server = make_server(config, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.get_by_role("button", name="Chat mit dem KI-Assistenten öffnen").click()
        page.get_by_role("button", name="Chat starten").click()
        page.get_by_role("alert").filter(has_text="nicht erreichbar").wait_for(timeout=15000)
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# ---- accessibility ------------------------------------------------------------------------


def test_keyboard_only(chat: ChatPage):
    chat.goto("/")
    page = chat.page
    page.keyboard.press("Shift+Tab")  # from the top of the page, backwards: the launcher is last
    assert chat.focused()["label"] == chat.ui["launcher"]
    assert chat.focused()["outline"].startswith("solid"), "focus is visible"
    page.keyboard.press("Enter")
    assert chat.dialog().is_visible()
    assert chat.focused()["text"] == chat.ui["start"]
    page.keyboard.press("Enter")
    chat.wait_connected()
    assert chat.focused()["tag"] == "input"

    before = len(chat.bot_messages())
    page.keyboard.type("Ich möchte eine Beratung")
    page.keyboard.press("Enter")
    chat.wait_for_replies(before)
    assert chat.quick_reply_titles() == ["Ja, ich willige ein", "Nein"]
    page.keyboard.press("Shift+Tab")
    assert chat.focused()["text"] == "Nein"
    page.keyboard.press("Shift+Tab")
    assert chat.focused()["text"] == "Ja, ich willige ein"
    assert chat.focused()["outline"].startswith("solid")
    before = len(chat.bot_messages())
    page.keyboard.press("Enter")
    replies = chat.wait_for_replies(before)
    assert chat.user_messages()[-1] == "Ja, ich willige ein"
    assert any("Namen" in text for text in replies)
    assert chat.focused()["tag"] == "input", "after a quick reply, focus returns to the input"

    page.keyboard.press("Escape")
    assert not chat.dialog().is_visible()
    assert chat.focused()["label"] == chat.ui["launcher"], "Escape returns focus to the launcher"
    page.keyboard.press("Enter")
    assert chat.focused()["tag"] == "input", "reopening continues the chat"
    # the close button is reachable from the keyboard too
    close = chat.page.get_by_role("button", name=chat.ui["close"])
    close.focus()
    page.keyboard.press("Enter")
    assert not chat.dialog().is_visible()
    assert chat.focused()["label"] == chat.ui["launcher"]


def axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violations(chat: ChatPage, artifacts):
    report = {}
    chat.goto("/")
    report["page, chat closed"] = axe_violations(chat.page)
    chat.open()
    report["notice"] = axe_violations(chat.page)
    chat.start()
    chat.say("Ich möchte eine Beratung")  # a conversation with links, timestamps and quick replies
    report["conversation"] = axe_violations(chat.page)
    chat.page.goto(chat.site + "/datenschutz.html")
    report["privacy notice page"] = axe_violations(chat.page)
    (artifacts / "axe-widget.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    assert report == {name: [] for name in report}


def test_phone_viewport_is_full_screen(browser, site, stack, artifacts):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        chat = ChatPage(context.new_page(), site, stack.rasa_port)
        chat.goto("/")
        chat.open()
        box = chat.dialog().bounding_box()
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 360, 740)
        chat.page.screenshot(path=str(artifacts / "widget-360-notice.png"))
        chat.start()
        chat.say("Welche Leistungen bieten Sie an?")
        assert not chat.launcher().is_visible(), "the full-screen chat covers the launcher"
        for _ in range(12):  # Tab cycles inside the full-screen chat, never into the covered page
            chat.page.keyboard.press("Tab")
            assert chat.focused()["inWidget"]
        chat.page.keyboard.press("Escape")
        assert chat.launcher().is_visible() and chat.focused()["label"] == chat.ui["launcher"]
        chat.open()
        overflow = chat.page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 360
        chat.page.screenshot(path=str(artifacts / "widget-360.png"))
    finally:
        context.close()
