"""The compliance pages do what they say, and the access log records each of them."""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

from core.storage.vault import LEAD_PURPOSE
from bot.archive.access_log import AccessLog
from bot.archive.store import TranscriptArchive
from tests.bot.archive.support import action, consultation, conversation, user
from tests.bot.console.conftest import csrf


def log_actions(vault):
    entries, _ = AccessLog(vault.database).entries()
    return [(entry["actor"], entry["action"], entry["target"]) for entry in reversed(entries)]


def test_transcript_marks_placeholders_and_escapes_text(compliance, writer, vault):
    writer.write(conversation("conv-1", lead=True) + [user("conv-1", "<script>alert(1)</script>", "inform",
                                                            at=time.time() + 60)])
    page = compliance.get("/conversations/conv-1").get_data(as_text=True)
    assert 'My e-mail is <mark class="placeholder">[EMAIL]</mark>' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "request_consultation (0.97)" in page
    assert compliance.get("/conversations/unknown").status_code == 404
    assert ("alice", "view transcript", "conv-1") in log_actions(vault)


def test_conversation_list_filters(compliance, writer):
    writer.write(conversation("with-lead", "en", lead=True))
    writer.write(conversation("german", "de"))
    assert "with-lead" in compliance.get("/conversations?lead=yes").get_data(as_text=True)
    page = compliance.get("/conversations?language=de").get_data(as_text=True)
    assert "german" in page and "with-lead" not in page
    assert compliance.get("/conversations?since=yesterday").status_code == 400


def test_audit_flags_and_redacts_through_the_console(compliance, writer, vault):
    writer.write(conversation("leaky") + [user("leaky", "my number is 0151 23456789", "inform", at=time.time() + 60)])
    token = csrf(compliance, "/audit")
    page = compliance.post("/audit/run", data={"csrf_token": token}).get_data(as_text=True)
    assert "1 finding(s) in 1 conversation(s)" in page
    assert '<mark class="suspect">0151 23456789</mark>' in page
    finding_id = page.split("/audit/findings/")[1].split("/")[0]
    response = compliance.post(f"/audit/findings/{finding_id}/redact", data={"csrf_token": token, "back": "transcript"})
    assert response.headers["Location"].endswith("/conversations/leaky")
    transcript = TranscriptArchive(vault.database).transcript("leaky")
    assert transcript["events"][-1]["text"] == "my number is [NUMBER]" and not transcript["flagged"]


def test_subject_request_export_and_erase(compliance, writer, vault):
    writer.write(conversation("subj", lead=True))
    vault.record_consent("subj", LEAD_PURPOSE, "I agree.", "v1", "en")
    vault.capture("subj", "email", "oliver.sampleton@example.org")
    token = csrf(compliance, "/requests")
    found = compliance.post("/requests/find", data={"csrf_token": token, "email": "oliver.sampleton@example.org"})
    assert "1 conversation(s) found" in found.get_data(as_text=True)
    export = compliance.post("/requests/export", data={"csrf_token": token, "email": "oliver.sampleton@example.org",
                                                       "reference": "TICKET-7"})
    assert export.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(export.get_data(as_text=True))
    assert data["conversations"][0]["leads"][0]["email"] == "oliver.sampleton@example.org"
    refused = compliance.post("/requests/erase", data={"csrf_token": token, "conversation_id": "subj", "reference": "T"})
    assert refused.status_code == 400, "erasure needs the confirmation box"
    erased = compliance.post("/requests/erase", data={"csrf_token": token, "conversation_id": "subj",
                                                      "reference": "TICKET-7", "confirm": "yes"})
    assert "erased 1 conversation(s)" in erased.get_data(as_text=True)
    assert TranscriptArchive(vault.database).transcript("subj") is None
    assert vault.export_conversation("subj")["leads"] == []
    page = compliance.get("/requests").get_data(as_text=True)
    assert page.count("TICKET-7") == 2
    actions = log_actions(vault)
    assert ("alice", "find data subject", "lookup by e-mail") in actions
    assert ("alice", "export", "subj") in actions and ("alice", "erase", "subj") in actions
    assert "oliver.sampleton" not in json.dumps(actions)


def test_access_log_records_every_action(compliance, marketing, writer, vault):
    writer.write(conversation("conv-1"))
    compliance.get("/conversations")
    compliance.get("/conversations/conv-1")
    compliance.get("/audit")
    compliance.get("/requests")
    compliance.get("/access-log")
    marketing.get("/stats/")
    marketing.get("/stats/statistics.csv")
    marketing.post("/logout", data={"csrf_token": csrf(marketing, "/stats/")})
    actions = [(actor, action) for actor, action, _ in log_actions(vault)]
    assert actions == [("alice", "sign-in"), ("mark", "sign-in"), ("alice", "view conversation list"),
                       ("alice", "view transcript"), ("alice", "view residual audit"), ("alice", "view subject requests"),
                       ("alice", "view access log"), ("mark", "view statistics"), ("mark", "download statistics"),
                       ("mark", "view statistics"), ("mark", "sign-out")]
    page = compliance.get("/access-log").get_data(as_text=True)
    assert "download statistics" in page


def test_statistics_page_csv_and_charts(marketing, writer):
    for index in range(6):
        writer.write(conversation(f"c-{index}", "en", lead=index < 2))
    page = marketing.get("/stats/").get_data(as_text=True)
    assert "<dt>Conversations</dt><dd>6</dd>" in page and "<dt>Leads</dt><dd>&lt;5</dd>" in page
    csv = marketing.get("/stats/statistics.csv").get_data(as_text=True)
    assert "total,conversations,6" in csv and "total,leads,<5" in csv
    chart = marketing.get("/stats/chart/per_week.png")
    assert chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")
    assert marketing.get("/stats/chart/secret.png").status_code == 404


def test_statistics_ranges_cannot_be_differenced(marketing, writer):
    monday = datetime(2030, 3, 4, 10, tzinfo=timezone.utc)
    for index in range(6):
        writer.write(conversation(f"mon-{index}", "en", at=monday.timestamp()))
    for index in range(2):
        writer.write(conversation(f"tue-{index}", "en", at=(monday + timedelta(days=1)).timestamp()))
    monday_only = marketing.get("/stats/statistics.csv?since=2030-03-04&until=2030-03-04").get_data(as_text=True)
    with_tuesday = marketing.get("/stats/statistics.csv?since=2030-03-04&until=2030-03-05").get_data(as_text=True)
    assert "total,conversations,8" in monday_only and monday_only == with_tuesday, "both are the whole week"


def test_statistics_page_shows_the_funnel_and_only_common_not_understood_texts(marketing, writer):
    """Conversations archived as Rasa publishes them: the marketing page shows the funnel and the
    not-understood texts of five or more conversations, and never a visitor's raw value."""
    monday = datetime(2030, 3, 4, 10, tzinfo=timezone.utc).timestamp()
    def variant(text: str) -> str:
        return " " + text.replace("Macht ihr", "MACHT  \t ihr").replace("Ich bin", "ICH   bin") + " "

    missed = {"Macht ihr Amazon Ads?": 5, "Ich bin Frieda Testfrau, geht das?": 5,
              "Kennt ihr Obermüller aus Kleinkleckersdorf": 4}
    index = 0
    for text, writers in missed.items():
        for _ in range(writers):
            at = monday + index * 600
            events = consultation(f"c{index}", "lead" if index < 6 else "started", at=at,
                                  then=None if index < 6 else "no", phone="skipped" if index % 2 else "[PHONE]")
            writer.write(events + [user(f"c{index}", text if index % 2 else variant(text), "nlu_fallback", at=at + 200),
                                   action(f"c{index}", "action_not_understood", at + 201)])
            index += 1
    page = marketing.get("/stats/?since=2030-03-04&until=2030-03-04").get_data(as_text=True)
    assert "<title>Statistics · Diskret</title>" in page and page.count('id="funnel"') == 1
    funnel = page[page.index('id="funnel"'):page.index('id="not-understood"')]
    assert "<td>Consultation started (asked for, or accepted the offer)</td>\n    <td>14</td>" in funnel
    assert '<td>Lead created</td>\n    <td>6 <span class="share">100.0 % of email</span></td>' in funnel
    assert '<td>Declined consent</td>\n    <td>8 <span class="share">57.1 % of started</span></td>' in funnel
    assert "<td>Gave a phone number (optional)</td>\n    <td>&lt;5</td>" in funnel, "3 gave one"
    missed_section = page[page.index('id="not-understood"'):]
    assert "<td>macht ihr amazon ads?</td><td>5</td><td>5</td>" in missed_section
    assert 'ich bin <mark class="placeholder">[PERSON]</mark>, geht das?' in missed_section
    assert "obermüller" not in page.lower(), "written in 4 conversations only"
    assert "hidden because fewer than 5 conversations wrote them (or flagged): &lt;5 messages" in missed_section.lower()
    csv = marketing.get("/stats/statistics.csv?since=2030-03-04&until=2030-03-04").get_data(as_text=True)
    assert "funnel,all lead,6" in csv and "not_understood,macht ihr amazon ads?,5" in csv and "obermüller" not in csv
    chart = marketing.get("/stats/chart/funnel.png?since=2030-03-04&until=2030-03-04")
    assert chart.mimetype == "image/png" and chart.data.startswith(b"\x89PNG")
    for raw in ("Frieda", "Testfrau", "frieda.testfrau@example.org", "23456789", "Holzbau", "a new website"):
        assert raw.lower() not in (page + csv).lower(), raw
