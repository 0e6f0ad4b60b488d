"""The bulletin page, and the archived copy as Warta fetched it."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, render_template

from webapp.backend import archived_response, find_article
from webapp.i18n import message
from webapp.markup import KINDS, analysis_spans, highlight

bp = Blueprint("articles", __name__)

MAX_SHOWN_BYTES = 2_000_000  # the archived-copy page shows at most this much; the download has it all


def load_article(article_id: int) -> dict:
    article = find_article(article_id)
    if not article:
        abort(404, description=message("no bulletin with id {id}", id=article_id))
    return article


@bp.get("/articles/<int:article_id>")
def article(article_id: int):
    art = load_article(article_id)
    record = art.get("analysis") or None
    text = art.get("text") or ""
    return render_template("article.html", art=art, record=record or {}, analyzed=record is not None,
                           body=highlight(text, analysis_spans(record, len(text))), kinds=KINDS)


@bp.get("/articles/<int:article_id>/archived")
def archived(article_id: int):
    art = load_article(article_id)
    fetched = archived_response(art.get("response_id"))
    body = None
    if fetched:
        raw = fetched.get("body") or b""
        body = decode_body(raw[:MAX_SHOWN_BYTES], fetched.get("content_type"))
    return render_template("archived.html", art=art, fetched=fetched, body=body,
                           truncated=bool(fetched and len(fetched.get("body") or b"") > MAX_SHOWN_BYTES))


@bp.get("/articles/<int:article_id>/archived/raw")
def archived_raw(article_id: int):
    """The fetched bytes as an attachment: never rendered as a page of this origin."""
    art = load_article(article_id)
    fetched = archived_response(art.get("response_id"))
    if not fetched:
        abort(404, description=message("no archived copy of this bulletin"))
    response = Response(fetched.get("body") or b"", mimetype="application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="warta-{article_id}-archived.html"'
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


_CHARSET = re.compile(r"charset=([\w.-]+)", re.IGNORECASE)


def decode_body(raw: bytes, content_type: str | None) -> str:
    """Bytes to text by the declared charset, else UTF-8; undecodable bytes become U+FFFD."""
    match = _CHARSET.search(content_type or "")
    for encoding in ([match.group(1)] if match else []) + ["utf-8"]:
        try:
            return raw.decode(encoding, errors="replace")
        except LookupError:
            continue
    return raw.decode("utf-8", errors="replace")
