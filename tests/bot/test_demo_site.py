"""``python -m bot site``: security headers, the widget's configuration, no listings, no traversal.

Runs the server in-process on a free port; no browser, no stack.
"""
from __future__ import annotations

import argparse
import http.client
import threading
from typing import Iterator, Tuple

import pytest

from bot.cli import site as site_command
from bot.demo_site import SiteConfig, content_security_policy, make_server, origin, render_html

RASA = "http://127.0.0.1:5999"


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = make_server(SiteConfig(rasa_url=RASA, session_minutes=45, lead_days=90), "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetch(port: int, path: str, method: str = "GET") -> Tuple[int, dict, bytes]:
    """A raw request: the path goes out exactly as given (no client-side normalisation)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_pages_are_served_with_security_headers(server):
    status, headers, body = fetch(server, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "script-src 'self'" in csp
    assert f"connect-src 'self' {RASA} ws://127.0.0.1:5999" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "Nordlicht Digital" in body.decode()
    assert "Python" not in headers.get("server", "")


def test_widget_tag_points_at_the_configured_chat_server(server):
    body = fetch(server, "/")[2].decode()
    assert f'data-server="{RASA}"' in body
    assert 'data-session-minutes="45"' in body and 'data-lead-days="90"' in body
    assert 'data-lang="de"' in body and 'data-privacy-url="/datenschutz.html"' in body
    english = fetch(server, "/en.html")[2].decode()
    assert 'data-lang="en"' in english and f'data-server="{RASA}"' in english
    assert 'data-privacy-url="/privacy.html"' in english and 'href="/privacy.html">Privacy notice' in english


def test_the_english_privacy_notice_is_a_page_of_its_own(server):
    status, _, body = fetch(server, "/privacy.html")
    text = body.decode()
    assert status == 200 and '<html lang="en">' in text
    for fact in ('"session_minutes">45</span> minutes', '"transcript_days">30</span> days', '"lead_days">90</span> days',
                 "Art. 17", "Art. 15", "session storage", "CRM", "voluntary"):
        assert fact in text


def test_widget_bundle_and_privacy_notice_are_served(server):
    status, headers, body = fetch(server, "/widget.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert b"session_request" in body and b"innerHTML" not in body
    status, _, body = fetch(server, "/datenschutz.html")
    text = body.decode()
    assert status == 200
    # the retention figures follow the server's configuration (45 min, 30 days, 90 days in this fixture)
    for fact in ('"session_minutes">45</span> Minuten', '"transcript_days">30</span> Tage', '"lead_days">90</span> Tage',
                 "Art. 17", "Art. 15", "Session Storage"):
        assert fact in text
    assert 'id="english"' in text


def test_head_request_has_no_body(server):
    status, headers, body = fetch(server, "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/..%2fpyproject.toml",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/site/../../pyproject.toml",
        "/..\\pyproject.toml",
        "/%5c..%5cpyproject.toml",
        "//etc/passwd",
        "/.env",
        "/%2eenv",
        "/index.html%00.css",
        "/../widget/dist/widget.js",
        "/../bot/demo_site.py",
    ],
)
def test_no_path_traversal(server, path):
    status, _, body = fetch(server, path)
    assert status == 404
    assert b"[project]" not in body and b"root:" not in body


@pytest.mark.parametrize("path", ["/img/", "/img", "/site/", "/widget/", "/widget/dist/"])
def test_no_directory_listing(server, path):
    status, _, body = fetch(server, path)
    assert status == 404 and b"Directory listing" not in body


def test_only_get_and_head(server):
    status, headers, _ = fetch(server, "/", method="POST")
    assert status in (405, 501)
    assert headers["x-content-type-options"] == "nosniff", "errors carry the security headers too"


def test_csp_allows_tls_chat_servers():
    assert "connect-src 'self' https://chat.example wss://chat.example" in content_security_policy("https://chat.example")


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://x", "http://user@evil.example", "//no-scheme"])
def test_rasa_url_must_be_plain_http(bad):
    with pytest.raises(ValueError):
        origin(bad)


def test_rasa_url_attribute_is_escaped():
    html = render_html('<script src="/widget.js" data-server="x" defer></script>', SiteConfig(rasa_url='http://a"b'))
    assert 'data-server="http://a&quot;b"' in html


def test_command_is_registered_with_its_options():
    parser = argparse.ArgumentParser()
    site_command.register(parser.add_subparsers())
    args = parser.parse_args(["site", "--port", "8123", "--rasa-url", "http://127.0.0.1:5123"])
    assert (args.port, args.rasa_url, args.host, args.func) == (8123, "http://127.0.0.1:5123", "127.0.0.1", site_command.run)
    from bot.cli import COMMANDS

    assert "site" in COMMANDS


def test_privacy_notice_states_the_configured_retention():
    from core.settings import PROJECT_ROOT

    page = (PROJECT_ROOT / "site" / "datenschutz.html").read_text(encoding="utf-8")
    html = render_html(page, SiteConfig(rasa_url="http://127.0.0.1:5005", session_minutes=15, transcript_days=7, lead_days=90))
    assert '<span data-diskret="session_minutes">15</span> Minuten' in html
    assert '<span data-diskret="transcript_days">7</span> days' in html
    assert 'höchstens <span data-diskret="lead_days">90</span> Tage' in html
    assert "180" not in html
