"""The demo page with the chat widget, as a visitor uses it (Playwright's sync API).

Playwright's CSS and role locators pierce the widget's open shadow root.
"""
from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

HOST = "#diskret-chat"
UI = {
    "de": {"launcher": "Chat mit dem KI-Assistenten öffnen", "start": "Chat starten", "input": "Ihre Nachricht",
           "delete": "Unterhaltung löschen", "close": "Chat schließen", "erased": "wurde gelöscht",
           "confirm delete": "Löschen", "cancel delete": "Abbrechen"},
    "en": {"launcher": "Open chat with the AI assistant", "start": "Start chat", "input": "Your message",
           "delete": "Delete conversation", "close": "Close chat", "erased": "has been deleted",
           "confirm delete": "Delete", "cancel delete": "Cancel"},
}


class ChatPage:
    def __init__(self, page: Any, site: str, rasa_port: int) -> None:
        self.page = page
        self.site = site
        self.rasa_port = rasa_port
        self.language = "de"
        self.websockets: List[str] = []
        self.rasa_requests: List[str] = []
        self.console_errors: List[str] = []
        page.on("websocket", lambda socket: self.websockets.append(socket.url))
        page.on("request", self._on_request)
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _on_request(self, request: Any) -> None:
        if f":{self.rasa_port}/" in request.url:
            self.rasa_requests.append(request.url)

    @property
    def ui(self) -> Dict[str, str]:
        return UI[self.language]

    # ---- navigation ---------------------------------------------------------------------

    def goto(self, path: str = "/", language: str = "de") -> "ChatPage":
        self.language = language
        self.page.goto(self.site + path)
        self.page.wait_for_function("() => !!window.diskretChat")
        return self

    def launcher(self):
        return self.page.get_by_role("button", name=self.ui["launcher"])

    def dialog(self):
        return self.page.get_by_role("dialog")

    def input(self):
        return self.page.get_by_label(self.ui["input"], exact=True)

    def open(self) -> "ChatPage":
        self.launcher().click()
        self.dialog().wait_for(state="visible")
        return self

    def start(self) -> "ChatPage":
        self.page.get_by_role("button", name=self.ui["start"]).click()
        self.wait_connected()
        return self

    def wait_connected(self, timeout: float = 15) -> None:
        self.page.wait_for_function("() => window.diskretChat && window.diskretChat.ready", timeout=timeout * 1000)

    # ---- the conversation ---------------------------------------------------------------

    def bot_messages(self) -> List[str]:
        return self.page.locator(f"{HOST} .message.bot .bubble").all_inner_texts()

    def user_messages(self) -> List[str]:
        return self.page.locator(f"{HOST} .message.user .bubble").all_inner_texts()

    def wait_for_replies(self, before: int, quiet: float = 1.2, timeout: float = 45) -> List[str]:
        """Every bot message after the first ``before``, once the bot has been quiet for ``quiet`` s."""
        self.page.wait_for_function(
            f"() => document.querySelector('{HOST}').shadowRoot.querySelectorAll('.message.bot').length > {before}",
            timeout=timeout * 1000,
        )
        count, stable_since = -1, time.monotonic()
        while time.monotonic() - stable_since < quiet:
            now = len(self.bot_messages())
            if now != count:
                count, stable_since = now, time.monotonic()
            self.page.wait_for_timeout(150)
        return self.bot_messages()[before:]

    def say(self, text: str) -> List[str]:
        before = len(self.bot_messages())
        self.input().fill(text)
        self.input().press("Enter")
        return self.wait_for_replies(before)

    def choose(self, title: str) -> List[str]:
        before = len(self.bot_messages())
        self.quick_reply(title).click()
        return self.wait_for_replies(before)

    def quick_reply(self, title: str):
        return self.page.locator(f"{HOST} .quick").get_by_role("button", name=title, exact=True)

    def quick_reply_titles(self) -> List[str]:
        return self.page.locator(f"{HOST} .quick-reply").all_inner_texts()

    def delete(self, confirm: bool = True) -> None:
        """The header's Löschen, then the widget's own question answered."""
        self.page.get_by_role("button", name=self.ui["delete"]).click()
        answer = self.ui["confirm delete" if confirm else "cancel delete"]
        self.page.get_by_role("button", name=answer, exact=True).click()

    # ---- browser state ------------------------------------------------------------------

    def session_storage(self) -> Dict[str, str]:
        return self.page.evaluate("() => Object.fromEntries(Object.entries(sessionStorage))")

    def local_storage(self) -> Dict[str, str]:
        return self.page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")

    def cookies(self) -> List[Dict[str, Any]]:
        return self.page.context.cookies()

    def session_id(self) -> Optional[str]:
        return self.page.evaluate("() => window.diskretChat && window.diskretChat.sessionId")

    def focused(self) -> Dict[str, Any]:
        """The element focused inside the widget (or the page), with its accessible hints."""
        return self.page.evaluate(
            """() => {
                const host = document.querySelector('#diskret-chat');
                const inside = host && host.shadowRoot.activeElement;
                const el = inside || document.activeElement;
                const style = getComputedStyle(el);
                return {inWidget: !!inside, tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim(),
                        label: el.getAttribute('aria-label') || '', className: el.className || '',
                        outline: style.outlineStyle + ' ' + style.outlineWidth};
            }"""
        )
