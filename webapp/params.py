"""Reading a search request from the URL, and writing URLs that change one part of it.

Pages and the JSON API share these rules, so ``/search?…`` and ``/api/search?…``
accept exactly the same parameters. Anything wrong raises ``ParamError`` with a
message the user can act on; views turn it into a 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from index.query import FACETS, SORTS, Filters, QueryError, parse_date
from webapp.i18n import LANGUAGES

# URL parameter -> Filters field. "place" matches any level; the others are facets.
FILTER_PARAMS = {name: name for name in FACETS} | {"place": "place"}
DATE_PARAMS = ("from", "to")
EXPORT_FORMATS = ("csv", "jsonl", "xlsx")
MAX_QUERY_CHARS = 500
MAX_VALUES = 50  # values per filter
MAX_VALUE_CHARS = 200
MAX_PER_PAGE = 100
MAX_DEEP_RESULT = 10_000  # page * per_page; deeper paging is what exports are for
# Parameters every search URL may carry besides the filters.
BASE_PARAMS = {"q", "sort", "page", "per_page", "from", "to", "lang"}
SEARCH_PARAMS = BASE_PARAMS | set(FILTER_PARAMS)
PERSON_PER_PAGE = 50  # quotes, and bulletins, per page of a person page
PERSON_PARAMS = {"qpage", "apage", "per_page", "lang"}

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ParamError(QueryError):
    """A URL parameter the user must fix; shown as a 400 with this message (a template, as for QueryError)."""


@dataclass(frozen=True)
class SearchRequest:
    """Everything a search page or API call asks for."""

    query: str
    filters: Filters
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


def parse_search(args: MultiDict, strict: bool = False) -> SearchRequest:
    """Validate the query string of a search; ``strict`` also refuses unknown parameters.

    Without ``sort``, results come by relevance when there are search words and
    newest first when there are none.
    """
    if strict:
        _reject_unknown(args, SEARCH_PARAMS)
    query = args.get("q", "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise ParamError("the query is too long ({length} characters; at most {limit})",
                         length=len(query), limit=MAX_QUERY_CHARS)
    sort = args.get("sort") or ("relevance" if query else "date")
    if sort not in SORTS:
        raise ParamError("sort must be one of {choices}, not {value!r}", choices=", ".join(SORTS), value=sort)
    per_page = _int_param(args, "per_page", 20, 1, MAX_PER_PAGE)
    page = _page(args, "page", per_page)
    return SearchRequest(query=query, filters=parse_filters(args), sort=sort, page=page, per_page=per_page)


@dataclass(frozen=True)
class PersonPages:
    """Which page of a person's quotes and of their bulletins to show."""

    quotes: int = 1
    articles: int = 1
    per_page: int = PERSON_PER_PAGE


def parse_person_pages(args: MultiDict, strict: bool = False) -> PersonPages:
    """``qpage`` (quotes), ``apage`` (bulletins) and ``per_page`` of a person page or its JSON twin."""
    if strict:
        _reject_unknown(args, PERSON_PARAMS)
    per_page = _int_param(args, "per_page", PERSON_PER_PAGE, 1, MAX_PER_PAGE)
    return PersonPages(quotes=_page(args, "qpage", per_page), articles=_page(args, "apage", per_page),
                       per_page=per_page)


def _reject_unknown(args: MultiDict, known: set[str]) -> None:
    """The API's check: an unknown parameter or language is a mistake to point out, not to ignore."""
    unknown = sorted(set(args) - known)
    if unknown:
        raise ParamError("unknown parameter {name!r}; known: {known}", name=unknown[0], known=", ".join(sorted(known)))
    lang = args.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise ParamError("lang must be one of {choices}, not {value!r}", choices=", ".join(LANGUAGES), value=lang)


def _page(args: MultiDict, name: str, per_page: int) -> int:
    """A page number from 1, no deeper than ``MAX_DEEP_RESULT`` results (deeper is what exports are for)."""
    page = _int_param(args, name, 1, 1, None)
    if page * per_page > MAX_DEEP_RESULT:
        raise ParamError("{name} {page} is too deep (at most {limit} results by paging; use an export)",
                         name=name, page=page, limit=MAX_DEEP_RESULT)
    return page


def parse_filters(args: MultiDict) -> Filters:
    values: dict[str, tuple[str, ...]] = {}
    for param, field_name in FILTER_PARAMS.items():
        items = tuple(dict.fromkeys(v.strip() for v in args.getlist(param) if v.strip()))
        if len(items) > MAX_VALUES:
            raise ParamError("too many values for {name} ({count}; at most {limit})",
                             name=param, count=len(items), limit=MAX_VALUES)
        if any(len(v) > MAX_VALUE_CHARS for v in items):
            raise ParamError("a value of {name} is too long (at most {limit} characters)",
                             name=param, limit=MAX_VALUE_CHARS)
        values[field_name] = items
    for year in values["year"]:
        if not _YEAR.match(year):
            raise ParamError("year must look like 2023, not {value!r}", value=year)
    for month in values["month"]:
        if not _MONTH.match(month):
            raise ParamError("month must look like 2023-01, not {value!r}", value=month)
    date_from = parse_date(args.get("from", ""), "from", end=False)
    date_to = parse_date(args.get("to", ""), "to", end=True)
    return Filters(**values, date_from=date_from, date_to=date_to)


def _int_param(args: MultiDict, name: str, default: int, low: int, high: int | None) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[-+]?\d+", raw):
        raise ParamError("{name} must be a whole number, not {value!r}", name=name, value=raw[:40])
    # Past 18 digits the exact number no longer matters (and int() of thousands of digits refuses).
    value = int(raw) if len(raw) <= 18 else (-1 if raw.startswith("-") else 10**18)
    if high is not None and not low <= value <= high:
        raise ParamError("{name} must be between {low} and {high}, not {value}", name=name, low=low, high=high,
                         value=raw[:40])
    if value < low:
        raise ParamError("{name} must be at least {low}, not {value}", name=name, low=low, value=raw[:40])
    return value


# -- URLs that keep the state ----------------------------------------------------------


def state_args(args: MultiDict, drop: tuple[str, ...] = ("page", "lang")) -> MultiDict:
    """The search state of a request (known parameters only), minus ``drop``."""
    kept = MultiDict()
    for key, value in args.items(multi=True):
        if key in SEARCH_PARAMS and key not in drop and value.strip():
            kept.add(key, value)
    return kept


def with_args(path: str, args: MultiDict, **changes: object) -> str:
    """``path`` with ``args``, where each change sets (value), removes (None) one parameter."""
    merged = MultiDict(args)
    for key, value in changes.items():
        key = key.rstrip("_")  # from_ -> from
        merged.poplist(key)
        if value not in (None, ""):
            merged.setlist(key, value if isinstance(value, (list, tuple)) else [value])
    query = urlencode(list(merged.items(multi=True)))
    return f"{path}?{query}" if query else path


def toggle_value(path: str, args: MultiDict, param: str, value: str) -> str:
    """URL with ``value`` added to, or removed from, the values of ``param`` (page reset)."""
    current = args.getlist(param)
    new = [v for v in current if v != value] if value in current else current + [value]
    return with_args(path, args, **{param: new or None, "page": None})
