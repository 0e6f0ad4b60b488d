"""The web app's only doors to stored data: the search index (read-only) and the archive (read-only).

Views call these helpers instead of opening stores themselves, so the app can
never write to the archive or the index, and a missing index becomes a clear
503 page instead of a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app

log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """The search index cannot be opened (not built yet, or being rebuilt)."""


def settings():
    return current_app.config["WARTA_SETTINGS"]


@contextmanager
def searcher() -> Iterator[object]:
    """An open ``index.search.Searcher`` for the length of a request."""
    from index.search import Searcher

    try:
        opened = Searcher(settings())
        active = opened.__enter__()
    except Exception as exc:  # any failure to open means "no usable index", never a 500
        log.warning("cannot open the search index: %s", exc)
        raise IndexUnavailable(str(exc)) from exc
    try:
        yield active
    finally:
        opened.__exit__(None, None, None)


MAX_ID = 2**63 - 1  # SQLite's largest integer; larger ids cannot exist


def find_article(article_id: int) -> dict | None:
    """The bulletin with this id and its analysis, or None."""
    if not 0 < article_id <= MAX_ID:
        return None
    with searcher() as s:
        return s.article(article_id)


def archived_response(response_id: int | None) -> dict | None:
    """The fetch record of an article (url, status, headers, body, fetched_at, content_type), if archived."""
    if not response_id:
        return None
    from crawler.archive import Archive

    path = settings().archive_path
    if not path.exists():
        return None
    archive = Archive(path, readonly=True)
    try:
        getter = getattr(archive, "get_response", None)
        return getter(int(response_id)) if getter else None
    finally:
        archive.close()
