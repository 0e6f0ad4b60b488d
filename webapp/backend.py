"""The web app's only doors to stored data: the search index (read-only) and the archive (read-only).

Views call these helpers instead of opening stores themselves, so the app can
never write to the archive or the index, and a missing index becomes a clear
503 page instead of a crash.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """The search index cannot be opened (not built yet, or being rebuilt)."""


def settings():
    return current_app.config["WARTA_SETTINGS"]


@contextmanager
def searcher() -> Iterator[object]:
    """An open ``index.search.Searcher`` for the length of a request.

    Opening one reads every segment's term tables (a quarter of a second at
    100,000 bulletins), so each server thread keeps its own Searcher (Whoosh
    readers are not shared between threads) and reopens it only when the index
    has changed since.
    """
    index_dir = settings().index_dir
    cache: dict = _thread_cache.__dict__.setdefault("searchers", {})
    cached = cache.get(index_dir)
    if cached is None or changed(cached[1]):
        signature = index_signature(index_dir)  # before opening: a change while opening is seen next time
        if cached is not None:
            cache.pop(index_dir)
            cached[0].close()
        cached = cache[index_dir] = (_open_searcher(), signature)
    yield cached[0]


_thread_cache = threading.local()


def index_signature(index_dir: Path) -> tuple:
    """Changes whenever the index does: every commit or rebuild adds or removes files in some folder of it."""
    signature = []
    for folder, _, _ in os.walk(index_dir):
        try:
            signature.append((folder, os.stat(folder).st_mtime_ns))
        except FileNotFoundError:  # removed while we looked: a rebuild, which changes the signature anyway
            signature.append((folder, None))
    return tuple(signature) or ((str(index_dir), None),)  # no index folder yet: its creation is a change


def changed(signature: tuple) -> bool:
    """Whether the index has changed since ``signature``: a stat of each folder it had, not a new walk.

    A new folder is seen too, as it changes its parent's time.
    """
    for folder, mtime in signature:
        try:
            if os.stat(folder).st_mtime_ns != mtime:
                return True
        except FileNotFoundError:
            if mtime is not None:
                return True
    return False


def _open_searcher():
    from index.search import Searcher

    try:
        return Searcher(settings())
    except Exception as exc:  # any failure to open means "no usable index", never a 500
        log.warning("cannot open the search index: %s", exc)
        raise IndexUnavailable(str(exc)) from exc


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
