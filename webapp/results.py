"""Running a search for a page or the API, and turning results into JSON-ready dicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from datetime import date

from index.query import FACETS, Label, SearchResult
from webapp.backend import searcher
from webapp.params import ParamError, SearchRequest


@dataclass
class SearchPage:
    """What a search page shows: one page of results, facet counts, and counts per month."""

    request: SearchRequest
    kind: str  # "articles" | "quotes"
    result: SearchResult
    histogram: list[tuple[str, int]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.result.total // self.request.per_page))


def run_search(kind: str, req: SearchRequest, histogram: bool = True) -> SearchPage:
    with searcher() as s:
        result = s.search(req.query, req.filters, kind=kind, sort=req.sort, page=req.page,
                          per_page=req.per_page, facets=True)
    # The month facet counts every month of the same matches: the histogram, without searching twice.
    counts = result.facets.get("month", []) if histogram else []
    page = SearchPage(request=req, kind=kind, result=result, histogram=list(counts))
    if req.page > page.pages:  # a stale or mistyped link: say so rather than show an empty page
        raise ParamError("there is no page {page} of {what}: there are {pages}", page=req.page,
                         what=Label("bulletins" if kind == "articles" else "quotes"), pages=page.pages)
    return page


def filters_dict(req: SearchRequest) -> dict:
    out = {}
    for name, value in asdict(req.filters).items():
        if value:
            out[name] = value.isoformat() if isinstance(value, date) else list(value)
    return out


def page_dict(page: SearchPage) -> dict:
    """The JSON twin of a search page."""
    result = page.result
    return {
        "kind": page.kind,
        "query": page.request.query,
        "filters": filters_dict(page.request),
        "sort": page.request.sort,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": page.pages,
        "suggestion": result.suggestion,
        "hits": [to_json(hit) for hit in result.hits],
        "facets": {name: [[v, c] for v, c in result.facets.get(name, [])] for name in FACETS if name in result.facets},
        "histogram": [[k, c] for k, c in page.histogram],
    }


def to_json(value):
    """Dataclasses, tuples and dates as plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: to_json(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
