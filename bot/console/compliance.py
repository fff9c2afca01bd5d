"""Pages for compliance staff: conversations, transcripts, residual audit, requests, access log."""
from __future__ import annotations

import json
from datetime import date
from typing import Optional

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from bot.archive.store import PAGE_SIZE, ConversationFilter
from bot.archive.subject_requests import Lookup
from bot.console.context import ConsoleContext
from bot.console.security import current_user

blueprint = Blueprint("compliance", __name__)


def _ctx() -> ConsoleContext:
    return current_app.extensions["diskret"]


def _staff() -> str:
    """The signed-in user's name (the guard lets no one else through)."""
    return current_user().name


def _log(action: str, target: Optional[str] = None) -> None:
    _ctx().access_log.record(_staff(), action, target)


def _date(raw: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        abort(400, "dates are YYYY-MM-DD")


def _yes_no(raw: Optional[str]) -> Optional[bool]:
    return {"yes": True, "no": False}.get(raw or "")


def parse_filter(args: MultiDict) -> ConversationFilter:
    return ConversationFilter(since=_date(args.get("since")), until=_date(args.get("until")),
                              language=args.get("language") or None, intent=args.get("intent") or None,
                              lead_created=_yes_no(args.get("lead")), flagged=_yes_no(args.get("flagged")))


@blueprint.route("/conversations")
def conversations() -> str:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows, total = _ctx().archive.conversations(parse_filter(request.args), page)
    _log("view conversation list", f"page {page}")
    query = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("conversations.html", rows=rows, total=total, page=page, pages=max(-(-total // PAGE_SIZE), 1),
                           query=query, args=request.args, intents=_ctx().archive.intents())


@blueprint.route("/conversations/<conversation_id>")
def transcript(conversation_id: str) -> str:
    found = _ctx().archive.transcript(conversation_id)
    if found is None:
        abort(404)
    _log("view transcript", conversation_id)
    return render_template("transcript.html", conversation=found,
                           findings=_ctx().audit.findings(conversation_id))


@blueprint.route("/audit")
def audit() -> str:
    _log("view residual audit")
    return render_template("audit.html", findings=_ctx().audit.findings(), result=None)


@blueprint.route("/audit/run", methods=["POST"])
def run_audit() -> str:
    result = _ctx().audit.run()
    _log("run residual audit", f"{result['findings']} finding(s)")
    return render_template("audit.html", findings=_ctx().audit.findings(), result=result)


@blueprint.route("/audit/findings/<int:finding_id>/redact", methods=["POST"])
def redact_finding(finding_id: int) -> Response:
    conversation_id = _ctx().audit.redact(finding_id)
    if conversation_id is None:
        abort(404)
    _log("redact finding", conversation_id)
    if request.form.get("back") == "transcript":
        return redirect(url_for(".transcript", conversation_id=conversation_id))
    return redirect(url_for(".audit"))


def _lookup() -> Lookup:
    try:
        return Lookup(conversation_id=request.form.get("conversation_id", "").strip() or None,
                      email=request.form.get("email", "").strip() or None)
    except ValueError as error:
        abort(400, str(error))


def _reference() -> str:
    reference = request.form.get("reference", "").strip()
    if not reference:
        abort(400, "a requester reference (e.g. ticket number) is required")
    return reference


@blueprint.route("/requests")
def requests_page() -> str:
    _log("view subject requests")
    return render_template("requests.html", requests=_ctx().requests.requests(), result=None)


@blueprint.route("/requests/find", methods=["POST"])
def find() -> str:
    lookup = _lookup()
    found = _ctx().requests.find(lookup)
    _log("find data subject", "lookup by e-mail" if lookup.email else lookup.conversation_id)
    return render_template("requests.html", requests=_ctx().requests.requests(),
                           result={"found": found, "lookup": lookup})


@blueprint.route("/requests/export", methods=["POST"])
def export() -> Response:
    data = _ctx().requests.export(_lookup(), _reference(), _staff())
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="diskret-request-{data["request_id"]}.json"'})


@blueprint.route("/requests/erase", methods=["POST"])
def erase() -> str:
    if request.form.get("confirm") != "yes":
        abort(400, "tick the confirmation box to erase")
    result = _ctx().requests.erase(_lookup(), _reference(), _staff())
    return render_template("requests.html", requests=_ctx().requests.requests(), result={"erased": result})


@blueprint.route("/access-log")
def access_log() -> str:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries, total = _ctx().access_log.entries(page)
    _log("view access log", f"page {page}")
    return render_template("access_log.html", entries=entries, page=page, pages=max(-(-total // 100), 1))
