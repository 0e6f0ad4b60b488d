"""Bring the index up to date with the archive (``warta index``).

Incremental: the index remembers the last archive ``seq`` it has seen and reads
only what changed since (new, changed, analyzed again, or deleted articles).
Each batch is one Whoosh commit, which is atomic: readers keep their snapshot
until they reopen, and a crash loses at most the batch being written (the next
run redoes it; every update replaces the article's documents by its id, so
redoing is harmless). ``rebuild`` writes a fresh generation beside the live one
and switches to it only at the end. One writer at a time: a second one waits
for the first (a lock file, released by the OS if a writer dies).

Documents are prepared by ``index.documents`` (in a worker process when a core
is spare), segments written by ``index.bulk_writer.BulkSegmentWriter`` (Whoosh's
format, written faster), "did you mean" counts kept by ``index.word_counts``.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from crawler.archive import Archive
from index.bulk_writer import BulkSegmentWriter
from index.documents import CHUNK, PreparedArticle, prepared_articles
from index.facets import INDEX_FORMAT, FacetArrays, FacetStore, generation_format, pack
from index.ranking import save_frequent_postings
from index.schema import ARTICLE, IndexLocation, build_schema
from index.word_counts import WordCounts

BATCH = 2000  # articles per commit: bounds memory and the work a crash can lose
# A rebuild is switched to only when complete, so a crash loses it whatever the
# commits; bigger segments there mean fewer merges. The postings of 10,000
# bulletins take about 100 MB while they wait for their commit.
REBUILD_BATCH = 10_000
WRITER_MB = 128


def update_index(settings, rebuild: bool = False, batch: int | None = None, workers: int | None = None) -> str:
    """Index what changed in the archive since the last run; returns a summary line.

    ``batch``: articles per commit (smaller: less memory and less lost to a
    crash); default ``BATCH``, or ``REBUILD_BATCH`` when building a new index.
    ``workers``: processes preparing documents beside the writer (default: one
    per spare core for large runs; 0: none).
    """
    if not Path(settings.archive_path).exists():
        return "no archive yet: nothing to index (run `warta crawl` or `warta ingest` first)"
    location = IndexLocation(settings.index_dir)
    with _write_lock(location.root):
        generation = location.current()
        outdated = generation is not None and generation_format(generation) != INDEX_FORMAT
        fresh = rebuild or generation is None or outdated
        if fresh:
            generation = location.new_generation()
        started = time.monotonic()
        with Archive(settings.archive_path, readonly=True) as archive:
            counts = _index_changes(archive, generation, fresh, batch or (REBUILD_BATCH if fresh else BATCH),
                                    workers)
        if fresh:
            location.switch_to(generation)
    elapsed = time.monotonic() - started
    docs = counts["articles"] + counts["quotes"]
    rate = f", {docs / elapsed:.0f} docs/s" if elapsed > 0 and docs else ""
    why = " (the old index had an older format)" if outdated and not rebuild else ""
    return (f"{'rebuilt' if fresh else 'updated'} index{why}: {counts['articles']} articles and {counts['quotes']} "
            f"quotes indexed, {counts['deleted']} deleted, in {elapsed:.1f} s{rate}")


def open_or_create(generation: Path):
    whoosh_dir = generation / "whoosh"
    whoosh_dir.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(whoosh_dir):
        return whoosh_index.open_dir(whoosh_dir)
    return whoosh_index.create_in(whoosh_dir, build_schema())


def _workers(asked: int | None, changes: int) -> int:
    """Processes that prepare documents beside the writer: one per spare core, at most two (the writer
    is the slower side), none for a few changes."""
    if asked is not None:
        return asked
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    spare = cores - 1
    return min(2, spare) if changes >= 4 * CHUNK else 0


def _index_changes(archive: Archive, generation: Path, fresh: bool, batch_size: int,
                   workers: int | None) -> dict[str, int]:
    ix = open_or_create(generation)
    store = FacetStore(generation / "facets.sqlite3")
    words = WordCounts(store.conn)
    counts = {"articles": 0, "quotes": 0, "deleted": 0}
    writer = None
    try:
        if fresh:
            store.set_meta("format", INDEX_FORMAT)
        since = int(store.get_meta("last_seq", "0"))
        total = archive.conn.execute("SELECT COUNT(*) FROM articles WHERE seq > ?", (since,)).fetchone()[0]
        progress = tqdm(total=total, unit="article", desc="indexing", disable=None, file=sys.stderr)
        writer, in_batch = None, 0
        for prepared in prepared_articles(archive, since, _workers(workers, total)):
            if writer is None:
                # Plain segment files: Whoosh copies a compound segment's postings into memory on open.
                writer = BulkSegmentWriter(ix, limitmb=WRITER_MB, compound=False)
            _write_article(writer, prepared, store, words, fresh, counts)
            in_batch += 1
            if in_batch >= batch_size:
                _commit(writer, store, words, prepared.seq)
                progress.update(in_batch)
                writer, in_batch = None, 0
        if writer is not None:
            _commit(writer, store, words, prepared.seq)
            progress.update(in_batch)
        progress.close()
        if counts["articles"] + counts["quotes"] + counts["deleted"] > 0:
            _warm_facet_cache(ix, generation)
    finally:
        if writer is not None and not writer.is_closed:  # an error mid-batch: drop its unfinished segment
            writer.cancel()
        store.close()
    return counts


def _write_article(writer, prepared: PreparedArticle, store: FacetStore, words: WordCounts,
                   fresh: bool, counts: dict[str, int]) -> None:
    """Replace the article's documents (none if it was deleted) and its words for "did you mean"."""
    if not fresh:
        writer.delete_by_term("parent", str(prepared.id))
    if prepared.deleted:
        words.replace(prepared.id, None, known=not fresh)
        counts["deleted"] += 1
        return
    for alias_key, person_key in prepared.aliases:
        store.add_alias(alias_key, person_key)
    for doc in prepared.docs:
        writer.add_document(**with_facet_ids(doc, store))
        counts["articles" if doc["kind"] == ARTICLE else "quotes"] += 1
    words.replace(prepared.id, prepared.words, known=not fresh)


def with_facet_ids(doc: dict, store: FacetStore) -> dict:
    """The document as Whoosh takes it: its facet values packed as ids of this index's facet store."""
    facets = doc["facets"]
    ids = store.value_ids(facets.values)
    return {**doc, "facets": pack(facets.date_int, facets.article_id, facets.length, ids)}


def _commit(writer, store: FacetStore, words: WordCounts, last_seq: int) -> None:
    words.flush()
    store.commit()  # facet ids first: the Whoosh documents refer to them
    writer.commit()
    store.set_meta("last_seq", str(last_seq))


def _warm_facet_cache(ix, generation: Path) -> None:
    """Build the facet arrays (of new segments, and of the whole snapshot) and frequent-term postings now,
    so searches don't pay for them."""
    cache = generation / "facet-cache"
    with ix.searcher() as searcher:
        current = f"snap-{FacetArrays(searcher, cache).snapshot}"
        for reader, _ in searcher.reader().leaf_readers():
            save_frequent_postings(reader, cache)
    live = {seg.segment_id() for seg in ix._segments()}
    for path in cache.glob("*"):
        stem = path.name.split(".")[0]  # segment-field.terms.json, segment.npz, snap-name.array.npy
        if stem != current and stem.split("-")[0] not in live:
            path.unlink(missing_ok=True)


@contextmanager
def _write_lock(root: Path):
    """One indexer at a time. The OS drops the lock if the holder dies."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "WRITER.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("another `warta index` is writing this index; waiting for it to finish...", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)

