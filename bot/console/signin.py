"""Sign-in and sign-out, throttled and recorded in the access log."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from bot.console.security import csrf_token

blueprint = Blueprint("signin", __name__)


def _safe_next(target: str) -> str:
    """Only local paths, so the sign-in form cannot redirect elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> "str | Response":
    ctx = current_app.extensions["diskret"]
    error = None
    if request.method == "POST":
        name = request.form.get("username", "").strip()[:128]
        address = request.remote_addr or "unknown"
        if ctx.limiter.blocked(name, address):
            ctx.access_log.record(name or "-", "sign-in blocked")
            return render_template("login.html", error="Too many failed attempts. Try again in a few minutes."), 429
        user = ctx.users.authenticate(name, request.form.get("password", ""))
        if user is None:
            ctx.limiter.failed(name, address)
            ctx.access_log.record(name or "-", "sign-in failed")
            error = "Unknown user name or wrong password."
        else:
            ctx.limiter.succeeded(name, address)
            session.clear()
            session.permanent = True
            session.update(user=user.name, role=user.role)
            csrf_token()
            ctx.access_log.record(user.name, "sign-in")
            return redirect(_safe_next(request.args.get("next", "/")))
    return render_template("login.html", error=error), (401 if error else 200)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    current_app.extensions["diskret"].access_log.record(session.get("user", "-"), "sign-out")
    session.clear()
    return redirect(url_for("signin.login"))
