"""Sign-in sends the user back only to a path on the console itself."""
from __future__ import annotations

import pytest

from bot.console.signin import safe_next
from tests.bot.console.conftest import PASSWORDS, csrf

OFF_SITE = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "\t//evil.example", " //evil.example", "/ /evil.example", "/\n/evil.example", "/\r\n/evil.example",
    "/\x00/evil.example", "/\x0b/evil.example", "/%09/evil.example", "/%2F/evil.example", "/%2f/evil.example",
    "/%5C/evil.example", "/%5cevil.example", "/%252F/evil.example", "/%25252F/evil.example", "/%0d%0a/evil",
    "https://evil.example", "http:/evil.example", "HTTPS://evil.example", "//evil.example/%2F..",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "evil.example", "@evil.example", "./evil", "", "/\u3000/evil.example", "/\u2028/evil.example",
    "/\uff0f/evil.example", "/%E3%80%80/evil.example", "/%C0%AF/evil.example",
]
LOCAL = ["/", "/conversations", "/conversations/conv-1", "/stats/?since=2030-01-01&until=2030-02-01", "/audit"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_fall_back_to_the_start_page(target):
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", LOCAL)
def test_console_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("raw", ["/%09/evil.example", "//evil.example/", "/%2F/evil.example", "/%5C/evil.example",
                                 "%09//evil.example", "https:%2F%2Fevil.example", "/%E3%80%80/evil.example"])
def test_sign_in_never_redirects_off_site(app, raw):
    client = app.test_client()
    response = client.post(f"/login?next={raw}", data={"username": "alice", "password": PASSWORDS["alice"],
                                                       "csrf_token": csrf(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/", raw


def test_sign_in_returns_to_the_page_asked_for(app):
    client = app.test_client()
    first = client.get("/conversations/conv-1")
    assert first.headers["Location"] == "/login?next=/conversations/conv-1"
    response = client.post(first.headers["Location"], data={"username": "alice", "password": PASSWORDS["alice"],
                                                            "csrf_token": csrf(client)})
    assert response.headers["Location"] == "/conversations/conv-1"
