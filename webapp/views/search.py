"""The search page (bulletins) and the quote finder: one template, two kinds of hits."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from index.query import FACETS
from index.search import FACET_LIMIT
from webapp.chart import bar_chart
from webapp.i18n import event_label, translate
from webapp.params import DATE_PARAMS, FILTER_PARAMS, EXPORT_FORMATS, parse_search, state_args, with_args
from webapp.results import run_search

bp = Blueprint("search", __name__)

# In the quote finder, the person and role facets are the speaker's.
QUOTE_FACET_LABELS = {"person": "Speaker", "role": "Role of speaker", "position": "Position of speaker",
                      "body": "Body of speaker"}


@bp.get("/")
@bp.get("/search")
def search():
    return _render("articles")


@bp.get("/quotes")
def quotes():
    return _render("quotes")


def _render(kind: str):
    args = request.args
    req = parse_search(args)
    page = run_search(kind, req)
    path = request.path if request.path != "/" else url_for("search.search")
    state = state_args(args)
    api = "api.search" if kind == "articles" else "api.quotes"
    chart_title = translate("Matching bulletins over time" if kind == "articles" else "Matching quotes over time")
    return render_template(
        "search.html",
        kind=kind, page=page, req=req, path=path, state=state, facets=FACETS, facet_limit=FACET_LIMIT,
        QUOTE_FACET_LABELS=QUOTE_FACET_LABELS, facet_items=facet_items, unlisted=unlisted,
        chips=active_chips(path, state),
        clear_url=with_args(path, MultiDict([("q", req.query)] if req.query else [])),
        chart_title=chart_title,
        chart=bar_chart(page.histogram, chart_title,
                        link=lambda unit, key: with_args(path, state, **{unit: key, "page": None})),
        exports=[(fmt.upper(), with_args(url_for("api.export", kind=kind), state, format=fmt)) for fmt in EXPORT_FORMATS],
        json_url=with_args(url_for(api), state_args(args, drop=("lang",))),
        other_kind_url=with_args(url_for("search.quotes" if kind == "articles" else "search.search"), state),
    )


def active_chips(path: str, state: MultiDict) -> list[tuple[str, str, str]]:
    """``(facet label, value label, URL without it)`` for every active filter."""
    chips = []
    for param in list(FILTER_PARAMS) + list(DATE_PARAMS):
        for value in state.getlist(param):
            remaining = [v for v in state.getlist(param) if v != value]
            label = event_label(value) if param == "event_type" else value
            chips.append((translate(param) if param in FILTER_PARAMS else translate(param.capitalize()), label,
                          with_args(path, state, **{param: remaining or None})))
    return chips


def facet_items(facet: str, pairs: list[tuple[str, int]], active: list[str]) -> Markup:
    """The ``<li>`` checkboxes of ``(value, count)`` pairs of ``facet``, checked when in ``active``.

    Built here rather than in a template loop: a page lists up to 500 values
    (every month among them), and a Jinja loop costs several times as much per
    value. Every value is escaped; event type codes show their label.
    """
    name = escape(facet)
    checked = set(active)
    rows = []
    for value, count in pairs:
        value_html = escape(value)
        label_html = escape(event_label(value)) if facet == "event_type" else value_html
        mark = " checked" if value in checked else ""
        rows.append(f'<li><label><input type="checkbox" form="search-form" name="{name}" value="{value_html}"{mark}> '
                    f'{label_html} <span class="count">{int(count)}</span></label></li>')
    return Markup("\n".join(rows))


def unlisted(active: list[str], counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Active values the counts do not list (none among the matches, or past the most frequent): with count 0."""
    listed = {value for value, _ in counts}
    return [(value, 0) for value in active if value not in listed]
