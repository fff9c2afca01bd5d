"""Statistics pages for marketing (and compliance): aggregated, small groups suppressed."""
from __future__ import annotations

from datetime import date
from typing import Optional, Tuple

from flask import Blueprint, Response, abort, current_app, render_template, request

from bot.archive.stats import Statistics, compute, default_range
from bot.console import charts
from bot.console.security import current_user

blueprint = Blueprint("statistics", __name__, url_prefix="/stats")


def _range() -> Tuple[date, date]:
    since, until = default_range(date.today())
    try:
        since = date.fromisoformat(request.args["since"]) if request.args.get("since") else since
        until = date.fromisoformat(request.args["until"]) if request.args.get("until") else until
    except ValueError:
        abort(400, "dates are YYYY-MM-DD")
    if since > until or (until - since).days > 366:
        abort(400, "choose a range of at most a year, start before end")
    return since, until


def _stats(action: Optional[str]) -> Statistics:
    """Statistics for the requested range; ``action`` is logged (charts belong to the page view)."""
    ctx = current_app.extensions["diskret"]
    since, until = _range()
    if action:
        ctx.access_log.record(current_user().name, action, f"{since}..{until}")
    return compute(ctx.vault.database, since, until)


@blueprint.route("/")
def index() -> str:
    stats = _stats("view statistics")
    return render_template("stats.html", stats=stats, charts=charts.CHARTS,
                           query={"since": stats.since.isoformat(), "until": stats.until.isoformat()})


@blueprint.route("/chart/<name>.png")
def chart(name: str) -> Response:
    if name not in charts.CHARTS:
        abort(404)
    return Response(charts.render(_stats(None), name), mimetype="image/png")


@blueprint.route("/statistics.csv")
def csv() -> Response:
    stats = _stats("download statistics")
    return Response(stats.csv(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="diskret-stats-{stats.since}-{stats.until}.csv"'})
