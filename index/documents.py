"""From an archive article and its analysis to the index documents that will be written.

Everything here depends on the article alone, so it can run in a worker
process beside the writer (``index.writer`` does that on machines with more
than one core): building the Whoosh fields, turning the text fields into terms
and positions (``AnalyzedText``), and collecting the words for "did you mean".
What needs the index's own state stays with the writer: facet values are kept
as (facet, key, display) triples here, and the writer turns them into ids.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
import re
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from crawler.archive import Archive, Article
from index import records
from index.analyzer import fold
from index.bulk_writer import analyze_text, term_function
from index.facets import PERSON_SEP
from index.schema import ARTICLE, QUOTE, build_schema
from index.word_counts import spelling_words

FacetValue = tuple[str, str, str]  # facet, key, display


@dataclass
class Facets:
    """A document's facet column before its values have ids: see ``index.facets.pack``."""

    date_int: int
    article_id: int
    length: int
    values: list[FacetValue]


@dataclass
class PreparedArticle:
    """One archive article, ready for the writer: its documents (none if deleted), aliases and words."""

    id: int
    seq: int
    deleted: bool
    docs: list[dict] = field(default_factory=list)  # Whoosh fields; "facets" holds a ``Facets``
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias key, person key)
    words: list[str] = field(default_factory=list)  # for "did you mean"


_TERM_FUNCTIONS = {name: term_function(f) for name, f in build_schema().items()}


def prepare(article: Article, analysis: dict | None, analyzed: bool = True) -> PreparedArticle:
    """The article's documents; ``analyzed`` turns text fields into ``AnalyzedText`` (for the bulk writer)."""
    prepared = PreparedArticle(article.id, article.seq, bool(article.deleted))
    if article.deleted:
        return prepared
    people = records.persons(analysis)
    prepared.aliases = sorted({(records.name_key(a), p.key) for p in people for a in p.aliases})
    prepared.docs = list(_documents(article, analysis, people))
    prepared.words = sorted(spelling_words(article.title, article.text, prepared.docs[0]["names"]))
    if analyzed:
        for doc in prepared.docs:
            for name, value in doc.items():
                to_term = _TERM_FUNCTIONS.get(name)
                if to_term is not None and isinstance(value, str):
                    doc[name] = analyze_text(value, to_term)
    return prepared


def _documents(article: Article, analysis: dict | None, people: list[records.Person]):
    """The Whoosh documents of one article: the article itself, then one per quote."""
    orgs = records.organizations(analysis)
    places = records.places(analysis)
    quotes = records.quotes(analysis, people)
    events = list((analysis or {}).get("event_types") or [])
    published = article.published or (analysis or {}).get("published")
    date_int = _date_int(published)

    common = _common_facets(article, published, places, events)
    person_values = [("person", p.key, p.name) for p in people]
    role_values = [value for p in people for r in p.roles for value in _role_values(r)]
    own_values = [("person_role", f"{p.key}{PERSON_SEP}{records.role_key(r)}", r) for p in people for r in p.roles]
    # Every form of the name is an alias too: other bulletins may spell it otherwise (same key).
    own_values += [("person_alias", f"{p.key}{PERSON_SEP}{a}", a) for p in people for a in [p.name, *p.aliases]]
    org_values = [("org", fold(o), o) for o in orgs]
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
        facets=Facets(date_int, article.id, body.count(" ") + 1,
                      [("kind", ARTICLE, ARTICLE), *common, *person_values, *role_values, *org_values, *own_values]),
        hit=hit,
    )
    for quote in quotes:
        values = [("kind", QUOTE, QUOTE), *common, *org_values]
        if quote.speaker:
            values.append(("person", records.name_key(quote.speaker), quote.speaker))
        if quote.role:
            values += _role_values(quote.role)
        yield dict(
            doc_id=f"{article.id}:{quote.number}", parent=str(article.id), kind=QUOTE,
            body=quote.text, names=quote.speaker or "", roles=quote.role or "",
            facets=Facets(date_int, article.id, quote.text.count(" ") + 1, values),
            hit={**hit, "quote": quote.text, "speaker": quote.speaker, "speaker_role": quote.role,
                 "quote_number": quote.number},
        )


def _role_values(role: str) -> list[FacetValue]:
    """A role as written, and its position and body apart ("Ketua", "KPU Kabupaten Probolinggo"),
    so that a researcher can count every Ketua, or every official of one body."""
    position, body, _ = records.split_role(role)
    values = [("role", records.role_key(role), role)]
    if position:
        values.append(("position", fold(position), position))
    if body:
        values.append(("body", fold(body), body))
    return values


def _common_facets(article: Article, published: str | None, places, events) -> list[FacetValue]:
    """Facet values an article shares with its quotes: site, date, places, event types."""
    values = [("site", article.site.lower(), article.site)]
    if published and len(published) >= 7:
        values.append(("year", published[:4], published[:4]))
        values.append(("month", published[:7], published[:7]))
    for event in events:
        values.append(("event_type", fold(event), event))
    for place in places:
        for name in (place.name, place.province, place.regency):
            if name:
                values.append(("place", fold(name), name))
        if place.province:
            values.append(("province", fold(place.province), place.province))
        if place.regency:
            values.append(("regency", fold(place.regency), place.regency))
    return values


def _date_int(published: str | None) -> int:
    if published and re.match(r"^\d{4}-\d{2}-\d{2}", published):
        return int(published[:10].replace("-", ""))
    return 0


# -- many articles: in worker processes, beside the writer ---------------------------

# Articles per task sent to a worker, and tasks in flight per worker. A worker
# works ahead while the writer commits a batch (seconds), so the results wait
# pickled: about 6 KB an article, some 50 MB at most.
CHUNK = 250
AHEAD = 32


def prepared_articles(archive: Archive, since_seq: int, workers: int = 0) -> Iterator[PreparedArticle]:
    """Every change after ``since_seq``, prepared, in seq order; by ``workers`` processes (0: in this one).

    The workers read the archive themselves, a run of seqs per task, so only
    prepared articles cross between processes.
    """
    if workers < 1:
        for article, analysis in archive.iter_analyzed(since_seq):
            yield prepare(article, analysis)
        return
    context = mp.get_context("fork")  # the analyzers' caches and the schema come along for free
    with context.Pool(workers, initializer=_open_archive, initargs=(str(archive.path),)) as pool:
        pending: deque = deque()
        after = since_seq
        for upto in archive.seq_steps(since_seq, CHUNK):
            pending.append(pool.apply_async(_prepare_run, (after, upto)))
            after = upto
            if len(pending) >= AHEAD * workers:
                yield from pickle.loads(pending.popleft().get())
        while pending:
            yield from pickle.loads(pending.popleft().get())


_worker_archive: Archive | None = None


def _open_archive(path: str) -> None:
    global _worker_archive
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the writer, which stops the pool
    _worker_archive = Archive(path, readonly=True)


def _prepare_run(after_seq: int, upto_seq: int) -> bytes:
    """The prepared articles of one run, pickled here so they wait as compact bytes until the writer wants them."""
    run = _worker_archive.iter_analyzed(after_seq, until_seq=upto_seq)
    return pickle.dumps([prepare(article, analysis) for article, analysis in run], pickle.HIGHEST_PROTOCOL)
