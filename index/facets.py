"""Facet values and fast facet counting, beside the Whoosh index.

Whoosh's own ``groupedby`` walks the facet field's whole lexicon per query (8 s
for five facets at 100k bulletins). Instead:

- ``FacetStore`` (SQLite, ``facets.sqlite3`` in the index generation) gives every
  facet value a small integer id once, at index time. It also keeps the indexer's
  progress (last archive seq), person aliases and the word list for "did you mean".
- Every Whoosh document carries its value ids packed in a column (``doc_pack``):
  the publication date as YYYYMMDD, the article id, the text length (for
  ranking), then the value ids.
- ``FacetArrays`` turns a searcher's segments into flat numpy arrays (one
  ``(doc, value)`` pair per facet value; one date per document), cached per
  segment on disk and per searcher generation in memory. Counting the facets of
  any set of matching documents is then one ``bincount``; filtering is array
  lookups. Segments never change once written (deletions are a separate set),
  so the cache is invalidated simply by a commit creating new segments.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from whoosh.columns import TranslatingColumnReader, VarBytesColumn

# Facets the index keeps: the user-facing ones, "place" (any level, for
# filtering), "kind" (article or quote), and each person's roles and aliases
# (keys "<person key>\t<role or alias>", for person pages).
ALL_FACETS = ("kind", "event_type", "person", "role", "position", "body", "org", "place", "province", "regency", "site",
              "year", "month", "person_role", "person_alias")
PERSON_SEP = "\t"
PER_PERSON = ("person_role", "person_alias")
SPARSE_SHARE = 2  # below half the documents, reading each one's slice of pairs beats a pass over all pairs
CACHED_MASKS = 64  # filter masks kept per index snapshot (one byte per document each)

STORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facet_values (
    id INTEGER PRIMARY KEY,
    facet TEXT NOT NULL,
    key TEXT NOT NULL,          -- folded form, what filters match
    display TEXT NOT NULL,      -- the form first seen, what users see
    UNIQUE (facet, key)
);
CREATE TABLE IF NOT EXISTS aliases (alias_key TEXT NOT NULL, person_key TEXT NOT NULL,
                                    PRIMARY KEY (alias_key, person_key));
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
"""


HEADER = 3  # date, article id, length, then the value ids
# Bumped whenever documents or analysis change shape; an index of another format is rebuilt.
INDEX_FORMAT = "7"  # 7: spelling keys of names (6: position and body facets of roles)


def pack(date_int: int, article_id: int, length: int, value_ids: Iterable[int]) -> bytes:
    """A document's column value: date (YYYYMMDD, 0 if unknown), article id, length in words, facet value ids."""
    return array("I", [date_int, article_id, length, *sorted(set(value_ids))]).tobytes()


def unpack(data: bytes) -> array:
    out = array("I")
    out.frombytes(data)
    return out


class FacetStore:
    """The facet vocabulary and indexer bookkeeping of one index generation."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
        else:
            self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.executescript(STORE_SCHEMA)
            self.conn.commit()
        self._ids: dict[tuple[str, str], int] = {}

    def close(self) -> None:
        self.conn.close()

    # -- writing (the indexer) ---------------------------------------------------

    def value_id(self, facet: str, key: str, display: str) -> int:
        """The id of a facet value, created on first sight (committed with ``commit``)."""
        found = self._ids.get((facet, key))
        if found is not None:
            return found
        row = self.conn.execute("SELECT id FROM facet_values WHERE facet = ? AND key = ?", (facet, key)).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO facet_values(facet, key, display) VALUES (?, ?, ?)", (facet, key, display)
            )
            found = cur.lastrowid
        else:
            found = row[0]
        self._ids[(facet, key)] = found
        return found

    def value_ids(self, values: Iterable[tuple[str, str, str]]) -> list[int]:
        """``value_id`` of each (facet, key, display), looked up in one loop (the writer's per-document path)."""
        known = self._ids.get
        return [known((facet, key)) or self.value_id(facet, key, display) for facet, key, display in values]

    def add_alias(self, alias_key: str, person_key: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?)", (alias_key, person_key))

    def commit(self) -> None:
        self.conn.commit()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- reading (the searcher) ----------------------------------------------------

    def vocabulary(self) -> "Vocabulary":
        """The values shown as facets. Per-person values (many) are looked up when needed."""
        rows = self.conn.execute(
            "SELECT id, facet, key, display FROM facet_values WHERE facet NOT IN (?, ?) ORDER BY id", PER_PERSON
        ).fetchall()
        size = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM facet_values").fetchone()[0]
        aliases = self.conn.execute("SELECT alias_key, person_key FROM aliases").fetchall()
        return Vocabulary(rows, aliases, size)

    def person_values(self, facet: str, person_key: str) -> list[tuple[int, str]]:
        """(id, display) of one person's ``person_role`` or ``person_alias`` values."""
        prefix = person_key + PERSON_SEP
        return self.conn.execute(
            "SELECT id, display FROM facet_values WHERE facet = ? AND key >= ? AND key < ? ORDER BY id",
            (facet, prefix, prefix + "\uffff"),
        ).fetchall()

    def similar_words(self, word: str, limit: int = 5000) -> list[tuple[str, int]]:
        """Indexed words sharing the first letters of ``word`` and about its length."""
        prefix = word[:2] if len(word) > 4 else word[:1]
        return self.conn.execute(
            "SELECT word, n FROM words WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ? LIMIT ?",
            (prefix, prefix + "\uffff", len(word) - 2, len(word) + 2, limit),
        ).fetchall()

    def word_count(self, word: str) -> int:
        row = self.conn.execute("SELECT n FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else 0


def generation_format(generation: Path) -> str | None:
    """The format an index generation was written in (None: unknown or unreadable)."""
    path = Path(generation) / "facets.sqlite3"
    if not path.exists():
        return None
    try:
        store = FacetStore(path, readonly=True)
        try:
            return store.get_meta("format")
        finally:
            store.close()
    except sqlite3.Error:
        return None


class Vocabulary:
    """All facet values in memory: id -> (facet, key, display), and (facet, key) -> id."""

    def __init__(self, rows: list[tuple[int, str, str, str]], aliases: list[tuple[str, str]], size: int) -> None:
        self.size = size
        self.facet_of = np.full(size, -1, dtype=np.int16)
        self.key = [""] * size
        self.display = [""] * size
        self.by_key: dict[tuple[str, str], int] = {}
        for vid, facet, key, display in rows:
            self.facet_of[vid] = ALL_FACETS.index(facet)
            self.key[vid] = key
            self.display[vid] = display
            self.by_key[(facet, key)] = vid
        self.ids_of_facet = {f: np.nonzero(self.facet_of == i)[0] for i, f in enumerate(ALL_FACETS)}
        self.aliases: dict[str, list[str]] = {}
        for alias_key, person_key in aliases:
            self.aliases.setdefault(alias_key, []).append(person_key)

    def lookup(self, facet: str, key: str) -> int | None:
        return self.by_key.get((facet, key))


# The arrays a FacetArrays holds, saved per snapshot (see ``FacetArrays``).
SNAPSHOT_ARRAYS = ("pair_docs", "pair_vals", "dates", "article_ids", "lengths", "live", "pair_start")


def snapshot_name(searcher) -> str:
    """Names one snapshot of an index generation: its segments and how many deletions each has."""
    segments = []
    for reader, _ in searcher.reader().leaf_readers():
        segment = reader.segment()
        segments.append((segment.segment_id(), segment.deleted_count()) if segment is not None else None)
    return hashlib.sha1(repr(segments).encode()).hexdigest()[:16]


class FacetArrays:
    """Per-document facet values of one searcher, as numpy arrays over global doc numbers.

    Built from the segments' own cached arrays, then saved once per snapshot
    (``snap-<name>.*.npy`` in ``cache_dir``): every later searcher of the same
    snapshot, a `warta search` process or a web app reopening after a commit,
    maps those files instead of rebuilding (which costs a pass over every pair).
    """

    def __init__(self, searcher, cache_dir: Path) -> None:
        self.snapshot = snapshot_name(searcher)
        arrays = _load_snapshot(cache_dir, self.snapshot)
        if arrays is None:
            arrays = _build_arrays(searcher, cache_dir)
            _save_snapshot(cache_dir, self.snapshot, arrays)
        for key in SNAPSHOT_ARRAYS:
            setattr(self, key, arrays[key])
        self.doc_count = len(self.dates)
        self._in_order = bool(arrays["in_order"])
        self._masks: OrderedDict[tuple, np.ndarray] = OrderedDict()  # kinds and frequent filters
        self._counts: dict[tuple, np.ndarray] = {}  # facet counts of whole kinds (see ``count``)
        self._newest_first: np.ndarray | None = None
        self._lock = threading.Lock()

    def newest_first(self) -> np.ndarray:
        """Every doc number, newest first; the same date (or none, 0) by higher doc number first.

        Sorted once per snapshot: the newest matches of a search are then its
        mask read in this order, instead of a sort of every match per search.
        """
        order = self._newest_first
        if order is None:
            keys = self.dates.astype(np.int64) * (1 << 32) + np.arange(self.doc_count, dtype=np.int64)
            order = np.argsort(-keys)
            order.flags.writeable = False
            self._newest_first = order
        return order

    def docs_with(self, value_ids: Iterable[int]) -> np.ndarray:
        """A boolean mask (read-only, cached) of the documents having any of ``value_ids``."""
        key = tuple(sorted(set(value_ids)))
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        ids = np.asarray(key, dtype=np.uint32)
        mask = np.zeros(self.doc_count, dtype=bool)
        if len(ids) == 1:  # one pass over the pairs
            mask[self.pair_docs[self.pair_vals == ids[0]]] = True
        elif len(ids):
            mask[self.pair_docs[np.isin(self.pair_vals, ids)]] = True
        mask.flags.writeable = False
        with self._lock:
            self._masks[key] = mask
            while len(self._masks) > CACHED_MASKS:
                self._masks.popitem(last=False)
        return mask

    def date_mask(self, lo: int | None, hi: int | None) -> np.ndarray:
        mask = np.ones(self.doc_count, dtype=bool)
        if lo is not None:
            mask &= self.dates >= lo
        if hi is not None:
            mask &= (self.dates <= hi) & (self.dates > 0)
        return mask

    def count(self, mask: np.ndarray, vocab_size: int, within: tuple[object, np.ndarray] | None = None) -> np.ndarray:
        """How many matching documents carry each value id.

        ``within``: ``(key, superset of mask)``, e.g. all documents of one kind. Its
        counts are kept per key; a mask holding most of it is then counted as those
        counts minus the counts of the few documents it leaves out (exact: counts add up).
        """
        if not len(self.pair_vals):
            return np.zeros(vocab_size, dtype=np.int64)
        if within is not None:
            key, superset = within
            left_out = superset & ~mask
            if 2 * int(left_out.sum()) < int(superset.sum()) and not (mask & ~superset).any():
                return self._whole_count(key, superset, vocab_size) - self.count(left_out, vocab_size)
        return np.bincount(self.pair_vals[self.pairs_of(mask)], minlength=vocab_size)

    def _whole_count(self, key: object, superset: np.ndarray, vocab_size: int) -> np.ndarray:
        with self._lock:
            cached = self._counts.get((key, vocab_size))
        if cached is None:
            cached = self.count(superset, vocab_size)
            cached.flags.writeable = False
            with self._lock:
                self._counts[(key, vocab_size)] = cached
        return cached

    def pairs_of(self, mask: np.ndarray) -> np.ndarray:
        """An index (positions or a boolean mask) into ``pair_docs``/``pair_vals``: the pairs of ``mask``'s documents.

        A few documents (a person, a narrow search) are read as their slices,
        costing what they hold; many are picked by one pass over all pairs.
        """
        docs = np.flatnonzero(mask)
        if not self._in_order or len(docs) * SPARSE_SHARE > self.doc_count:
            return mask[self.pair_docs]
        starts, ends = self.pair_start[docs], self.pair_start[docs + 1]
        lengths = ends - starts
        # Slice i's positions are starts[i] + 0..lengths[i]-1: one arange, shifted per slice.
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        return np.arange(int(lengths.sum()), dtype=np.int64) + shift


def _build_arrays(searcher, cache_dir: Path) -> dict[str, np.ndarray]:
    parts: dict[str, list] = {key: [] for key in ("pair_docs", "pair_vals", "dates", "article_ids", "lengths", "live")}
    for sub, offset in _leaves(searcher):
        docs, vals, dates, articles, lengths = _segment_arrays(sub.reader(), cache_dir)
        live = np.ones(len(dates), dtype=bool)
        if sub.reader().has_deletions():
            live[np.array(sorted(sub.reader().deleted_docs_set), dtype=np.int64)] = False
        for key, part in (("pair_docs", docs.astype(np.uint32) + np.uint32(offset)),  # 4 bytes a pair
                          ("pair_vals", vals), ("dates", dates), ("article_ids", articles),
                          ("lengths", lengths), ("live", live)):
            parts[key].append(part)
    empty = {"live": np.zeros(0, bool)}
    arrays = {key: np.concatenate(found) if found else empty.get(key, np.zeros(0, np.uint32))
              for key, found in parts.items()}
    # Pairs come in document order, so a document's pairs are one slice: pair_start[d]:pair_start[d + 1].
    pair_docs, doc_count = arrays["pair_docs"], len(arrays["dates"])
    per_doc = np.bincount(pair_docs, minlength=doc_count) if len(pair_docs) else np.zeros(doc_count, np.int64)
    arrays["pair_start"] = np.concatenate(([0], np.cumsum(per_doc))).astype(np.int64)
    arrays["in_order"] = np.array(bool(np.all(pair_docs[1:] >= pair_docs[:-1])))
    return arrays


def _load_snapshot(cache_dir: Path, name: str) -> dict[str, np.ndarray] | None:
    """A saved snapshot's arrays, memory-mapped (read-only); None if it was never saved whole."""
    done = cache_dir / f"snap-{name}.in_order.npy"  # saved last: its presence means complete
    if not done.exists():
        return None
    try:
        return {key: np.load(cache_dir / f"snap-{name}.{key}.npy", mmap_mode="r")
                for key in (*SNAPSHOT_ARRAYS, "in_order")}
    except (OSError, ValueError):  # removed by a newer index run meanwhile, or cut short: rebuild
        return None


def _save_snapshot(cache_dir: Path, name: str, arrays: dict[str, np.ndarray]) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for key in (*SNAPSHOT_ARRAYS, "in_order"):
            tmp = cache_dir / f"snap-{name}.{key}.tmp{os.getpid()}.npy"
            np.save(tmp, arrays[key])
            tmp.replace(cache_dir / f"snap-{name}.{key}.npy")
    except OSError:  # a read-only index: searches still work, they rebuild the arrays each time
        pass


def _leaves(searcher) -> list:
    leaves = searcher.leaf_searchers()
    return leaves if leaves else [(searcher, 0)]


def _segment_arrays(reader, cache_dir: Path) -> tuple[np.ndarray, ...]:
    """(doc, value) pairs, per-doc dates, article ids and lengths of one segment, from its disk cache or column."""
    segid = reader.segment().segment_id() if reader.segment() is not None else None
    path = cache_dir / f"{segid}.npz" if segid else None
    if path is not None and path.exists():
        with np.load(path) as data:
            return data["docs"], data["vals"], data["dates"], data["articles"], data["lengths"]
    count = reader.doc_count_all()
    if reader.has_column("facets"):
        docs, vals, dates, articles, lengths = decode_rows(*_column_bytes(reader.column_reader("facets"), count))
    else:
        docs = vals = np.zeros(0, dtype=np.uint32)
        dates, articles, lengths = (np.zeros(count, dtype=np.uint32) for _ in range(3))
    if path is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, docs=docs, vals=vals, dates=dates, articles=articles, lengths=lengths)
        tmp.replace(path)
    return docs, vals, dates, articles, lengths


def _column_bytes(column, count: int) -> tuple[bytes, np.ndarray]:
    """All rows of a ``VarBytesColumn`` as one byte string, and each row's length in bytes.

    The rows lie back to back in the segment file, so one read fetches them all;
    a per-document read costs a Python call each (0.6 s at 190k documents).
    """
    if isinstance(column, TranslatingColumnReader):
        column = column.raw_column()
    if isinstance(column, VarBytesColumn.Reader):  # whoosh internals, read-only: offsets follow the lengths
        row_lengths = np.asarray(column._lengths, dtype=np.int64)
        total = int(row_lengths.sum())
        data = column._dbfile.get(column._basepos, total) if total else b""
        return bytes(data), row_lengths
    rows = [column[docnum] for docnum in range(count)]
    return b"".join(rows), np.fromiter(map(len, rows), dtype=np.int64, count=count)


def decode_rows(data: bytes, row_lengths: np.ndarray) -> tuple[np.ndarray, ...]:
    """(doc, value) pairs, dates, article ids and lengths from the packed rows of ``pack``, back to back.

    Empty rows (no value stored) give zeros and no pairs.
    """
    words = np.frombuffer(data, dtype=np.uint32)
    per_row = row_lengths // 4
    starts = np.cumsum(per_row) - per_row
    count = len(row_lengths)
    dates, articles, lengths = (np.zeros(count, dtype=np.uint32) for _ in range(3))
    filled = np.flatnonzero(per_row >= HEADER)
    for column, out in enumerate((dates, articles, lengths)):
        out[filled] = words[starts[filled] + column]
    # Every word that is not one of a row's three header words is a value id.
    is_value = np.ones(len(words), dtype=bool)
    for column in range(HEADER):
        is_value[starts[filled] + column] = False
    n_values = np.where(per_row >= HEADER, per_row - HEADER, 0)
    docs = np.repeat(np.arange(count, dtype=np.uint32), n_values)
    vals = words[is_value].copy()
    return docs, vals, dates, articles, lengths
