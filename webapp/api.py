"""The JSON API: the same searches as the pages, plus streamed exports, described at /openapi.json."""

from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Iterator

from flask import Blueprint, Response, abort, jsonify, request, stream_with_context

from webapp.backend import find_article, searcher, settings
from webapp.i18n import message
from webapp.openapi import openapi_document
from webapp.params import EXPORT_FORMATS, ParamError, parse_person_pages, parse_search
from webapp.results import page_dict, run_search, to_json

bp = Blueprint("api", __name__)

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK = 64 * 1024


@bp.get("/api/search")
def search():
    return jsonify(page_dict(run_search("articles", parse_search(request.args, strict=True))))


@bp.get("/api/quotes")
def quotes():
    return jsonify(page_dict(run_search("quotes", parse_search(request.args, strict=True))))


@bp.get("/api/articles/<int:article_id>")
def article(article_id: int):
    found = find_article(article_id)
    if not found:
        abort(404, description=message("no bulletin with id {id}", id=article_id))
    return jsonify(to_json(found))


@bp.get("/api/people/<person_id>")
def person(person_id: str):
    pages = parse_person_pages(request.args, strict=True)
    with searcher() as s:
        found = s.person(person_id, quotes_page=pages.quotes, articles_page=pages.articles,
                         per_page=pages.per_page) if len(person_id) <= 200 else None
    if not found:
        abort(404, description=message("no person with id {id!r}", id=person_id[:200]))
    return jsonify(to_json(found))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/api/export/<kind>")
def export(kind: str):
    """Every row of ``kind`` for the search, unpaged, streamed as CSV, JSON Lines or XLSX."""
    from index.export import EXPORT_KINDS

    if kind not in EXPORT_KINDS:
        raise ParamError("unknown export {kind!r}; one of {choices}", kind=kind, choices=", ".join(EXPORT_KINDS))
    args = request.args.copy()
    fmt = args.pop("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise ParamError("format must be one of {choices}, not {value!r}", choices=", ".join(EXPORT_FORMATS),
                         value=fmt)
    req = parse_search(args, strict=True)
    # Check the query now: once streaming starts, an error can no longer become a 400.
    search_kind = "quotes" if kind == "quotes" else "articles"
    with searcher() as s:
        s.search(req.query, req.filters, kind=search_kind, page=1, per_page=1, facets=False)
    chunks = _xlsx_chunks if fmt == "xlsx" else _streamed_chunks
    response = Response(stream_with_context(chunks(settings(), kind, req, fmt)), content_type=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="warta-{kind}.{fmt}"'
    return response


def _rows(app_settings, kind: str, req):
    from index.export import export_rows

    return export_rows(app_settings, kind, req.query, req.filters, req.sort)  # in the order the page shows


def _columns(kind: str) -> list[str]:
    from index.export import COLUMNS

    return COLUMNS[kind]


class _QueueWriter:
    """A binary file whose writes go to a bounded queue, so memory stays bounded while streaming."""

    def __init__(self, out: queue.Queue, cancelled: threading.Event) -> None:
        self.out, self.cancelled = out, cancelled

    def write(self, data: bytes) -> int:
        while data:
            if self.cancelled.is_set():  # the client went away: stop the export
                raise _Cancelled()
            try:
                self.out.put(bytes(data), timeout=1)
                break
            except queue.Full:
                continue
        return len(data)

    def flush(self) -> None:
        pass


_DONE = object()


class _Cancelled(Exception):
    pass


def _streamed_chunks(app_settings, kind: str, req, fmt: str) -> Iterator[bytes]:
    """Rows written by ``write_rows`` in a thread, handed to the response as they come."""
    from index.export import write_rows

    pipe: queue.Queue = queue.Queue(maxsize=64)
    cancelled = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            write_rows(_rows(app_settings, kind, req), fmt, _QueueWriter(pipe, cancelled), _columns(kind))
        except _Cancelled:
            return
        except BaseException as exc:  # reported to the consumer below
            failure.append(exc)
        pipe.put(_DONE)

    threading.Thread(target=produce, name=f"export-{kind}", daemon=True).start()
    pending = bytearray()
    try:
        while (item := pipe.get()) is not _DONE:
            pending += item
            if len(pending) >= CHUNK:
                yield bytes(pending)
                pending.clear()
    finally:
        cancelled.set()
    if pending:
        yield bytes(pending)
    if failure:
        raise failure[0]


def _xlsx_chunks(app_settings, kind: str, req, fmt: str) -> Iterator[bytes]:
    """XLSX is a zip that needs seeking, so it is spooled to a temporary file and then streamed."""
    from index.export import write_rows

    with tempfile.TemporaryFile() as spool:
        write_rows(_rows(app_settings, kind, req), "xlsx", spool, _columns(kind))
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk
