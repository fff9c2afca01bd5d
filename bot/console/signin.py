"""Sign-in and sign-out, throttled and recorded in the access log."""
from __future__ import annotations

import string
from urllib.parse import unquote

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from bot.console import security

blueprint = Blueprint("signin", __name__)

HOME = "/"
# Printable ASCII without space and backslash: nothing a browser strips, folds or reads as "/".
_PATH_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?%#[]")


def safe_next(target: str) -> str:
    """``target`` if it is a path on this console, else the start page.

    Browsers drop tabs and newlines, read ``\\`` as ``/`` and may decode ``%2F``, so
    ``/%09/evil`` or ``/\\evil`` would become ``//evil``, another site. Accepted is only a
    path that starts with exactly one ``/`` and, in its raw form and after every layer of
    percent-decoding, holds no scheme, backslash, control character, whitespace or other
    non-ASCII character.
    """
    layers = [target]
    while unquote(layers[-1]) != layers[-1]:  # ends: every decoding shortens the text
        layers.append(unquote(layers[-1]))
    for layer in layers:
        if not layer.startswith("/") or layer.startswith("//") or not set(layer) <= _PATH_CHARACTERS:
            return HOME
    return target


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
            security.sign_in(user)
            ctx.access_log.record(user.name, "sign-in")
            return redirect(safe_next(request.args.get("next", HOME)))
    return render_template("login.html", error=error), (401 if error else 200)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    user = security.current_user()
    current_app.extensions["diskret"].access_log.record(user.name if user else "-", "sign-out")
    security.sign_out()
    return redirect(url_for("signin.login"))
