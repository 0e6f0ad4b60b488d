"""Matching and ranking plain word queries with numpy over Whoosh's postings.

Whoosh's matchers walk postings one document at a time in Python: a word found
in most of 100,000 bulletins costs seconds to score. For the common query (a
few plain words, all required) this module reads each term's postings a block
at a time into arrays, cached per index snapshot, and scores with BM25 in
numpy. Anything else (phrases, OR, NOT, field prefixes, wildcards) goes through
Whoosh's own matchers in ``index/search.py``.
"""

from __future__ import annotations

import json
import math
import pickle
import re
import threading
from collections import OrderedDict
from itertools import chain
from pathlib import Path

import numpy as np
from whoosh.system import _INT_SIZE

from index.analyzer import WORD_PATTERN, name_term, text_term

PLAIN_QUERY = re.compile(rf"^\s*(?:{WORD_PATTERN}\s*)+$")
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
FIELD_BOOSTS = {"title": 2.0, "body": 1.0, "names": 1.5}
K1, B = 1.2, 0.75
CACHED_TERMS = 512
# Terms in at least this share of a segment's documents (and this many) get their
# postings saved as arrays when the segment is written: they are the slow ones to read.
FREQUENT_SHARE, FREQUENT_MIN = 0.01, 256


def plain_words(query: str) -> list[str] | None:
    """The words of a query made only of plain words, else None."""
    if not PLAIN_QUERY.match(query):
        return None
    words = re.findall(WORD_PATTERN, query)
    if any(w in OPERATORS for w in words):
        return None
    return words


class PostingsCache:
    """Recently used term postings of one index snapshot, shared by the searchers that open it."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        # Phrase matches (index/matching.py): {(field, words): (matches, documents checked)}.
        self.phrases: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.lock = threading.Lock()
        self._norms: tuple[np.ndarray, np.ndarray] | None = None  # (lengths, their BM25 norms)

    def norms(self, lengths: np.ndarray) -> np.ndarray:
        """BM25's length normalization of every document: the same for every query of the snapshot, so
        computed once (it costs 0.9 ms at 190,000 documents, as much as scoring a common word)."""
        cached = self._norms
        if cached is None or cached[0] is not lengths:
            norms = _norms(lengths)
            norms.flags.writeable = False  # shared by every query and thread
            cached = self._norms = (lengths, norms)
        return cached[1]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.phrases.clear()


class Postings:
    """Term postings of one searcher as arrays of (global doc number, term frequency)."""

    def __init__(self, searcher, cache: PostingsCache | None = None, saved_dir: Path | None = None) -> None:
        self.searcher = searcher
        leaves = searcher.leaf_searchers()
        self.leaves = leaves if leaves else [(searcher, 0)]
        self.cache = cache or PostingsCache()
        self._cache = self.cache.entries
        self._lock = self.cache.lock
        self.saved_dir = saved_dir

    def get(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, term)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        ids_parts, tf_parts = [], []
        for sub, offset in self.leaves:
            reader = sub.reader()
            saved = saved_postings(self.saved_dir, reader, field) if self.saved_dir else None
            if saved is not None and term in saved.spans:
                ids, tfs = saved.get(term)
            elif (field, term) in reader:
                ids, tfs = _read_postings(reader.postings(field, term))
            else:
                continue
            ids_parts.append(ids + offset)
            tf_parts.append(tfs)
        found = (np.concatenate(ids_parts) if ids_parts else np.zeros(0, np.int64),
                 np.concatenate(tf_parts) if tf_parts else np.zeros(0, np.float32))
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > CACHED_TERMS:
                self._cache.popitem(last=False)
        return found


def _read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    ids, tfs, _ = _read_blocks(matcher, positions=False)
    return ids, tfs


def _read_blocks(matcher, positions: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """A term's (document ids, term frequencies, and if asked every position, document after document)."""
    matcher = getattr(matcher, "child", matcher)  # deletions are masked by the caller
    ids, tfs, deltas = [], [], []
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        # Whoosh's on-disk postings (codec whoosh3): whole blocks at a time,
        # decoded with numpy instead of Whoosh's per-posting Python loop.
        while matcher.is_active():
            matcher._read_data()
            raw_ids, raw_weights = matcher._data[0], matcher._data[1]
            block_ids = np.asarray(raw_ids, dtype=np.int64)
            ids.append(block_ids if matcher._byteids else np.cumsum(block_ids))
            if raw_weights is None or isinstance(raw_weights, float):
                tfs.append(np.full(len(block_ids), raw_weights or 1.0, dtype=np.float32))
            else:
                tfs.append(np.asarray(raw_weights, dtype=np.float32))
            if positions:
                matcher._read_values()
                deltas += decode_positions(matcher._values)
            matcher._next_block()
    else:
        one_ids, one_tfs = [], []
        while matcher.is_active():
            one_ids.append(matcher.id())
            one_tfs.append(matcher.weight())
            if positions:
                found = sorted(matcher.value_as("positions"))
                deltas.append([found[0], *np.diff(found).tolist()] if found else [])
            matcher.next()
        ids, tfs = [np.array(one_ids, np.int64)], [np.array(one_tfs, np.float32)]
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.int64) if positions else None
    return np.concatenate(ids), np.concatenate(tfs), running_positions(deltas)[1] if positions else None


def decode_positions(values: list[bytes]) -> list[list[int]]:
    """Position deltas of Whoosh's Positions format (a count, then a pickled list without its STOP).

    The lists are unpickled in one call, as items of one outer list: one
    ``pickle.loads`` per block instead of one per document.
    """
    body = b"".join(v[_INT_SIZE:-1] if v.endswith(b".") else v[_INT_SIZE:] for v in values)
    return pickle.loads(b"\x80\x02(" + body + b"l.")


def running_positions(delta_lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(count, positions) of postings given as lists of position deltas: positions are running sums
    of the deltas, restarted at each document."""
    counts = np.fromiter(map(len, delta_lists), dtype=np.int64, count=len(delta_lists))
    deltas = np.fromiter(chain.from_iterable(delta_lists), dtype=np.int64, count=int(counts.sum()))
    running = np.cumsum(deltas)
    firsts = np.cumsum(counts) - counts
    before = np.repeat(np.concatenate(([0], running))[firsts], counts)
    return counts, running - before


class SavedPostings:
    """The frequent terms' postings of one segment and field, memory-mapped, with their positions."""

    def __init__(self, stem_path: Path) -> None:
        self.spans = json.loads(stem_path.with_suffix(".terms.json").read_text())
        self.ids = np.load(stem_path.with_suffix(".ids.npy"), mmap_mode="r")
        self.tfs = np.load(stem_path.with_suffix(".tfs.npy"), mmap_mode="r")
        positions = stem_path.with_suffix(".positions.npy")  # absent in caches of older versions
        self.positions = np.load(positions, mmap_mode="r") if positions.exists() else None
        self.position_spans = json.loads(stem_path.with_suffix(".pspans.json").read_text()) if positions.exists() else {}

    def get(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.spans[term]
        return self.ids[start:end].astype(np.int64), np.asarray(self.tfs[start:end])

    def positions_of(self, term: str, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """(document, position) of every occurrence of ``term`` in the documents marked in ``docs``
        (segment numbering), or None when the positions were not saved."""
        if self.positions is None or term not in self.position_spans:
            return None
        start, end = self.spans[term]
        ids = self.ids[start:end].astype(np.int64)
        counts = np.asarray(self.tfs[start:end]).astype(np.int64)  # a Positions field's weight is its count
        first, last = self.position_spans[term]
        keep = np.repeat(docs[ids], counts)
        return np.repeat(ids, counts)[keep], self.positions[first:last][keep].astype(np.int64)


_SAVED: dict[tuple[str, str], SavedPostings | None] = {}
_SAVED_LOCK = threading.Lock()


def saved_postings(saved_dir: Path, reader, field: str) -> SavedPostings | None:
    segment = reader.segment()
    if segment is None:
        return None
    key = (f"{saved_dir}/{segment.segment_id()}", field)
    with _SAVED_LOCK:
        if key not in _SAVED:
            stem_path = Path(saved_dir) / f"{segment.segment_id()}-{field}"
            _SAVED[key] = SavedPostings(stem_path) if stem_path.with_suffix(".terms.json").exists() else None
        return _SAVED[key]


def save_frequent_postings(reader, saved_dir: Path, fields=tuple(FIELD_BOOSTS)) -> None:
    """Write the postings and positions of a segment's frequent terms as arrays (once per segment;
    segments never change): ranking reads them instead of Whoosh's blocks, and phrases of common
    words are checked without decoding Whoosh's pickled positions."""
    segment = reader.segment()
    if segment is None:
        return
    saved_dir.mkdir(parents=True, exist_ok=True)
    threshold = max(FREQUENT_MIN, FREQUENT_SHARE * reader.doc_count_all())
    for field in fields:
        stem_path = saved_dir / f"{segment.segment_id()}-{field}"
        if field not in reader.schema:
            continue
        # Positions are saved where a posting's weight is its number of positions.
        field_format = reader.schema[field].format
        with_positions = field_format.supports("positions") and field_format.field_boost == 1.0
        if stem_path.with_suffix(".terms.json").exists() and (
                not with_positions or stem_path.with_suffix(".pspans.json").exists()):
            continue  # done (a cache of an older version gets its positions now)
        spans, position_spans, parts, size, position_count = {}, {}, ([], [], []), 0, 0
        for text, info in reader.iter_field(field):
            if info.doc_frequency() < threshold:
                continue
            found = _read_blocks(reader.postings(field, text), with_positions)
            key = text.decode("utf-8") if isinstance(text, bytes) else text
            spans[key] = (size, size + len(found[0]))
            size += len(found[0])
            if with_positions:
                position_spans[key] = (position_count, position_count + len(found[2]))
                position_count += len(found[2])
            for part, array in zip(parts, found):
                if array is not None:
                    part.append(array)
        ids, tfs, positions = (np.concatenate(part) if part else np.zeros(0, np.int64) for part in parts)
        _replace(stem_path.with_suffix(".ids.npy"), ids.astype(np.uint32))
        _replace(stem_path.with_suffix(".tfs.npy"), tfs.astype(np.float32))
        if with_positions:
            small = not len(positions) or positions.max() < 2 ** 16
            _replace(stem_path.with_suffix(".positions.npy"), positions.astype(np.uint16 if small else np.uint32))
            _replace(stem_path.with_suffix(".pspans.json"), json.dumps(position_spans))
        _replace(stem_path.with_suffix(".terms.json"), json.dumps(spans))  # last: its presence means complete


def _replace(path: Path, content: np.ndarray | str) -> None:
    """Write a new file in place of ``path`` by renaming: a reader that has the old one mapped keeps it."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        if isinstance(content, str):
            fh.write(content.encode("utf-8"))
        else:
            np.save(fh, content)
    tmp.replace(path)


def word_terms(word: str) -> list[tuple[str, str, float]]:
    """(field, term, boost) that one query word is looked up as; none for a stop word or title."""
    term = text_term(word)
    if not term:
        return []
    out = [("title", term, FIELD_BOOSTS["title"]), ("body", term, FIELD_BOOSTS["body"])]
    name = name_term(word)
    if name:
        out.append(("names", name, FIELD_BOOSTS["names"]))
    return out


def match_and_score(postings: Postings, words: list[str], doc_count: int, lengths: np.ndarray,
                    live_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """(mask of documents having every word in some field, BM25 scores over all documents)."""
    mask = np.ones(doc_count, dtype=bool)
    scores = np.zeros(doc_count, dtype=np.float32)
    norms = postings.cache.norms(lengths)
    used = 0
    for word in words:
        terms = word_terms(word)
        if not terms:
            continue  # a stop word: it neither restricts nor ranks
        used += 1
        has_word = np.zeros(doc_count, dtype=bool)
        for field, term, boost in terms:
            ids, tfs = postings.get(field, term)
            if len(ids):
                has_word[ids] = True
                _add_bm25(scores, ids, tfs, field, boost, norms, live_docs)
        mask &= has_word
    if not used:
        mask[:] = True  # only stop words: like an empty query
    return mask, scores


def score_terms(postings: Postings, terms: list[tuple[str, str, float]], doc_count: int, lengths: np.ndarray,
                live_docs: int) -> np.ndarray:
    """BM25 scores over all documents for (field, term, boost) triples, as plain words are ranked."""
    scores = np.zeros(doc_count, dtype=np.float32)
    norms = postings.cache.norms(lengths)
    for field, term, boost in dict.fromkeys(terms):  # a term twice in the query counts once
        ids, tfs = postings.get(field, term)
        if len(ids):
            _add_bm25(scores, ids, tfs, field, boost, norms, live_docs)
    return scores


def _norms(lengths: np.ndarray) -> np.ndarray:
    avg_length = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
    return K1 * (1 - B + B * lengths.astype(np.float32) / avg_length)


def _add_bm25(scores, ids, tfs, field, boost, norms, live_docs) -> None:
    idf = math.log(1 + (live_docs - len(ids) + 0.5) / (len(ids) + 0.5))
    norm = norms[ids] if field == "body" else K1
    scores[ids] += boost * idf * tfs * (K1 + 1) / (tfs + norm)
