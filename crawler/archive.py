"""The archive: Warta's system of record, one SQLite database in WAL mode.

Every other stage reads bulletins and annotations through this module only, so
that the storage can change without touching them. Tables:

- ``articles``: one row per canonical bulletin URL (copies on several sites stay
  separate rows, linked by ``story_id``). ``seq`` grows on every change to the
  article or its analysis, so the indexer can ask for "everything since N".
- ``analyses``: the ``warta analyze`` record of each article, with the pipeline
  version and the content hash it was computed from.
- ``frontier`` and ``responses``: the crawler's queue and fetch log (owned by
  the crawler; raw bodies are zlib-compressed, and also written to WARC files).

Writes happen in transactions, so readers never see half a batch.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,          -- canonical URL
    site TEXT NOT NULL,                -- host, e.g. kab-probolinggo.kpu.go.id
    category TEXT,
    title TEXT,
    published TEXT,                    -- ISO date or NULL
    text TEXT NOT NULL,                -- body paragraphs joined by blank lines
    captions TEXT NOT NULL DEFAULT '[]',  -- JSON list of image captions
    source TEXT NOT NULL DEFAULT 'crawl', -- crawl | ingest
    response_id INTEGER,               -- the response the article was extracted from
    content_hash TEXT NOT NULL,
    simhash INTEGER,
    story_id INTEGER,                  -- near-duplicate group (id of its first article)
    first_seen REAL NOT NULL,
    updated_at REAL NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site, published);
CREATE TABLE IF NOT EXISTS analyses (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    pipeline_version TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    record TEXT NOT NULL,              -- JSON, the `warta analyze` record
    analyzed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS frontier (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- the resource however its link was written (crawler.discover)
    url TEXT NOT NULL,                 -- canonical URL
    host TEXT NOT NULL,
    kind TEXT NOT NULL,                -- robots | home | sitemap | feed | listing | article | page
    page INTEGER NOT NULL DEFAULT 1,
    priority INTEGER NOT NULL,
    hints TEXT,                        -- JSON, e.g. the listing date next to the link
    state TEXT NOT NULL DEFAULT 'pending',  -- pending | done | failed | gone | skipped
    attempts INTEGER NOT NULL DEFAULT 0,
    status INTEGER,
    error TEXT,
    etag TEXT,
    last_modified TEXT,
    response_id INTEGER,
    fetched_at REAL,
    run INTEGER NOT NULL DEFAULT 0     -- crawl run that last fetched it
);
CREATE INDEX IF NOT EXISTS frontier_next ON frontier(host, state, priority, id);
CREATE TABLE IF NOT EXISTS responses (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    status INTEGER,                    -- NULL when no answer came (timeout, connection error)
    headers TEXT NOT NULL DEFAULT '[]',   -- JSON list of [name, value]
    content_type TEXT,
    body BLOB,                         -- zlib-compressed, decoded of any Content-Encoding
    body_size INTEGER NOT NULL DEFAULT 0,
    truncated INTEGER NOT NULL DEFAULT 0,
    fetched_at REAL NOT NULL,
    elapsed REAL,
    warc_file TEXT,                    -- the WARC record of the same exchange
    warc_offset INTEGER,
    error TEXT
);
CREATE INDEX IF NOT EXISTS responses_url ON responses(url);
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY, started REAL NOT NULL, finished REAL, targets TEXT, summary TEXT
);
CREATE TABLE IF NOT EXISTS story_signatures (
    article_id INTEGER PRIMARY KEY, signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS story_bands (band INTEGER NOT NULL, article_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS story_bands_band ON story_bands(band);
"""


@dataclass
class Article:
    """A bulletin as extracted from a page or a file."""

    url: str
    site: str
    text: str
    title: str | None = None
    published: str | None = None
    category: str | None = None
    captions: list[str] = field(default_factory=list)
    source: str = "crawl"
    response_id: int | None = None
    # Set by the archive:
    id: int | None = None
    story_id: int | None = None
    seq: int | None = None
    deleted: bool = False

    @property
    def content_hash(self) -> str:
        payload = json.dumps([self.title, self.published, self.text, self.captions, self.category])
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        return asdict(self)


ARTICLE_COLUMNS = (
    "id, url, site, category, title, published, text, captions, source, response_id, story_id, seq, deleted"
)


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], url=row["url"], site=row["site"], category=row["category"], title=row["title"],
        published=row["published"], text=row["text"], captions=json.loads(row["captions"]),
        source=row["source"], response_id=row["response_id"], story_id=row["story_id"],
        seq=row["seq"], deleted=bool(row["deleted"]),
    )


class Archive:
    """A connection to the archive database. Safe to share between threads."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.lock = threading.RLock()
        if not readonly:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            with self.conn:
                self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sequence numbers ---------------------------------------------------

    def _next_seq(self) -> int:
        """Next change number; call inside a transaction."""
        self.conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('seq', '0')")
        self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq'")
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])

    def last_seq(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        return int(row[0]) if row else 0

    # -- articles -------------------------------------------------------------

    def save_articles(self, articles: Iterable[Article]) -> list[tuple[int, str]]:
        """Insert or update articles by canonical URL, in one transaction.

        Returns ``(id, status)`` per article, status one of new, changed, unchanged.
        An unchanged article keeps its seq, so re-crawls cause no re-indexing.
        """
        now = time.time()
        with self.lock, self.conn:
            return [self._upsert_article(art, now) for art in articles]

    def _upsert_article(self, art: Article, now: float) -> tuple[int, str]:
        """Insert or update one article; call inside a transaction."""
        digest = art.content_hash
        row = self.conn.execute("SELECT id, content_hash, deleted FROM articles WHERE url = ?", (art.url,)).fetchone()
        if row and row["content_hash"] == digest and not row["deleted"]:
            return row["id"], "unchanged"
        values = dict(
            url=art.url, site=art.site, category=art.category, title=art.title,
            published=art.published, text=art.text, captions=json.dumps(art.captions, ensure_ascii=False),
            source=art.source, response_id=art.response_id, content_hash=digest,
            updated_at=now, seq=self._next_seq(),
        )
        if row:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            self.conn.execute(f"UPDATE articles SET {sets}, deleted = 0 WHERE id = :id", {**values, "id": row["id"]})
            return row["id"], "changed"
        cols = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        cur = self.conn.execute(
            f"INSERT INTO articles({cols}, first_seen) VALUES ({marks}, :first_seen)", {**values, "first_seen": now}
        )
        return cur.lastrowid, "new"

    def get_article(self, article_id: int) -> Article | None:
        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def get_article_by_url(self, url: str) -> Article | None:
        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE url = ?", (url,)).fetchone()
        return _row_to_article(row) if row else None

    def has_article(self, url: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone() is not None

    def delete_article(self, article_id: int) -> None:
        """Mark an article deleted (a tombstone, so the index can drop it too)."""
        with self.lock, self.conn:
            self.conn.execute(
                "UPDATE articles SET deleted = 1, seq = ?, updated_at = ? WHERE id = ?",
                (self._next_seq(), time.time(), article_id),
            )

    def set_story(self, article_id: int, story_id: int) -> None:
        with self.lock, self.conn:
            self.conn.execute(
                "UPDATE articles SET story_id = ?, seq = ? WHERE id = ?", (story_id, self._next_seq(), article_id)
            )

    def iter_articles(self, since_seq: int = 0, include_deleted: bool = False, batch: int = 500,
                      until_seq: int | None = None) -> Iterator[Article]:
        """Articles whose seq is above ``since_seq`` (and at most ``until_seq``), in seq order, streamed in batches."""
        cond = "" if include_deleted else "AND deleted = 0"
        last, until = since_seq, until_seq if until_seq is not None else 2**63 - 1
        while True:
            rows = self.conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ? AND seq <= ? {cond} ORDER BY seq LIMIT ?",
                (last, until, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1]["seq"]

    def seq_steps(self, since_seq: int, step: int) -> Iterator[int]:
        """Cut the changes after ``since_seq`` into runs of ``step``: the seq that ends each run, the last included.

        Lazy, so changes made while the caller works through the runs are still reached.
        """
        last = since_seq
        while True:
            row = self.conn.execute("SELECT seq FROM articles WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?",
                                    (last, step - 1)).fetchone()
            if row is None:
                row = self.conn.execute("SELECT MAX(seq) FROM articles WHERE seq > ?", (last,)).fetchone()
                if row[0] is not None:
                    yield row[0]
                return
            last = row[0]
            yield last

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles WHERE deleted = 0").fetchone()[0]

    # -- analyses ---------------------------------------------------------------

    def articles_to_analyze(self, pipeline_version: str, batch: int = 200) -> Iterator[Article]:
        """Articles never analyzed, changed since, or analyzed by another pipeline version."""
        last_id = 0
        while True:
            rows = self.conn.execute(
                f"""SELECT {', '.join('a.' + c.strip() for c in ARTICLE_COLUMNS.split(','))}
                    FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
                    WHERE a.id > ? AND a.deleted = 0
                      AND (n.article_id IS NULL OR n.pipeline_version != ? OR n.content_hash != a.content_hash)
                    ORDER BY a.id LIMIT ?""",
                (last_id, pipeline_version, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last_id = rows[-1]["id"]

    def count_to_analyze(self, pipeline_version: str) -> int:
        return self.conn.execute(
            """SELECT COUNT(*) FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
               WHERE a.deleted = 0 AND (n.article_id IS NULL OR n.pipeline_version != ?
                     OR n.content_hash != a.content_hash)""",
            (pipeline_version,),
        ).fetchone()[0]

    def save_analyses(self, items: Iterable[tuple[int, str, dict]]) -> None:
        """Store ``(article_id, pipeline_version, record)`` in one transaction; bumps the article's seq."""
        now = time.time()
        with self.lock, self.conn:
            for article_id, version, record in items:
                digest = self.conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
                if digest is None:
                    continue
                self.conn.execute(
                    "INSERT OR REPLACE INTO analyses(article_id, pipeline_version, content_hash, record, analyzed_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (article_id, version, digest[0], json.dumps(record, ensure_ascii=False), now),
                )
                self.conn.execute("UPDATE articles SET seq = ? WHERE id = ?", (self._next_seq(), article_id))

    def get_analysis(self, article_id: int) -> dict | None:
        row = self.conn.execute("SELECT record FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def iter_analyzed(self, since_seq: int = 0, batch: int = 500,
                      until_seq: int | None = None) -> Iterator[tuple[Article, dict | None]]:
        """``(article, analysis or None)`` for every change since ``since_seq`` (up to ``until_seq``),
        deletions included.

        This is what the indexer reads: a deleted article comes with ``deleted=True``.
        """
        changes = self.iter_articles(since_seq, include_deleted=True, batch=batch, until_seq=until_seq)
        for chunk in _chunks(changes, batch):
            ids = [a.id for a in chunk]
            marks = ",".join("?" * len(ids))
            records = {
                r[0]: json.loads(r[1])
                for r in self.conn.execute(f"SELECT article_id, record FROM analyses WHERE article_id IN ({marks})", ids)
            }
            for art in chunk:
                yield art, records.get(art.id)


    # -- crawler: fetch log and raw responses ------------------------------------------
    # Owned by the crawler. Raw bodies are zlib-compressed here and also written to WARC.

    def _insert_response(self, r: dict) -> int:
        """Store one HTTP exchange; call inside a transaction."""
        body = r.get("body")
        cur = self.conn.execute(
            """INSERT INTO responses(url, host, status, headers, content_type, body, body_size, truncated,
                                     fetched_at, elapsed, warc_file, warc_offset, error)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (r["url"], r["host"], r.get("status"), json.dumps(r.get("headers") or []), r.get("content_type"),
             zlib.compress(body, 6) if body else None, len(body or b""), int(bool(r.get("truncated"))),
             r.get("fetched_at") or time.time(), r.get("elapsed"), r.get("warc_file"), r.get("warc_offset"),
             r.get("error")),
        )
        return cur.lastrowid

    def save_response(self, response: dict) -> int:
        """Store one HTTP exchange (url, host, status, headers, body bytes, ...); returns its id."""
        with self.lock, self.conn:
            return self._insert_response(response)

    def get_response(self, response_id: int) -> dict | None:
        """The archived copy as Warta fetched it: url, status, headers, body (bytes), fetched_at, content_type,
        plus warc_file and warc_offset of its WARC record."""
        with self.lock:
            row = self.conn.execute(
                "SELECT url, status, headers, body, fetched_at, content_type, truncated, warc_file, warc_offset, error "
                "FROM responses WHERE id = ?", (response_id,)).fetchone()
        if row is None:
            return None
        return {"url": row["url"], "status": row["status"], "headers": [tuple(h) for h in json.loads(row["headers"])],
                "body": zlib.decompress(row["body"]) if row["body"] else b"", "fetched_at": row["fetched_at"],
                "content_type": row["content_type"], "truncated": bool(row["truncated"]),
                "warc_file": row["warc_file"], "warc_offset": row["warc_offset"], "error": row["error"]}

    def count_responses(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    # -- crawler: frontier and runs ------------------------------------------------------

    def start_run(self, targets: list[str]) -> int:
        with self.lock, self.conn:
            return self.conn.execute("INSERT INTO crawl_runs(started, targets) VALUES (?, ?)",
                                     (time.time(), json.dumps(targets))).lastrowid

    def finish_run(self, run: int, summary: str) -> None:
        with self.lock, self.conn:
            self.conn.execute("UPDATE crawl_runs SET finished = ?, summary = ? WHERE id = ?", (time.time(), summary, run))

    def enqueue(self, links: Iterable, run: int, refresh: bool = False) -> int:
        """Add crawler links (objects with url, kind, key, page, hints) to the frontier; returns how many are new.

        A known link stays as it is, unless ``refresh`` asks to fetch it again in this run
        (entry pages and listing pages whose next page may hold new bulletins).
        """
        with self.lock, self.conn:
            return self._enqueue(links, run, refresh)

    def _enqueue(self, links: Iterable, run: int, refresh: bool) -> int:
        from crawler.discover import host_of, priority

        added = 0
        for link in links:
            cur = self.conn.execute(
                """INSERT OR IGNORE INTO frontier(key, url, host, kind, page, priority, hints)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (link.key, link.url, host_of(link.url), link.kind, link.page,
                 priority(link),
                 json.dumps(link.hints) if link.hints else None))
            if cur.rowcount:
                added += 1
                continue
            # Found again nearer the front (a listing page after the sitemap): its turn comes sooner.
            self.conn.execute("UPDATE frontier SET priority = ?, page = ? WHERE key = ? AND state = 'pending' "
                              "AND priority > ? AND kind IN ('article', 'page')",
                              (priority(link), link.page, link.key, priority(link)))
            if link.hints:
                # Merge: what was learnt first stays, new kinds of hints are added.
                self.conn.execute("UPDATE frontier SET hints = json_patch(?, COALESCE(hints, '{}')) "
                                  "WHERE key = ? AND state = 'pending'", (json.dumps(link.hints), link.key))
                if link.hints.get("lastmod"):
                    # The sitemap says the page changed since it was fetched: fetch it again (conditionally).
                    self.conn.execute(
                        "UPDATE frontier SET state = 'pending', attempts = 0 "
                        "WHERE key = ? AND state = 'done' AND fetched_at < ? AND run < ?",
                        (link.key, link.hints["lastmod"], run))
            if refresh:
                self.conn.execute(
                    "UPDATE frontier SET state = 'pending', attempts = 0 WHERE key = ? AND state != 'pending' AND run < ?",
                    (link.key, run))
        return added

    def refresh_hosts(self, hosts: list[str], run: int) -> None:
        """At the start of a run: entry pages and first listing pages are fetched again (conditionally),
        and pages that failed last time get another chance."""
        with self.lock, self.conn:
            for host in hosts:
                self.conn.execute(
                    """UPDATE frontier SET state = 'pending', attempts = 0
                       WHERE host = ? AND run < ? AND (state = 'failed' OR (state = 'done' AND
                             (kind IN ('robots', 'home', 'sitemap', 'feed') OR (kind = 'listing' AND page = 1))))""",
                    (host, run))

    def next_pending(self, host: str) -> dict | None:
        with self.lock:
            row = self.conn.execute(
                "SELECT * FROM frontier WHERE host = ? AND state = 'pending' ORDER BY priority, id LIMIT 1", (host,)
            ).fetchone()
        return dict(row) if row else None

    def pending_hosts(self) -> list[str]:
        with self.lock:
            return [r[0] for r in self.conn.execute("SELECT DISTINCT host FROM frontier WHERE state = 'pending'")]

    def count_pending(self, hosts: list[str] | None = None) -> int:
        with self.lock:
            if hosts is None:
                return self.conn.execute("SELECT COUNT(*) FROM frontier WHERE state = 'pending'").fetchone()[0]
            marks = ",".join("?" * len(hosts))
            return self.conn.execute(f"SELECT COUNT(*) FROM frontier WHERE state = 'pending' AND host IN ({marks})",
                                     hosts).fetchone()[0]

    def known_before(self, keys: list[str], run: int) -> int:
        """How many of these keys were archived by an earlier run."""
        if not keys:
            return 0
        with self.lock:
            marks = ",".join("?" * len(keys))
            return self.conn.execute(
                f"SELECT COUNT(*) FROM frontier WHERE key IN ({marks}) AND state = 'done' AND run < ?", (*keys, run)
            ).fetchone()[0]

    def frontier_row(self, key: str) -> dict | None:
        with self.lock:
            row = self.conn.execute("SELECT * FROM frontier WHERE key = ?", (key,)).fetchone()
        return dict(row) if row else None

    def complete_fetch(self, frontier_id: int, run: int, state: str, response: dict | None = None,
                       article: Article | None = None, links: Iterable = (), refresh_links: Iterable = (),
                       etag: str | None = None, last_modified: str | None = None, error: str | None = None,
                       also_done: Iterable[str] = (), articles: Iterable[Article] = ()) -> tuple[int | None, list[str]]:
        """Record one frontier item's outcome in one transaction: its response, the article extracted
        from it, the links it offered, and its new state. A crash before the commit leaves the item
        pending, so it is fetched again; after, nothing is fetched twice.

        ``articles`` are further bulletins of the same page (a listing that shows them in full).
        Returns ``(response_id, statuses)``: new, changed or unchanged per article saved.
        """
        now = time.time()
        with self.lock, self.conn:
            response_id = self._insert_response(response) if response else None
            statuses = []
            for art in ([article] if article is not None else []) + list(articles):
                art.response_id = response_id
                statuses.append(self._upsert_article(art, now)[1])
            self._enqueue(links, run, refresh=False)
            self._enqueue(refresh_links, run, refresh=True)
            self.conn.execute(
                """UPDATE frontier SET state = ?, attempts = attempts + 1, status = ?, error = ?,
                          etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),
                          response_id = COALESCE(?, response_id), fetched_at = ?, run = ?
                   WHERE id = ?""",
                (state, response.get("status") if response else None, error, etag, last_modified, response_id,
                 now, run, frontier_id))
            for key in also_done:
                self.conn.execute("UPDATE frontier SET state = 'done', run = ?, fetched_at = ? WHERE key = ?",
                                  (run, now, key))
        return response_id, statuses

    # -- near-duplicate story groups (signatures computed by crawler.stories) ------------

    def story_candidates(self, bands: list[int], limit: int = 20) -> list[tuple[int, int | None, bytes, int]]:
        """``(article_id, story_id, signature, shared bands)`` of the articles sharing most LSH bands with ``bands``."""
        if not bands:
            return []
        with self.lock:
            marks = ",".join("?" * len(bands))
            return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(
                f"""SELECT a.id, a.story_id, s.signature, COUNT(*) AS hits FROM story_bands b
                    JOIN articles a ON a.id = b.article_id JOIN story_signatures s ON s.article_id = a.id
                    WHERE b.band IN ({marks}) AND a.deleted = 0
                    GROUP BY a.id ORDER BY hits DESC, a.id LIMIT ?""", (*bands, limit))]

    def save_stories(self, items: list[tuple[int, bytes, list[int], int, int | None]]) -> None:
        """``(article_id, signature, bands, story_id, previous story_id)`` in one transaction; an article's
        seq moves only when its story changes."""
        with self.lock, self.conn:
            for article_id, signature, bands, story, previous in items:
                self.conn.execute("DELETE FROM story_bands WHERE article_id = ?", (article_id,))
                self.conn.execute("INSERT OR REPLACE INTO story_signatures(article_id, signature) VALUES (?, ?)",
                                  (article_id, signature))
                self.conn.executemany("INSERT INTO story_bands(band, article_id) VALUES (?, ?)",
                                      [(b, article_id) for b in bands])
                if story != previous:
                    self.conn.execute("UPDATE articles SET story_id = ?, seq = ? WHERE id = ?",
                                      (story, self._next_seq(), article_id))

    def articles_without_signature(self, batch: int = 500) -> Iterator[Article]:
        last_id = 0
        while True:
            with self.lock:
                rows = self.conn.execute(
                    f"""SELECT {', '.join('a.' + c.strip() for c in ARTICLE_COLUMNS.split(','))} FROM articles a
                        LEFT JOIN story_signatures s ON s.article_id = a.id
                        WHERE a.id > ? AND a.deleted = 0 AND s.article_id IS NULL ORDER BY a.id LIMIT ?""",
                    (last_id, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last_id = rows[-1]["id"]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
