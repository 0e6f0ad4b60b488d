"""Bring the index up to date with the archive (``warta index``).

Incremental: the index remembers the last archive ``seq`` it has seen and reads
only what changed since (new, changed, analyzed again, or deleted articles).
Each batch is one Whoosh commit, which is atomic: readers keep their snapshot
until they reopen, and a crash loses at most the batch being written (the next
run redoes it; every update replaces the article's documents by its id, so
redoing is harmless). ``rebuild`` writes a fresh generation beside the live one
and switches to it only at the end. One writer at a time: a second one waits
for the first (a lock file, released by the OS if a writer dies).

Segments are written by ``index.bulk_writer.BulkSegmentWriter`` (Whoosh's
format, written faster); "did you mean" counts by ``index.word_counts``.
"""

from __future__ import annotations

import fcntl
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from crawler.archive import Archive, Article
from index import records
from index.analyzer import fold
from index.bulk_writer import BulkSegmentWriter
from index.facets import INDEX_FORMAT, PERSON_SEP, FacetArrays, FacetStore, generation_format, pack
from index.ranking import save_frequent_postings
from index.schema import ARTICLE, QUOTE, IndexLocation, build_schema
from index.word_counts import WordCounts, spelling_words

BATCH = 2000  # articles per commit: bounds memory and the work a crash can lose
# A rebuild is switched to only when complete, so a crash loses it whatever the
# commits; bigger segments there mean fewer merges. The postings of 10,000
# bulletins take about 100 MB while they wait for their commit.
REBUILD_BATCH = 10_000
WRITER_MB = 128


def update_index(settings, rebuild: bool = False, batch: int | None = None) -> str:
    """Index what changed in the archive since the last run; returns a summary line.

    ``batch``: articles per commit (smaller: less memory and less lost to a
    crash); default ``BATCH``, or ``REBUILD_BATCH`` when building a new index.
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
            counts = _index_changes(archive, generation, fresh, batch or (REBUILD_BATCH if fresh else BATCH))
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


def _index_changes(archive: Archive, generation: Path, fresh: bool, batch_size: int) -> dict[str, int]:
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
        for article, analysis in archive.iter_analyzed(since):
            if writer is None:
                # Plain segment files: Whoosh copies a compound segment's postings into memory on open.
                writer = BulkSegmentWriter(ix, limitmb=WRITER_MB, compound=False)
            _index_article(writer, article, analysis, store, words, fresh, counts)
            in_batch += 1
            if in_batch >= batch_size:
                _commit(writer, store, words, article.seq)
                progress.update(in_batch)
                writer, in_batch = None, 0
        if writer is not None:
            _commit(writer, store, words, article.seq)
            progress.update(in_batch)
        progress.close()
        if counts["articles"] + counts["quotes"] + counts["deleted"] > 0:
            _warm_facet_cache(ix, generation)
    finally:
        if writer is not None and not writer.is_closed:  # an error mid-batch: drop its unfinished segment
            writer.cancel()
        store.close()
    return counts


def _index_article(writer, article: Article, analysis: dict | None, store: FacetStore, words: WordCounts,
                   fresh: bool, counts: dict[str, int]) -> None:
    """Replace the article's documents (none if it was deleted) and its words for "did you mean"."""
    if not fresh:
        writer.delete_by_term("parent", str(article.id))
    if article.deleted:
        words.replace(article.id, None, known=not fresh)
        counts["deleted"] += 1
        return
    for doc in documents(article, analysis, store):
        writer.add_document(**doc)
        if doc["kind"] == ARTICLE:
            counts["articles"] += 1
            words.replace(article.id, spelling_words(article.title, article.text, doc["names"]), known=not fresh)
        else:
            counts["quotes"] += 1


def _commit(writer, store: FacetStore, words: WordCounts, last_seq: int) -> None:
    words.flush()
    store.commit()  # facet ids first: the Whoosh documents refer to them
    writer.commit()
    store.set_meta("last_seq", str(last_seq))


def _warm_facet_cache(ix, generation: Path) -> None:
    """Build the facet arrays and frequent-term postings of new segments now, so searches don't pay for it."""
    cache = generation / "facet-cache"
    with ix.searcher() as searcher:
        FacetArrays(searcher, cache)
        for reader, _ in searcher.reader().leaf_readers():
            save_frequent_postings(reader, cache)
    live = {seg.segment_id() for seg in ix._segments()}
    for path in cache.glob("*"):
        if path.name.split("-")[0].split(".")[0] not in live:
            path.unlink(missing_ok=True)


def documents(article: Article, analysis: dict | None, store: FacetStore) -> Iterator[dict]:
    """The Whoosh documents of one article: the article itself, then one per quote."""
    people = records.persons(analysis)
    orgs = records.organizations(analysis)
    places = records.places(analysis)
    quotes = records.quotes(analysis, people)
    events = list((analysis or {}).get("event_types") or [])
    published = article.published or (analysis or {}).get("published")
    date_int = _date_int(published)

    common = _common_facets(article, published, places, events, store)
    person_ids = [store.value_id("person", p.key, p.name) for p in people]
    for p in people:
        for alias in p.aliases:
            store.add_alias(records.name_key(alias), p.key)
    role_ids = [store.value_id("role", records.role_key(r), r) for p in people for r in p.roles]
    own_ids = [store.value_id("person_role", f"{p.key}{PERSON_SEP}{records.role_key(r)}", r)
               for p in people for r in p.roles]
    own_ids += [store.value_id("person_alias", f"{p.key}{PERSON_SEP}{a}", a) for p in people for a in p.aliases]
    org_ids = [store.value_id("org", fold(o), o) for o in orgs]
    names_text = " ".join([p.name for p in people] + [a for p in people for a in p.aliases])

    hit = {
        "article_id": article.id, "title": article.title or "", "url": article.url, "site": article.site,
        "published": published, "persons": [p.name for p in people], "event_types": events,
        "places": [pl.name for pl in places],
    }
    body = "\n".join([article.text, *article.captions])
    yield dict(
        doc_id=str(article.id), parent=str(article.id), kind=ARTICLE, title=article.title or "",
        body=body, names=names_text,
        roles=" ".join(r for p in people for r in p.roles),
        facets=pack(date_int, article.id, body.count(" ") + 1,
                    [store.value_id("kind", ARTICLE, ARTICLE), *common, *person_ids, *role_ids, *org_ids, *own_ids]),
        hit=hit,
    )
    for quote in quotes:
        ids = [store.value_id("kind", QUOTE, QUOTE), *common, *org_ids]
        if quote.speaker:
            ids.append(store.value_id("person", records.name_key(quote.speaker), quote.speaker))
        if quote.role:
            ids.append(store.value_id("role", records.role_key(quote.role), quote.role))
        yield dict(
            doc_id=f"{article.id}:{quote.number}", parent=str(article.id), kind=QUOTE,
            body=quote.text, names=quote.speaker or "", roles=quote.role or "",
            facets=pack(date_int, article.id, quote.text.count(" ") + 1, ids),
            hit={**hit, "quote": quote.text, "speaker": quote.speaker, "speaker_role": quote.role,
                 "quote_number": quote.number},
        )


def _common_facets(article: Article, published: str | None, places, events, store: FacetStore) -> list[int]:
    """Facet ids an article shares with its quotes: site, date, places, event types."""
    ids = [store.value_id("site", article.site.lower(), article.site)]
    if published and len(published) >= 7:
        ids.append(store.value_id("year", published[:4], published[:4]))
        ids.append(store.value_id("month", published[:7], published[:7]))
    for event in events:
        ids.append(store.value_id("event_type", fold(event), event))
    for place in places:
        for name in (place.name, place.province, place.regency):
            if name:
                ids.append(store.value_id("place", fold(name), name))
        if place.province:
            ids.append(store.value_id("province", fold(place.province), place.province))
        if place.regency:
            ids.append(store.value_id("regency", fold(place.regency), place.regency))
    return ids


def _date_int(published: str | None) -> int:
    if published and re.match(r"^\d{4}-\d{2}-\d{2}", published):
        return int(published[:10].replace("-", ""))
    return 0


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

