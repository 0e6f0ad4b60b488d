"""The person page: names, roles over time, quotes, timeline, company kept, sites."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from werkzeug.datastructures import MultiDict

from webapp.backend import searcher
from webapp.chart import bar_chart
from webapp.i18n import translate
from webapp.params import EXPORT_FORMATS, with_args

bp = Blueprint("people", __name__)


def load_person(person_id: str) -> dict:
    if len(person_id) > 200:
        abort(404, description="no such person")
    with searcher() as s:
        person = s.person(person_id)
    if not person:
        abort(404, description=f"no person with id {person_id!r}")
    return person


@bp.get("/people/<person_id>")
def person(person_id: str):
    p = load_person(person_id)
    by_person = MultiDict([("person", p["name"])])
    search_url = url_for("search.search")
    return render_template(
        "person.html", p=p,
        chart=bar_chart(p.get("timeline") or [], translate("Mentions over time"),
                        link=lambda unit, key: with_args(search_url, by_person, **{unit: key})),
        quote_exports=[(fmt.upper(), with_args(url_for("api.export", kind="quotes"), by_person, format=fmt))
                       for fmt in EXPORT_FORMATS],
        article_exports=[(fmt.upper(), with_args(url_for("api.export", kind="articles"), by_person, format=fmt))
                         for fmt in EXPORT_FORMATS],
        json_url=url_for("api.person", person_id=person_id),
        quotes_url=with_args(url_for("search.quotes"), by_person),
        articles_url=with_args(search_url, by_person),
    )
