"""Tables for analysts (``warta export``): any search, any size, CSV / JSON Lines / XLSX.

Rows are generated one article at a time from the archive (the system of
record), restricted to the articles the index says match the query and
filters. Per-article tables (articles, roles, quotes, events) stream with flat
memory; the summary tables (people, organizations, places) keep one entry per
distinct name, never one per row. Without an index, ``articles`` (and the other
kinds) can still be exported for the whole archive, filtered by site and date.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import numpy as np

from crawler.archive import Archive, Article
from index import records
from index.query import Filters, QueryError
from index.schema import IndexLocation

EXPORT_KINDS = ("articles", "people", "roles", "organizations", "places", "quotes", "events")
FORMATS = ("csv", "jsonl", "xlsx")

COLUMNS = {
    "articles": ["article_id", "url", "site", "title", "published", "category", "story_id", "persons",
                 "organizations", "places", "event_types", "quotes", "text"],
    "people": ["person_id", "name", "aliases", "roles", "mentions", "quotes", "articles", "first_seen",
               "last_seen", "sites"],
    "roles": ["person", "person_id", "role", "position", "body", "region", "article_id", "article_url", "date", "site"],
    "organizations": ["organization", "articles", "first_seen", "last_seen", "sites"],
    "places": ["place", "kind", "code", "regency", "province", "articles", "first_seen", "last_seen"],
    "quotes": ["text", "speaker", "role", "date", "site", "article_id", "article_title", "article_url", "places",
               "event_types"],
    "events": ["article_id", "article_url", "date", "site", "title", "event_types", "places", "regencies", "provinces"],
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767
AGGREGATES = ("people", "organizations", "places")  # one row per name, not per bulletin
FETCH_ONE_BY_ONE = 0.2  # below this share of the archive, fetch matching articles by id


def export_to(settings, kind: str, query: str, filters: Filters, fmt: str, output_path: str,
              sort: str | None = None) -> int:
    """Write the table to ``output_path`` ('-' for stdout); returns the number of rows."""
    rows = export_rows(settings, kind, query, filters, sort)
    if output_path == "-":
        return write_rows(rows, fmt, sys.stdout.buffer, COLUMNS[kind])
    try:
        out = open(output_path, "wb")
    except OSError as exc:  # a missing folder or no permission: the user's to fix, not a crash
        raise QueryError(f"cannot write {output_path}: {exc.strerror}") from exc
    with out:
        return write_rows(rows, fmt, out, COLUMNS[kind])


def export_rows(settings, kind: str, query: str, filters: Filters, sort: str | None = None) -> Iterator[dict]:
    """The rows of one table. With ``sort`` ("relevance" or "date") the rows of bulletins, roles,
    quotes and events come in the order a search shows them; without, in the archive's order,
    which streams the whole archive fastest."""
    if kind not in EXPORT_KINDS:
        raise QueryError(f"unknown export {kind!r}: use one of {', '.join(EXPORT_KINDS)}")
    if not settings.archive_path.exists():
        raise QueryError(f"no archive at {settings.archive_path}: crawl or ingest some bulletins first")
    if kind == "quotes" and IndexLocation(settings.index_dir).current() is not None:
        return _indexed_quote_rows(settings, query, filters, sort)
    if kind in AGGREGATES:
        sort = None  # one row per name: the order of the bulletins does not show
    articles = _matching_articles(settings, query, filters, sort)
    return ROW_MAKERS[kind](articles)


# -- which articles ------------------------------------------------------------------------


def _matching_articles(settings, query: str, filters: Filters,
                       sort: str | None) -> Iterator[tuple[Article, dict | None]]:
    if IndexLocation(settings.index_dir).current() is None:
        return _archive_only(settings, query, filters)
    from index.search import Searcher

    searcher = Searcher(settings)  # opened now, so a bad query fails before any output
    try:
        if sort is None:
            ids = np.unique(searcher.arrays.article_ids[searcher.match_mask(query, filters, "articles")])
        else:
            ids = searcher.arrays.article_ids[searcher.ordered(query, filters, "articles", sort)]
    finally:
        searcher.close()
    return _articles_by_id(settings, ids, in_order=sort is not None)


def _indexed_quote_rows(settings, query: str, filters: Filters, sort: str | None) -> Iterator[dict]:
    """Quotes matching the query themselves (as in quote search), from the index's stored fields."""
    from index.search import Searcher

    searcher = Searcher(settings)
    try:
        if sort is None:
            docnums = np.nonzero(searcher.match_mask(query, filters, "quotes"))[0]
        else:
            docnums = np.asarray(searcher.ordered(query, filters, "quotes", sort), dtype=np.int64)
    except Exception:
        searcher.close()
        raise

    def generate():
        try:
            for docnum in docnums.tolist():
                hit = searcher.searcher.stored_fields(docnum)["hit"]
                yield {"text": hit["quote"], "speaker": hit["speaker"], "role": hit["speaker_role"],
                       "date": hit["published"], "site": hit["site"], "article_id": hit["article_id"],
                       "article_title": hit["title"], "article_url": hit["url"], "places": hit["places"],
                       "event_types": hit["event_types"]}
        finally:
            searcher.close()

    return generate()


def _articles_by_id(settings, ids: np.ndarray, in_order: bool = False) -> Iterator[tuple[Article, dict | None]]:
    """The articles of ``ids``: a sorted array unless ``in_order``, which keeps the order given."""
    with Archive(settings.archive_path, readonly=True) as archive:
        if not in_order and len(ids) > FETCH_ONE_BY_ONE * max(archive.count_articles(), 1):
            for article, analysis in archive.iter_analyzed(0):
                if not article.deleted and _contains(ids, article.id):
                    yield article, analysis
        else:
            for article_id in ids.tolist():
                article = archive.get_article(article_id)
                if article is not None and not article.deleted:
                    yield article, archive.get_analysis(article_id)


def _contains(sorted_ids: np.ndarray, value: int) -> bool:
    pos = int(np.searchsorted(sorted_ids, value))
    return pos < len(sorted_ids) and int(sorted_ids[pos]) == value


def _archive_only(settings, query: str, filters: Filters) -> Iterator[tuple[Article, dict | None]]:
    """No index: the whole archive, with the filters that need no index (site, dates)."""
    needs_index = [f for f in ("person", "role", "org", "place", "province", "regency", "event_type")
                   if getattr(filters, f)]
    if query.strip() or needs_index:
        raise QueryError("searching needs the index: run `warta index` first (or export without a query)")
    sites = {s.lower() for s in filters.site}
    lo = filters.date_from.isoformat() if filters.date_from else None
    hi = filters.date_to.isoformat() if filters.date_to else None

    def generate():
        with Archive(settings.archive_path, readonly=True) as archive:
            for article, analysis in archive.iter_analyzed(0):
                day = article.published or (analysis or {}).get("published")
                if article.deleted or (sites and article.site.lower() not in sites and
                                       article.site.lower().split(".")[0] not in sites):
                    continue
                if (lo and (not day or day < lo)) or (hi and (not day or day[:10] > hi)):
                    continue
                yield article, analysis

    return generate()


# -- rows per kind ---------------------------------------------------------------------------


def _day(article: Article, analysis: dict | None) -> str | None:
    return article.published or (analysis or {}).get("published")


def article_rows(items) -> Iterator[dict]:
    for article, analysis in items:
        yield {
            "article_id": article.id, "url": article.url, "site": article.site, "title": article.title,
            "published": _day(article, analysis), "category": article.category,
            "story_id": article.story_id,  # copies of one bulletin on several sites share it
            "persons": [p.name for p in records.persons(analysis)],
            "organizations": records.organizations(analysis),
            "places": [p.name for p in records.places(analysis)],
            "event_types": list((analysis or {}).get("event_types") or []),
            "quotes": len((analysis or {}).get("quotes") or []), "text": article.text,
        }


def role_rows(items) -> Iterator[dict]:
    from index.search import person_id

    for article, analysis in items:
        for person in records.persons(analysis):
            for role in person.roles:
                position, body, region = records.split_role(role)
                yield {"person": person.name, "person_id": person_id(person.name), "role": role,
                       "position": position, "body": body, "region": region, "article_id": article.id,
                       "article_url": article.url, "date": _day(article, analysis), "site": article.site}


def quote_rows(items) -> Iterator[dict]:
    for article, analysis in items:
        for quote in records.quotes(analysis, records.persons(analysis)):
            yield {"text": quote.text, "speaker": quote.speaker, "role": quote.role,
                   "date": _day(article, analysis), "site": article.site, "article_id": article.id,
                   "article_title": article.title, "article_url": article.url,
                   "places": [p.name for p in records.places(analysis)],
                   "event_types": list((analysis or {}).get("event_types") or [])}


def event_rows(items) -> Iterator[dict]:
    for article, analysis in items:
        places = records.places(analysis)
        yield {"article_id": article.id, "article_url": article.url, "date": _day(article, analysis),
               "site": article.site, "title": article.title,
               "event_types": list((analysis or {}).get("event_types") or []),
               "places": [p.name for p in places],
               "regencies": _unique(p.regency for p in places), "provinces": _unique(p.province for p in places)}


class _Seen:
    """First and last date, article count and sites of one name across articles."""

    def __init__(self) -> None:
        self.articles, self.first, self.last, self.sites = 0, None, None, {}

    def add(self, day: str | None, site: str) -> None:
        self.articles += 1
        if day:
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)
        self.sites[site] = self.sites.get(site, 0) + 1

    def fields(self) -> dict:
        sites = sorted(self.sites, key=lambda s: -self.sites[s])
        return {"articles": self.articles, "first_seen": self.first, "last_seen": self.last, "sites": sites}


def people_rows(items) -> Iterator[dict]:
    from index.search import person_id

    people: dict[str, dict] = {}
    for article, analysis in items:
        day = _day(article, analysis)
        found = records.persons(analysis)
        spoken = [q.speaker for q in records.quotes(analysis, found) if q.speaker]
        for person in found:
            entry = people.setdefault(person.key, {"name": person.name, "aliases": [], "roles": [],
                                                   "mentions": 0, "quotes": 0, "seen": _Seen()})
            forms = [person.name, *person.aliases]  # another spelling of the name is an alias too
            entry["aliases"] += [a for a in forms if a != entry["name"] and a not in entry["aliases"]]
            entry["roles"] += [r for r in person.roles if r not in entry["roles"]]
            entry["mentions"] += person.mentions
            entry["quotes"] += sum(1 for s in spoken if records.name_key(s) == person.key)
            entry["seen"].add(day, article.site)
    for entry in sorted(people.values(), key=lambda e: (-e["seen"].articles, e["name"])):
        seen = entry.pop("seen").fields()
        yield {"person_id": person_id(entry["name"]), **entry, **seen}


def organization_rows(items) -> Iterator[dict]:
    orgs: dict[str, tuple[str, _Seen]] = {}
    for article, analysis in items:
        for name in records.organizations(analysis):
            orgs.setdefault(records.fold(name), (name, _Seen()))[1].add(_day(article, analysis), article.site)
    for name, seen in sorted(orgs.values(), key=lambda e: (-e[1].articles, e[0])):
        yield {"organization": name, **seen.fields()}


def place_rows(items) -> Iterator[dict]:
    places: dict[tuple, tuple[records.Place, _Seen]] = {}
    for article, analysis in items:
        for place in records.places(analysis):
            key = (records.fold(place.name), place.code or "")
            places.setdefault(key, (place, _Seen()))[1].add(_day(article, analysis), article.site)
    for place, seen in sorted(places.values(), key=lambda e: (-e[1].articles, e[0].name)):
        fields = seen.fields()
        yield {"place": place.name, "kind": place.kind, "code": place.code, "regency": place.regency,
               "province": place.province, "articles": fields["articles"], "first_seen": fields["first_seen"],
               "last_seen": fields["last_seen"]}


ROW_MAKERS = {"articles": article_rows, "people": people_rows, "roles": role_rows,
              "organizations": organization_rows, "places": place_rows, "quotes": quote_rows, "events": event_rows}


def _unique(values: Iterable) -> list:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


# -- formats ------------------------------------------------------------------------------------


def write_rows(rows: Iterable[dict], fmt: str, out: BinaryIO, columns: list[str] | None = None) -> int:
    """Write rows as csv, jsonl or xlsx to a binary stream; returns the number of rows.

    ``columns`` gives the header of an empty table (otherwise the first row's keys).
    """
    if fmt == "csv":
        return _write_csv(rows, out, columns)
    if fmt == "jsonl":
        return _write_jsonl(rows, out)
    if fmt == "xlsx":
        return _write_xlsx(rows, out, columns)
    raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def _cell(value) -> str | int | float | None:
    """A flat, spreadsheet-safe cell: lists joined, formula-like text defused."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _write_csv(rows: Iterable[dict], out: BinaryIO, columns: list[str] | None) -> int:
    """UTF-8 with a byte order mark, which spreadsheet programs need to read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count, header = 0, None
    out.write("\ufeff".encode("utf-8"))
    for row in rows:
        if header is None:
            header = list(row)
            writer.writerow(header)
        writer.writerow([_cell(row.get(k)) for k in header])
        count += 1
        if buffer.tell() > 64_000:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    if header is None and columns:
        writer.writerow(columns)
    out.write(buffer.getvalue().encode("utf-8"))
    out.flush()
    return count


def _write_jsonl(rows: Iterable[dict], out: BinaryIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    out.flush()
    return count


def _write_xlsx(rows: Iterable[dict], out: BinaryIO, columns: list[str] | None) -> int:
    """XLSX in constant memory; a new sheet every million rows (Excel's limit)."""
    import xlsxwriter

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        book = xlsxwriter.Workbook(tmp.name, {"constant_memory": True, "strings_to_formulas": False,
                                              "strings_to_urls": False, "strings_to_numbers": False})
        count, sheet, row_no, header = 0, None, 0, None
        for row in rows:
            if sheet is None or row_no >= XLSX_MAX_ROWS:
                header = header or list(row)
                sheet = book.add_worksheet(f"rows {count + 1}-")
                sheet.write_row(0, 0, header)
                row_no = 1
            sheet.write_row(row_no, 0, [_xlsx_cell(row.get(k)) for k in header])
            row_no += 1
            count += 1
        if sheet is None:
            book.add_worksheet("rows").write_row(0, 0, columns or [])
        book.close()
        with open(tmp.name, "rb") as fh:
            shutil.copyfileobj(fh, out)
    out.flush()
    return count


def _xlsx_cell(value):
    value = _cell(value)
    if isinstance(value, str) and len(value) > XLSX_MAX_CELL:
        value = value[: XLSX_MAX_CELL - 1] + "…"
    return value
