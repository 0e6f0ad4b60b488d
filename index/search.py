"""Searching: queries, filters, facet counts, snippets, suggestions, person pages.

A search runs in three steps:

1. the text query (Whoosh's parser over title, body and names) gives the
   matching document numbers; an empty query matches everything;
2. filters, the document kind and deletions are boolean masks over the facet
   arrays (``index/facets.py``), AND-ed with the matches; the facet counts are
   one ``bincount`` over the result;
3. the page of hits comes from Whoosh's scorer (relevance) or a numpy sort
   (date, or no query); snippets are highlighted from the archive's text.

Opening a Searcher imports Whoosh, numpy and SQLite only, never spaCy.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh import query as wq
from whoosh.qparser import syntax

from crawler.archive import Archive
from index import matching, ranking, records, snippets
from index.analyzer import WORD_PATTERN, fold, name_key, strip_titles, text_term
from index.facets import INDEX_FORMAT, FacetArrays, FacetStore, Vocabulary, generation_format, snapshot_name
from index.query import FACETS, FILTER_FACETS, KINDS, SORTS, Filters, Hit, Label, QueryError, SearchResult
from index.schema import ARTICLE, FIELD_ALIASES, KIND_OF, QUOTE, IndexLocation

FACET_LIMIT = 30  # values shown per facet (all months are shown, for charts)
SNIPPET_CHARS = 240
PERSON_PAGE = 50  # quotes or bulletins per page of a person page
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
PLACE_FACETS = ("place", "province", "regency")
SORT_SHARE = 16  # matching more than 1/16 of the documents, the newest are read off a date order, not sorted

# Facet arrays are expensive to load and never change for one index generation
# and set of segments, so every Searcher of a process shares them.
_ARRAYS_CACHE: dict[tuple, tuple[FacetArrays, ranking.PostingsCache]] = {}
_VOCAB_CACHE: dict[tuple, Vocabulary] = {}
_CACHE_LOCK = threading.Lock()


@lru_cache(maxsize=65536)
def person_id(name: str) -> str:
    """A readable, URL-safe id for a person: the folded name without titles, dashed.

    Any spelling of the name is an id of the same person: ``Searcher.person`` looks
    an id up by its ``name_key`` ("muhammad-afifuddin" finds Mochammad Afifuddin).
    """
    key = fold(strip_titles(name))
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "x" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class Prepared:
    """A query ready to run: plain words (numpy path) or a Whoosh query, and the terms to highlight."""

    text: str
    words: list[str] | None = None
    parsed: object | None = None
    terms: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return self.words is None and self.parsed is None


class Searcher:
    """A read-only view of the index at the moment it was opened."""

    def __init__(self, settings) -> None:
        self.settings = settings
        for attempt in range(2):
            try:
                self._open(IndexLocation(settings.index_dir).current())
                break
            except FileNotFoundError:  # a rebuild switched generations while we opened: once more
                if attempt:
                    raise QueryError("the search index changed while opening it: try again") from None
        self.arrays, self.postings = self._arrays()
        self.vocab = self._vocabulary()
        self._archive: Archive | None = None
        self._parser = self._make_parser()

    # -- lifecycle --------------------------------------------------------------

    def _open(self, generation) -> None:
        if generation is None:
            raise QueryError("no search index yet: run `warta index` first")
        self.generation = generation
        if generation_format(generation) != INDEX_FORMAT:
            if not (generation / "facets.sqlite3").exists():
                raise FileNotFoundError(generation)
            raise QueryError("the search index was built by an older version of Warta: run `warta index`")
        try:
            self.ix = whoosh_index.open_dir(generation / "whoosh")
        except FileNotFoundError:
            raise
        except Exception as exc:  # unreadable schema or files: only a rebuild helps
            raise QueryError("cannot open the search index ({reason}): run `warta index --rebuild`", reason=exc) from exc
        self.searcher = self.ix.searcher()
        self.store = FacetStore(generation / "facets.sqlite3", readonly=True)

    def close(self) -> None:
        self.searcher.close()
        self.store.close()
        if self._archive is not None:
            self._archive.close()

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = Archive(self.settings.archive_path, readonly=True)
        return self._archive

    def _arrays(self) -> tuple[FacetArrays, ranking.Postings]:
        key = (str(self.generation), snapshot_name(self.searcher))
        with _CACHE_LOCK:
            cached = _ARRAYS_CACHE.get(key)
            if cached is None:
                cached = (FacetArrays(self.searcher, self.generation / "facet-cache"), ranking.PostingsCache())
                _ARRAYS_CACHE.clear()  # only the newest snapshot is worth keeping
                _ARRAYS_CACHE[key] = cached
        # Postings are read through this searcher's files into the shared cache.
        return cached[0], ranking.Postings(self.searcher, cached[1], self.generation / "facet-cache")

    def _vocabulary(self) -> Vocabulary:
        max_id = self.store.conn.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM facet_values").fetchone()
        aliases = self.store.conn.execute("SELECT COUNT(*) FROM aliases").fetchone()[0]
        key = (str(self.generation), *max_id, aliases)
        with _CACHE_LOCK:
            vocab = _VOCAB_CACHE.get(key)
            if vocab is None:
                vocab = self.store.vocabulary()
                _VOCAB_CACHE.clear()
                _VOCAB_CACHE[key] = vocab
            return vocab

    def _make_parser(self) -> qparser.QueryParser:
        parser = qparser.MultifieldParser(
            ["title", "body", "names"], self.ix.schema, group=qparser.AndGroup,
        )
        parser.add_plugin(qparser.FieldAliasPlugin(_aliases_by_field()))
        parser.add_plugin(_StopWordPlugin())
        return parser

    # -- searching ----------------------------------------------------------------

    def search(self, query: str, filters: Filters = Filters(), kind: str = "articles", sort: str = "relevance",
               page: int = 1, per_page: int = 20, facets: bool = True) -> SearchResult:
        if kind not in KINDS:
            raise QueryError("unknown kind {kind!r}: use one of {choices}", kind=kind, choices=", ".join(KINDS))
        if sort not in SORTS:
            raise QueryError("unknown sort {sort!r}: use one of {choices}", sort=sort, choices=", ".join(SORTS))
        if page < 1 or per_page < 1:
            raise QueryError("page and page size must be at least 1")
        prepared = self.prepare(query)
        mask, scores = self._match(prepared, filters, kind)
        total = int(mask.sum())
        start = (page - 1) * per_page
        docnums, hit_scores = self._order(prepared, mask, scores, sort, start + per_page)
        docnums = docnums[start:start + per_page]
        hit_scores = hit_scores[start:start + per_page] if hit_scores is not None else [0.0] * len(docnums)
        seen: dict[str, bool] = {}  # words known to match or not, shared by the page's snippets
        hits = [self._hit(d, sc, prepared.terms, seen=seen) for d, sc in zip(docnums, hit_scores)]
        counts = self.facet_counts(mask, kind=kind) if facets else {}
        suggestion = self.suggest(query) if query.strip() and total < 3 else None
        return SearchResult(total=total, hits=hits, facets=counts, page=page, per_page=per_page,
                            suggestion=suggestion)

    def ordered(self, query: str, filters: Filters, kind: str, sort: str) -> list[int]:
        """The doc numbers of every match, in the order a search shows them (for exports)."""
        prepared = self.prepare(query)
        mask, scores = self._match(prepared, filters, kind)
        return self._order(prepared, mask, scores, sort, max(int(mask.sum()), 1))[0]

    def _order(self, prepared: Prepared, mask: np.ndarray, scores: np.ndarray | None, sort: str,
               limit: int) -> tuple[list[int], list[float] | None]:
        """The first ``limit`` matches, and their scores when ranked by relevance."""
        if prepared.empty or sort == "date":
            return self._by_date(mask, limit), None
        if scores is not None:
            return _top(mask, scores, limit)
        return self._ranked(prepared.parsed, mask, limit)

    def prepare(self, query: str) -> Prepared:
        """Check and parse ``query``; QueryError if it is malformed."""
        query = (query or "").strip()
        if not query:
            return Prepared(query)
        words = ranking.plain_words(query)
        if words is not None:
            terms = {t for w in words for _, t, _ in ranking.word_terms(w)}
            return Prepared(query, words=words, terms=terms)
        parsed = self.parse(query)
        if isinstance(parsed, type(wq.NullQuery)):  # stop words only ('NOT dan'): all documents, as plain 'dan'
            return Prepared(query)
        return Prepared(query, parsed=parsed, terms=_query_words(parsed, ("body", "names")))

    def parse(self, query: str):
        """The Whoosh query for ``query``, or None for an empty one; QueryError if malformed."""
        query = (query or "").strip()
        if not query:
            return None
        _check_syntax(query)
        try:
            parsed = self._parser.parse(query)
        except Exception as exc:  # Whoosh's parser errors have no common base class
            raise QueryError("cannot read the query {query!r}: {reason}", query=query, reason=exc) from exc
        return parsed

    def match_mask(self, query, filters: Filters, kind: str) -> np.ndarray:
        """A boolean array over doc numbers: live documents of ``kind`` matching the query and filters.

        ``query`` is a query string, a Prepared query, or a parsed Whoosh query (or None).
        """
        if isinstance(query, str):
            query = self.prepare(query)
        elif not isinstance(query, Prepared):
            query = Prepared("", parsed=query)
        return self._match(query, filters, kind)[0]

    def _kind_mask(self, kind: str) -> np.ndarray:
        """The live documents of ``kind`` (a new array)."""
        kind_id = self.vocab.lookup("kind", KIND_OF[kind])
        if kind_id is None:
            return np.zeros(self.arrays.doc_count, dtype=bool)
        return self.arrays.live & self.arrays.docs_with([kind_id])

    def _match(self, prepared: Prepared, filters: Filters, kind: str) -> tuple[np.ndarray, np.ndarray | None]:
        arrays = self.arrays
        mask = self._kind_mask(kind)
        if not mask.any():
            return mask, None
        for facet_mask in self._filter_masks(filters):
            mask &= facet_mask
        scores = None
        if prepared.words is not None:
            text_mask, scores = ranking.match_and_score(
                self.postings, prepared.words, arrays.doc_count, arrays.lengths, int(arrays.live.sum()))
            mask &= text_mask
        elif prepared.parsed is not None:
            # Filters first: a phrase or NOT then only looks at the documents they allow.
            mask = matching.query_mask(self.postings, prepared.parsed, mask)
            if mask.any():
                scores = ranking.score_terms(self.postings, matching.scoring_terms(prepared.parsed),
                                             arrays.doc_count, arrays.lengths, int(arrays.live.sum()))
        return mask, scores

    def _filter_masks(self, filters: Filters):
        for facet in FILTER_FACETS:
            values = getattr(filters, facet)
            if values:
                yield self.arrays.docs_with(self._value_ids(facet, values))
        if filters.date_from or filters.date_to:
            as_int = lambda d: int(d.strftime("%Y%m%d")) if d else None  # noqa: E731
            yield self.arrays.date_mask(as_int(filters.date_from), as_int(filters.date_to))

    def _value_ids(self, facet: str, values) -> list[int]:
        ids = []
        for value in values:
            found = self._resolve(facet, value)
            if not found:
                close, facet_name = self._close_value(facet, value), Label(facet.replace("_", " "))
                if close:
                    raise QueryError("unknown {facet}: {value!r} (did you mean {close!r}?)",
                                     facet=facet_name, value=value, close=close)
                raise QueryError("unknown {facet}: {value!r}", facet=facet_name, value=value)
            ids.extend(found)
        return ids

    def _resolve(self, facet: str, value: str) -> list[int]:
        value = str(value).strip()
        if facet == "person":
            key = name_key(value)
            keys = [key, *self.vocab.aliases.get(key, [])]
            found = [self.vocab.lookup("person", k) for k in keys]
            if not any(v is not None for v in found):  # a person id from a URL
                found = [vid for vid in self.vocab.ids_of_facet["person"] if person_id(self.vocab.display[vid]) == value]
            return sorted({v for v in found if v is not None})
        if facet in PLACE_FACETS:
            return self._resolve_place(facet, value)
        key = value.lower() if facet in ("site", "year", "month") else fold(value)
        vid = self.vocab.lookup(facet, key)
        if vid is None and facet == "site" and "." not in key:
            vid = self.vocab.lookup(facet, f"{key}.kpu.go.id")  # "kab-jepara" for kab-jepara.kpu.go.id
        return [vid] if vid is not None else []

    def _resolve_place(self, facet: str, value: str) -> list[int]:
        """A place as written ("Kab. Probolinggo"), or a bare name, which means every level of it
        ("Probolinggo": Kabupaten and Kota Probolinggo)."""
        written = records.spell_out_levels(value)
        found = [self.vocab.lookup(facet, fold(written))]
        if found[0] is None and written == value:
            found = [self.vocab.lookup(facet, fold(f"{level} {value}")) for level in records.LEVEL_WORDS]
        return sorted({vid for vid in found if vid is not None})

    def _close_value(self, facet: str, value: str) -> str | None:
        """The facet's value spelled most like ``value``, if one is close."""
        keys = [self.vocab.key[v] for v in self.vocab.ids_of_facet.get(facet, [])]
        close = difflib.get_close_matches(fold(value), keys, n=1, cutoff=0.75)
        return self.vocab.display[self.vocab.lookup(facet, close[0])] if close else None

    def _ranked(self, parsed, mask: np.ndarray, limit: int) -> tuple[list[int], list[float]]:
        """Whoosh's own scoring, for queries the numpy path does not handle."""
        if not mask.any():
            return [], []
        allowed = set(np.nonzero(mask)[0].tolist())
        results = self.searcher.search(parsed, filter=allowed, limit=max(limit, 1))
        return [hit.docnum for hit in results], [float(hit.score or 0.0) for hit in results]

    def _by_date(self, mask: np.ndarray, limit: int) -> list[int]:
        """The first ``limit`` documents of ``mask``, newest first; the same date (or none, 0) by higher doc
        number first."""
        docs = np.flatnonzero(mask)
        if len(docs) * SORT_SHARE > len(mask):
            # Many matches: the newest are among the first documents of the snapshot's own order.
            order = self.arrays.newest_first()
            head = order[:limit * len(mask) // len(docs) * 2 + 1024]  # twice the expected share
            found = head[mask[head]]
            if len(found) < limit:
                found = order[mask[order]]
            return found[:limit].tolist()
        if len(docs) > limit:
            keys = self.arrays.dates[docs].astype(np.int64) * (1 << 32) + docs
            docs = docs[np.argpartition(-keys, limit - 1)[:limit]]
        keys = self.arrays.dates[docs].astype(np.int64) * (1 << 32) + docs
        return docs[np.argsort(-keys)].tolist()

    # -- facets -------------------------------------------------------------------------

    def facet_counts(self, mask: np.ndarray, names=FACETS, limit: int = FACET_LIMIT,
                     kind: str | None = None) -> dict[str, list[tuple[str, int]]]:
        """The most frequent values of each facet among ``mask``'s documents (every year and month, in order).

        ``kind``: the documents are all of this kind, whose whole counts are then
        reused when ``mask`` holds most of them.
        """
        within = (("kind", kind), self._kind_mask(kind)) if kind else None
        counts = self.arrays.count(mask, self.vocab.size, within=within)
        out = {}
        for facet in names:
            ids = self.vocab.ids_of_facet[facet]
            ids = ids[ids < len(counts)]
            values = counts[ids]
            nonzero = np.nonzero(values)[0]
            if facet == "month" or facet == "year":
                pairs = sorted(((self.vocab.display[ids[i]], int(values[i])) for i in nonzero))
            else:
                order = nonzero[np.lexsort((ids[nonzero], -values[nonzero]))][:limit]
                pairs = [(self.vocab.display[ids[i]], int(values[i])) for i in order]
            out[facet] = pairs
        return out

    def histogram(self, query: str, filters: Filters, kind: str = "articles") -> list[tuple[str, int]]:
        """Matching documents per month, YYYY-MM in order (months with none are left out)."""
        mask = self.match_mask(query, filters, kind)
        return self.facet_counts(mask, names=("month",), kind=kind)["month"]

    # -- hits and snippets ------------------------------------------------------------------

    def _hit(self, docnum: int, score: float, terms: set[str], snippet: bool = True,
             seen: dict | None = None) -> Hit:
        """One result from its stored fields; a bulletin's snippet reads its text from the archive."""
        stored = self.searcher.stored_fields(docnum)
        data = stored["hit"]
        is_quote = stored["kind"] == QUOTE
        if is_quote:
            text = data.get("quote") or ""
        elif snippet:
            article = self.archive.get_article(data["article_id"])
            text = article.text if article else ""
        else:  # a list of titles: no archive read
            text = ""
        return Hit(
            kind=QUOTE if is_quote else ARTICLE, id=stored["doc_id"], article_id=data["article_id"],
            title=data["title"], url=data["url"], site=data["site"], published=data["published"],
            snippet=snippets.snippet(text, terms, SNIPPET_CHARS, whole=is_quote, seen=seen), score=score,
            persons=data["persons"], event_types=data["event_types"], places=data["places"],
            quote=data.get("quote"), speaker=data.get("speaker"), speaker_role=data.get("speaker_role"),
        )

    # -- did you mean ---------------------------------------------------------------------

    def suggest(self, query: str) -> str | None:
        """The query with unknown words replaced by the closest indexed words, if any.

        Only the words change: prefixes, quotes, brackets and spaces stay as typed,
        so the suggestion is a query that runs (``title:pelantkan`` -> ``title:pelantikan``).
        """
        def correct(match: re.Match) -> str:
            token = match.group()
            if query.startswith(":", match.end()):  # a field prefix (title:, name:)
                return token
            return self._correction(token) or token

        suggestion = re.sub(r"[\w'’]+", correct, query)
        return suggestion if suggestion != query else None

    def _correction(self, token: str) -> str | None:
        """The indexed word closest to an unknown word, in its case; None for a known one or an operator."""
        word = fold(token)
        if (not word or token in _OPERATORS or not word.isalpha() or len(word) < 4
                or self.store.word_count(word) > 0 or self._has_term(word)):
            return None
        return _same_case(self._closest_word(word), token)

    def _has_term(self, word: str) -> bool:
        reader = self.searcher.reader()
        term = text_term(word)
        return (term is not None and reader.doc_frequency("body", term) > 0) or reader.doc_frequency("names", word) > 0

    def _closest_word(self, word: str) -> str | None:
        candidates = dict(self.store.similar_words(word))
        close = difflib.get_close_matches(word, list(candidates), n=5, cutoff=0.75)
        if not close:
            return None
        return max(close, key=lambda w: (difflib.SequenceMatcher(None, word, w).ratio(), candidates[w]))

    # -- single records ---------------------------------------------------------------------

    def article(self, article_id: int) -> dict | None:
        article = self.archive.get_article(int(article_id))
        if article is None or article.deleted:
            return None
        return {
            "id": article.id, "url": article.url, "site": article.site, "category": article.category,
            "title": article.title, "published": article.published, "text": article.text,
            "captions": article.captions, "story_id": article.story_id, "response_id": article.response_id,
            "analysis": self.archive.get_analysis(article.id),
        }

    def person(self, person_id_: str, quotes_page: int = 1, articles_page: int = 1,
               per_page: int = PERSON_PAGE, snippets: bool = True) -> dict | None:
        """A person's names, roles, company kept, and one page each of their quotes and bulletins, newest first.

        Totals come from the index masks; only the shown pages are read. A page past
        the last one raises QueryError (page 1 of nothing is an empty page).
        ``snippets``: give each bulletin its opening lines (read from the archive).
        """
        if quotes_page < 1 or articles_page < 1 or per_page < 1:
            raise QueryError("page and page size must be at least 1")
        vids = self._resolve("person", person_id_)
        if not vids:
            return None
        vid = vids[0]
        key, name = self.vocab.key[vid], self.vocab.display[vid]
        articles = self.match_mask(None, Filters(), "articles") & self.arrays.docs_with([vid])
        quotes = self.match_mask(None, Filters(), "quotes") & self.arrays.docs_with([vid])
        counts = self.facet_counts(articles, names=("person", "org", "site", "month"), limit=20)
        roles, aliases = self._person_roles(key, articles)
        aliases = [alias for alias in aliases if alias != name]  # its other spellings and short forms
        quote_docs, quotes_total = self._page_by_date(quotes, quotes_page, per_page, "quotes")
        article_docs, articles_total = self._page_by_date(articles, articles_page, per_page, "bulletins")
        return {
            "id": person_id(name), "name": name, "aliases": aliases, "roles": roles,
            "quotes": [self._hit(d, 0.0, set()) for d in quote_docs],
            "quotes_total": quotes_total, "quotes_page": quotes_page,
            "quotes_pages": _page_count(quotes_total, per_page),
            "timeline": counts["month"],
            "co_people": [(n, person_id(n), c) for n, c in counts["person"] if name_key(n) != key],
            "co_orgs": counts["org"], "sites": counts["site"],
            "articles": [self._hit(d, 0.0, set(), snippet=snippets) for d in article_docs],
            "articles_total": articles_total, "articles_page": articles_page,
            "articles_pages": _page_count(articles_total, per_page),
            "per_page": per_page,
        }

    def _page_by_date(self, mask: np.ndarray, page: int, per_page: int, what: str) -> tuple[list[int], int]:
        """The doc numbers of one page of ``mask``, newest first, and how many there are in all."""
        total = int(mask.sum())
        pages = _page_count(total, per_page)
        if page > pages:
            raise QueryError("there is no page {page} of {what}: there are {pages}", page=page, what=Label(what),
                             pages=pages)
        start = (page - 1) * per_page
        return self._by_date(mask, start + per_page)[start:], total

    def _person_roles(self, key: str, articles: np.ndarray) -> tuple[list[dict], list[str]]:
        """Roles with count and first and last date, and aliases, from the person's own facet values."""
        roles = []
        # The (document, value) pairs of this person's articles only: one pass, then small scans.
        own = self.arrays.pairs_of(articles)
        docs, vals = self.arrays.pair_docs[own], self.arrays.pair_vals[own]
        for vid, role in self.store.person_values("person_role", key):
            with_role = docs[vals == vid]
            days = self.arrays.dates[with_role]
            days = days[days > 0]
            roles.append({"role": role, "count": len(with_role),
                          "first": _iso(days.min()) if len(days) else None,
                          "last": _iso(days.max()) if len(days) else None})
        roles.sort(key=lambda r: (-r["count"], r["role"]))
        aliases = [alias for _, alias in self.store.person_values("person_alias", key)]
        return roles, aliases


def _page_count(total: int, per_page: int) -> int:
    """Pages needed for ``total`` items; an empty list still has its (empty) first page."""
    return max(1, -(-total // per_page))


def _iso(day: int) -> str:
    day = int(day)
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def _top(mask: np.ndarray, scores: np.ndarray, limit: int) -> tuple[list[int], list[float]]:
    """The ``limit`` best-scoring documents of ``mask``, best first (ties: lower doc number)."""
    docs = np.flatnonzero(mask)
    kept = scores[docs]
    if len(docs) > limit:
        # Every document above the limit-th best score, then as many of those with exactly that score as
        # fit, lowest doc numbers first (docs are in order). A partition alone would pick among such ties
        # at random, and a page (the first limit) could repeat or skip documents of the page before.
        kth = np.partition(kept, len(kept) - limit)[len(kept) - limit]
        keep = kept > kth
        keep[np.flatnonzero(kept == kth)[:limit - int(keep.sum())]] = True
        docs, kept = docs[keep], kept[keep]
    order = np.lexsort((docs, -kept))
    return docs[order].tolist(), kept[order].astype(float).tolist()


def _query_words(parsed, fields: tuple[str, ...]) -> set[str]:
    words = set()
    for fieldname, text in parsed.iter_all_terms(phrases=True):
        if fieldname in fields:
            words.add(text if isinstance(text, str) else text.decode("utf-8", "replace"))
    return words


class _StopWordPlugin(qparser.Plugin):
    """Makes the stop words of the text fields (dan, di, pukul) add nothing to a query.

    The text fields drop them but the names field keeps every word, so the
    multifield expansion would leave ``names:dan`` alone as a required term and
    the query would find nothing. As in plain-word queries, a stop word neither
    restricts nor ranks. It keeps its place until the operators are applied, so
    ``pelantikan NOT dan rapat`` does not become ``pelantikan NOT rapat``.
    Phrases are left whole: the analyzer skips their stop words and keeps the
    order of the others.
    """

    class StopWord(syntax.SyntaxNode):
        """A stop word's place: operators bind to it, then it gives no query (and its group drops it)."""

        def __init__(self, node) -> None:
            self.text, self.startchar, self.endchar = node.text, node.startchar, node.endchar

        def r(self) -> str:
            return f"STOP {self.text!r}"

        def query(self, parser):
            return None

    def filters(self, parser):
        # After explicit prefixes are applied (100), before the multifield expansion (110).
        return [(self.mark_stop_words, 105)]

    def mark_stop_words(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.mark_stop_words(parser, node)
            elif _is_stop_word(node):
                group[i] = self.StopWord(node)
        return group


def _is_stop_word(node) -> bool:
    """An unfielded word whose every part ("di", "di-dan") is a stop word."""
    if type(node) is not syntax.WordNode or node.fieldname is not None:
        return False
    words = re.findall(WORD_PATTERN, node.text)
    return bool(words) and all(text_term(w) is None for w in words)


def _aliases_by_field() -> dict[str, list[str]]:
    """FIELD_ALIASES the way Whoosh wants them: field -> every prefix that names it (person, name, speaker)."""
    aliases: dict[str, list[str]] = {}
    for alias, field_name in FIELD_ALIASES.items():
        if alias != field_name:
            aliases.setdefault(field_name, []).append(alias)
    return aliases


def _check_syntax(query: str) -> None:
    """Catch what Whoosh's forgiving parser would silently misread (or fail on with an internal error)."""
    if query.count('"') % 2:
        raise QueryError("unbalanced quotation mark in {query!r}", query=query)
    # A phrase is one term: the brackets, operators and colons inside it are words.
    outside = re.sub(r'"[^"]*"', '""', query)
    depth = 0
    for char in outside:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise QueryError("unbalanced parentheses in {query!r}", query=query)
    _check_operators(query, re.findall(r"[()]|[^\s()]+", outside))
    _check_prefixes(query, outside)
    _check_phrases(query)


def _check_phrases(query: str) -> None:
    """A phrase of stop words only would silently find nothing: the text fields leave them out."""
    for phrase in re.findall(r'(?<![:\w])"([^"]*)"', query):
        words = re.findall(WORD_PATTERN, phrase)
        if words and all(text_term(w) is None for w in words):
            raise QueryError("the phrase {phrase!r} has only common words (stop words), which the index leaves out: "
                             "add a word that says more", phrase=phrase)


def _check_operators(query: str, tokens: list[str]) -> None:
    """Every operator needs a term after it, and AND, OR, ... one before it (NOT may follow them)."""
    for i, token in enumerate(tokens):
        if token not in _OPERATORS:
            continue
        before = tokens[i - 1] if i else "("
        after = tokens[i + 1] if i + 1 < len(tokens) else ")"
        missing_before = token != "NOT" and (before == "(" or before in _OPERATORS)
        missing_after = after == ")" or (after in _OPERATORS and (after != "NOT" or token == "NOT"))
        if missing_before or missing_after:  # Whoosh would drop it, read it as a word, or fail
            raise QueryError("operator without a term on both sides in {query!r}", query=query)


def _check_prefixes(query: str, outside: str) -> None:
    """Field prefixes must be known and followed by what they apply to (title:word, title:"...", title:(...))."""
    for prefix, rest in re.findall(r'(?:^|[\s(])([A-Za-z_]\w*):(\S?)', outside):
        if prefix not in FIELD_ALIASES:
            raise QueryError("unknown field {field!r}: use one of {choices}", field=prefix,
                             choices=", ".join(sorted(FIELD_ALIASES)))
        if rest in ("", ")"):  # Whoosh would search for the word 'title' instead
            raise QueryError("cannot read the query {query!r}: {reason}", query=query,
                             reason=Label("a field name needs a word or a quoted phrase right after its colon"))


def _same_case(word: str | None, like: str) -> str | None:
    if word is None or like.islower():
        return word
    return word.upper() if like.isupper() else word.capitalize()
