"""The search interface every front end uses: filters in, results and facet counts out.

These plain records are all that ``webapp/`` and the command line see of the
index; Whoosh types stay inside ``index/`` so another engine can serve the same
interface later.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, fields
from datetime import date

# Facet names, in the order the UI shows them.
FACETS = ("event_type", "person", "role", "position", "body", "org", "province", "regency", "site", "year", "month")
KINDS = ("articles", "quotes")
SORTS = ("relevance", "date")


class Label(str):
    """A value of a ``QueryError`` that is itself interface text (a facet's name), so it is translated too."""


class QueryError(ValueError):
    """A query or filter the user must fix (bad syntax, unknown value, impossible range).

    The message is an English template with named values, ``QueryError("unknown
    sort {sort!r}", sort=value)``: ``str()`` gives the English line the command
    line prints, and the web app translates the template before filling it in.
    """

    def __init__(self, template: str, **values) -> None:
        super().__init__(template.format(**values) if values else template)
        self.template, self.values = template, values


@dataclass(frozen=True)
class Filters:
    """Facet filters. Values within one facet are OR-ed, facets are AND-ed."""

    person: tuple[str, ...] = ()
    role: tuple[str, ...] = ()  # as written: "Ketua KPU Kabupaten Sleman"
    position: tuple[str, ...] = ()  # of a role: "Ketua"
    body: tuple[str, ...] = ()  # of a role: "KPU Kabupaten Sleman"
    org: tuple[str, ...] = ()
    place: tuple[str, ...] = ()  # any level: province, regency, or a smaller place
    province: tuple[str, ...] = ()
    regency: tuple[str, ...] = ()
    event_type: tuple[str, ...] = ()
    site: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    month: tuple[str, ...] = ()  # "YYYY-MM"
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("impossible date range: {start} is after {end}", start=self.date_from, end=self.date_to)

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


# The facet filters of ``Filters`` (all its fields but the dates).
FILTER_FACETS = tuple(f.name for f in fields(Filters) if not f.name.startswith("date_"))


def parse_date(value: str, name: str, end: bool) -> date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a partial ``end`` date means the end of that period.

    ``--to 2023`` (or ``to=2023``) is 2023-12-31 and ``2023-02`` is 2023-02-28:
    a period given as its start and end year or month includes all of it.
    Shared by the web app and the command line, so both read dates alike.
    """
    value = value.strip()
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) > 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if len(parts) == 3:
            day = int(parts[2])
        else:
            day = calendar.monthrange(year, month)[1] if end else 1
        return date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError("{name} must be a date like 2023-01-26, 2023-01 or 2023, not {value!r}",
                         name=name, value=value) from None


@dataclass
class Hit:
    """One result: an article, or a quote with its article."""

    kind: str  # "article" | "quote"
    id: str  # article id, or "<article id>:<quote number>"
    article_id: int
    title: str
    url: str
    site: str
    published: str | None
    snippet: str  # HTML: escaped text with <mark> around matched terms
    score: float = 0.0
    persons: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    # Quotes only:
    quote: str | None = None
    speaker: str | None = None
    speaker_role: str | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]  # facet name -> [(value, count)], most frequent first
    page: int = 1
    per_page: int = 20
    suggestion: str | None = None  # "did you mean", a corrected query
