"""The Flask app factory and the production server.

``create_app(settings)`` wires blueprints, templates helpers, security headers
and error pages; ``webapp.server`` runs it on waitress.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import datetime, timezone

from flask import Flask, g, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from index.query import QueryError
from warta.settings import Settings
from webapp import i18n
from webapp.backend import IndexUnavailable
from webapp.security import init_security

log = logging.getLogger(__name__)


def create_app(settings: Settings, config: dict | None = None) -> Flask:
    """A Warta web app over the archive and index of ``settings``.

    ``config`` may set ``ADMIN_TOKEN`` (else env ``WARTA_ADMIN_TOKEN``; none means
    admin is disabled) and ``SECRET_KEY`` (else env ``WARTA_SECRET_KEY``, else a
    random key per process).
    """
    app = Flask(__name__)
    app.config.update(
        WARTA_SETTINGS=settings,
        ADMIN_TOKEN=os.environ.get("WARTA_ADMIN_TOKEN") or None,
        SECRET_KEY=os.environ.get("WARTA_SECRET_KEY") or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        JSON_SORT_KEYS=False,
    )
    app.config.update(config or {})
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    init_security(app)
    _init_templates(app)
    _register_blueprints(app)
    _register_errors(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from webapp.api import bp as api_bp
    from webapp.views.admin import bp as admin_bp
    from webapp.views.articles import bp as articles_bp
    from webapp.views.people import bp as people_bp
    from webapp.views.search import bp as search_bp

    for blueprint in (search_bp, articles_bp, people_bp, api_bp, admin_bp):
        app.register_blueprint(blueprint)


def _init_templates(app: Flask) -> None:
    from index.search import person_id

    from webapp import markup, params

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["snippet"] = markup.safe_snippet
    app.jinja_env.filters["safe_url"] = markup.safe_url
    app.jinja_env.filters["event_label"] = lambda code: i18n.event_label(code)
    app.jinja_env.filters["timestamp"] = _timestamp
    app.jinja_env.globals.update(
        _=i18n.translate, person_id=person_id, with_args=params.with_args, toggle_value=params.toggle_value,
        LANGUAGES=i18n.LANGUAGES, person_url=person_url, article_url=article_url,
    )

    @app.context_processor
    def language() -> dict:
        return {"lang": i18n.current_language()}

    @app.after_request
    def remember_language(response):
        lang = request.args.get("lang")
        if lang in i18n.LANGUAGES and request.cookies.get("lang") != lang:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="Lax", httponly=True)
        return response


def person_url(name: str) -> str:
    """The person page of ``name``: the rule's path built from a once-per-request prefix (see ``article_url``).

    Person ids are URL-safe ([a-z0-9-]), so nothing needs quoting.
    """
    from index.search import person_id

    return _url_prefix("people.person", "person_id", "x") + person_id(name)


def article_url(article_id: int) -> str:
    """The bulletin page of ``article_id``: the rule's path built from a once-per-request prefix."""
    return _url_prefix("articles.article", "article_id", 0) + str(int(article_id))


def _url_prefix(endpoint: str, arg: str, sample) -> str:
    """``url_for(endpoint)`` without its last argument, for a rule ending in that argument.

    A page of hits links to dozens of people and bulletins; ``url_for`` costs
    microseconds each, a string concatenation nothing. Remembered for the request
    (the script root may differ between requests).
    """
    prefixes = g.setdefault("url_prefixes", {})
    prefix = prefixes.get(endpoint)
    if prefix is None:
        url = url_for(endpoint, **{arg: sample})
        prefix = prefixes[endpoint] = url[:-len(str(sample))]
    return prefix


def _timestamp(value) -> str:
    """Seconds since the epoch as a UTC time; other values as they are."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return "" if value is None else str(value)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/openapi.json"


def _unmatched(exc: HTTPException) -> str:
    if exc.code == 404 and _wants_json():
        return i18n.message("no such API endpoint, or a malformed id: {path}; see /openapi.json",
                            path=request.path[:200])
    if exc.code == 404:
        return i18n.message("There is no page at this address.")
    if exc.code == 405:
        return i18n.message("This address does not take {method} requests.", method=request.method)
    return exc.description


def _register_errors(app: Flask) -> None:
    def error(status: int, title: str, message: str):
        if _wants_json():
            return jsonify(error=message, status=status), status
        return render_template("error.html", status=status, title=i18n.translate(title), message=message), status

    @app.errorhandler(QueryError)  # ParamError too
    def bad_param(exc: QueryError):
        return error(400, "Bad request", i18n.message(exc.template, **exc.values))

    @app.errorhandler(IndexUnavailable)
    def no_index(exc: IndexUnavailable):
        cause = exc.__cause__
        why = i18n.message(cause.template, **cause.values) if isinstance(cause, QueryError) else str(exc)
        return error(503, "Something went wrong",
                     i18n.translate("The search index is not ready yet. Run `warta index` first.") + f" ({why})")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        titles = {400: "Bad request", 403: "Forbidden", 404: "Not found"}
        description = exc.description
        if description == type(exc).description:  # Werkzeug's own English text: no route matched, mostly
            description = _unmatched(exc)
        return error(exc.code or 500, titles.get(exc.code, exc.name), description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return error(500, "Something went wrong", "an unexpected error happened; it has been logged")
