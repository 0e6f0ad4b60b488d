"""Response headers that keep untrusted bulletin text inert, and CSRF tokens for admin forms."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, abort, request, session

from webapp.i18n import translate

# Only our own script and styles run; no inline script, no plugins, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def csrf_token() -> str:
    """The session's CSRF token, created on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Abort with 400 unless the form carries the session's token."""
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description=translate("Missing or wrong CSRF token; reload the page and try again."))


def init_security(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
