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
        results = []
        now = time.time()
        with self.lock, self.conn:
            for art in articles:
                digest = art.content_hash
                row = self.conn.execute(
                    "SELECT id, content_hash, deleted FROM articles WHERE url = ?", (art.url,)
                ).fetchone()
                if row and row["content_hash"] == digest and not row["deleted"]:
                    results.append((row["id"], "unchanged"))
                    continue
                values = dict(
                    url=art.url, site=art.site, category=art.category, title=art.title,
                    published=art.published, text=art.text, captions=json.dumps(art.captions, ensure_ascii=False),
                    source=art.source, response_id=art.response_id, content_hash=digest,
                    updated_at=now, seq=self._next_seq(),
                )
                if row:
                    sets = ", ".join(f"{k} = :{k}" for k in values)
                    self.conn.execute(f"UPDATE articles SET {sets}, deleted = 0 WHERE id = :id", {**values, "id": row["id"]})
                    results.append((row["id"], "changed"))
                else:
                    cols = ", ".join(values)
                    marks = ", ".join(f":{k}" for k in values)
                    cur = self.conn.execute(
                        f"INSERT INTO articles({cols}, first_seen) VALUES ({marks}, :first_seen)",
                        {**values, "first_seen": now},
                    )
                    results.append((cur.lastrowid, "new"))
        return results

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

    def iter_articles(self, since_seq: int = 0, include_deleted: bool = False, batch: int = 500) -> Iterator[Article]:
        """Articles whose seq is above ``since_seq``, in seq order, streamed in batches."""
        cond = "" if include_deleted else "AND deleted = 0"
        last = since_seq
        while True:
            rows = self.conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ? {cond} ORDER BY seq LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1]["seq"]

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

    def iter_analyzed(self, since_seq: int = 0, batch: int = 500) -> Iterator[tuple[Article, dict | None]]:
        """``(article, analysis or None)`` for every change since ``since_seq``, deletions included.

        This is what the indexer reads: a deleted article comes with ``deleted=True``.
        """
        for chunk in _chunks(self.iter_articles(since_seq, include_deleted=True, batch=batch), batch):
            ids = [a.id for a in chunk]
            marks = ",".join("?" * len(ids))
            records = {
                r[0]: json.loads(r[1])
                for r in self.conn.execute(f"SELECT article_id, record FROM analyses WHERE article_id IN ({marks})", ids)
            }
            for art in chunk:
                yield art, records.get(art.id)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
