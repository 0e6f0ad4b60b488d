"""The person page: names, roles over time, every quote and bulletin (paged), timeline, company kept, sites."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from webapp.backend import searcher
from webapp.chart import bar_chart
from webapp.i18n import message, translate
from webapp.params import EXPORT_FORMATS, PERSON_PARAMS, PersonPages, parse_person_pages, with_args

bp = Blueprint("people", __name__)


def load_person(person_id: str, pages: PersonPages = PersonPages()) -> dict:
    """The person with this id and the asked pages of their quotes and bulletins; 404 if unknown."""
    if len(person_id) > 200:
        abort(404, description=message("no such person"))
    with searcher() as s:
        # The page lists bulletins by title: their texts are not read.
        person = s.person(person_id, quotes_page=pages.quotes, articles_page=pages.articles,
                          per_page=pages.per_page, snippets=False)
    if not person:
        abort(404, description=message("no person with id {id!r}", id=person_id))
    return person


@bp.get("/people/<person_id>")
def person(person_id: str):
    pages = parse_person_pages(request.args)
    p = load_person(person_id, pages)
    by_person = MultiDict([("person", p["name"])])
    search_url = url_for("search.search")
    here = url_for("people.person", person_id=person_id)
    state = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k in PERSON_PARAMS and k != "lang"])
    return render_template(
        "person.html", p=p,
        chart=bar_chart(p.get("timeline") or [], translate("Mentions over time"),
                        link=lambda unit, key: with_args(search_url, by_person, **{unit: key})),
        quote_exports=[(fmt.upper(), with_args(url_for("api.export", kind="quotes"), by_person, format=fmt))
                       for fmt in EXPORT_FORMATS],
        article_exports=[(fmt.upper(), with_args(url_for("api.export", kind="articles"), by_person, format=fmt))
                         for fmt in EXPORT_FORMATS],
        json_url=with_args(url_for("api.person", person_id=person_id), state),
        quotes_url=with_args(url_for("search.quotes"), by_person),
        articles_url=with_args(search_url, by_person),
        # The other list's page stays in the URL when one list is paged.
        quote_page_url=lambda n: with_args(here, state, qpage=n if n > 1 else None) + "#quotes-h",
        article_page_url=lambda n: with_args(here, state, apage=n if n > 1 else None) + "#articles-h",
    )
