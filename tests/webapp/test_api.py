"""The JSON API and exports: same parameters as the pages, clear 400s, unpaged streamed files."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from index.search import person_id
from webapp.params import FILTER_PARAMS


def test_search_returns_hits_facets_and_histogram(client):
    data = client.get("/api/search?q=pemilih&per_page=3").json
    assert data["total"] > 3 and len(data["hits"]) == 3 and data["pages"] == -(-data["total"] // 3)
    assert set(data["facets"]) >= {"event_type", "person", "site", "year"}
    # Undated bulletins have no place on the time axis.
    assert 0 < sum(c for _, c in data["histogram"]) <= data["total"]
    assert all({"id", "title", "url", "site", "published", "snippet", "persons"} <= set(h) for h in data["hits"])


def test_quotes_endpoint_returns_quotes_with_speakers(client):
    data = client.get("/api/quotes?person=Lukman+Hakim").json
    assert data["kind"] == "quotes" and data["total"] >= 1
    assert all(h["kind"] == "quote" and h["quote"] for h in data["hits"])
    assert any(h["speaker"] == "Lukman Hakim" for h in data["hits"])


def test_article_and_person_endpoints(client, ids):
    art = client.get(f"/api/articles/{ids['seed-1']}").json
    assert art["title"] == "Rapat Koordinasi Bersama Dinas Kesehatan"
    assert art["analysis"]["event_types"] == ["rapat_koordinasi", "rekrutmen"]
    person = client.get(f"/api/people/{person_id('Lukman Hakim')}").json
    assert person["name"] == "Lukman Hakim" and person["roles"][0]["role"] == "Ketua KPU Kabupaten Probolinggo"
    assert client.get("/api/people/nobody-at-all").status_code == 404


@pytest.mark.parametrize("query, message", [
    ("page=0", "page must be at least 1"),
    ("lang=fr", "lang must be one of id, en"),
    ("page=x", "page must be a whole number"),
    ("per_page=101", "per_page must be between 1 and 100"),
    ("sort=popular", "sort must be one of"),
    ("from=2023-02-30", "from must be a date"),
    ("to=yesterday", "to must be a date"),
    ("from=2024&to=2023", "impossible date range"),
    ("month=2023-13", "month must look like 2023-01"),
    ("year=abcd", "year must look like 2023"),
    ("colour=red", "unknown parameter 'colour'"),
    ("q=" + "a" * 600, "the query is too long"),
    ("page=100000", "too deep"),
    ("q=%22unclosed", "unbalanced quotation mark"),
    ("q=(((", "unbalanced parentheses"),
])
def test_wrong_parameters_get_400_with_a_clear_message(client, query, message):
    for endpoint in ("/api/search", "/api/quotes", "/api/export/articles"):
        response = client.get(f"{endpoint}?{query}")
        assert response.status_code == 400, (endpoint, query)
        assert message in response.json["error"], response.json


def test_unknown_export_or_format_is_400(client):
    assert "unknown export" in client.get("/api/export/secrets").json["error"]
    assert "format must be one of" in client.get("/api/export/articles?format=pdf").json["error"]


def test_csv_export_is_everything_the_search_matches_unpaged(client):
    total = client.get("/api/search?q=pemilih&per_page=1").json["total"]
    response = client.get("/api/export/articles?q=pemilih&format=csv&page=1&per_page=1")
    assert response.headers["Content-Disposition"] == 'attachment; filename="warta-articles.csv"'
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == total > 1
    assert {"article_id", "url", "title", "published"} <= set(rows[0])


def test_jsonl_and_xlsx_exports_of_quotes(client):
    expected = client.get("/api/quotes?event_type=rekrutmen").json["total"]
    jsonl = client.get("/api/export/quotes?event_type=rekrutmen&format=jsonl")
    lines = [json.loads(line) for line in jsonl.get_data(as_text=True).splitlines() if line]
    assert len(lines) == expected > 0 and all(row["text"] for row in lines)
    xlsx = client.get("/api/export/quotes?event_type=rekrutmen&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == expected + 1  # header + rows
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")


def test_every_export_kind_streams(client):
    from index.export import EXPORT_KINDS

    for kind in EXPORT_KINDS:
        response = client.get(f"/api/export/{kind}?format=csv")
        assert response.status_code == 200 and response.is_streamed, kind
        assert len(response.get_data(as_text=True).splitlines()) > 1, kind


def test_openapi_describes_every_endpoint_and_filter(client):
    doc = client.get("/openapi.json").json
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/api/search", "/api/quotes", "/api/articles/{id}", "/api/people/{id}",
                                 "/api/export/{kind}"}
    names = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert names >= set(FILTER_PARAMS) | {"q", "from", "to", "sort", "page", "per_page"}


ODD_URLS = [
    "/search?q=%00", "/search?q=%ff%fe", "/search?person=", "/people/%00", "/people/" + "a" * 300,
    "/search?q=*:*", "/search?q=title:(", "/search?q=a%20OR", "/search?q=NOT", "/search?q=%22%22",
    "/search?from=0000-01-01", "/search?from=9999-12-31", "/search?q=[a%20TO", "/search?q=a~2", "/search?q=%2A%3F",
    "/search?page=99999999999999999999999", "/search?per_page=-1", "/search?year=0000", "/search?month=0000-01",
    "/search?province=x&regency=y", "/api/search?q=a&q=b", "/search?sort=date&sort=relevance",
    "/api/people/%2e%2e", "/search?q=a" + "%20b" * 200, "/search?" + "&".join(["site=x"] * 60),
    "/quotes?q=%E2%80%9C", "/api/export/people?q=%5B", "/api/quotes?from=2023-02-29",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_input_never_breaks_the_server(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404), response.get_data(as_text=True)[:500]
    if response.status_code == 400:
        body = response.get_data(as_text=True)
        assert (response.json or {}).get("error") if response.is_json else 'class="error"' in body


@pytest.mark.parametrize("kind, query", [("articles", "q=pemilih"), ("articles", "q=pemilih&sort=date"),
                                         ("articles", "event_type=data_pemilih"), ("quotes", "q=kpu"),
                                         ("quotes", "q=kpu&sort=date"), ("events", "q=pemilih")])
def test_export_rows_come_in_the_order_the_page_shows(client, kind, query):
    api = "/api/quotes" if kind == "quotes" else "/api/search"
    shown = client.get(f"{api}?{query}&per_page=100").json["hits"]
    rows = [json.loads(line) for line in
            client.get(f"/api/export/{kind}?{query}&format=jsonl").get_data(as_text=True).splitlines() if line]
    if kind == "quotes":
        assert [r["text"] for r in rows] == [h["quote"] for h in shown]
    else:
        assert [r["article_id"] for r in rows] == [h["article_id"] for h in shown]


def test_quote_export_of_a_person_is_exactly_their_quotes(client):
    shown = client.get("/api/quotes?person=Lukman+Hakim&per_page=100").json["hits"]
    rows = [json.loads(line) for line in
            client.get("/api/export/quotes?person=Lukman+Hakim&format=jsonl").get_data(as_text=True).splitlines() if line]
    assert sorted(r["text"] for r in rows) == sorted(h["quote"] for h in shown)
    assert {r["speaker"] for r in rows} == {"Lukman Hakim"}


@pytest.mark.parametrize("query", ["", "q=pemilih", "q=rapat+OR+pemilih", "q=pemilih&event_type=data_pemilih"])
def test_every_facet_count_is_the_total_of_filtering_by_it(client, query):
    """Counts stay exact however they are computed (whole-kind counts reused, or per-document slices)."""
    for kind in ("search", "quotes"):
        data = client.get(f"/api/{kind}?{query}").json
        checked = 0
        for facet in ("event_type", "site", "year", "person"):
            if f"{facet}=" in query:
                continue  # values of one facet are OR-ed: another one widens the search
            for value, count in data["facets"][facet][:3]:
                narrowed = client.get(f"/api/{kind}", query_string=[*_pairs(query), (facet, value)]).json
                assert narrowed["total"] == count, (kind, query, facet, value)
                checked += 1
        assert checked or not data["total"]


def _pairs(query: str) -> list[tuple[str, str]]:
    return [tuple(part.replace("+", " ").split("=", 1)) for part in query.split("&") if part]


@pytest.mark.parametrize("fmt, content_type", [
    ("csv", "text/csv; charset=utf-8"),
    ("jsonl", "application/x-ndjson; charset=utf-8"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_export_content_type_names_the_charset_once(client, fmt, content_type):
    response = client.get(f"/api/export/people?format={fmt}")
    assert response.headers["Content-Type"] == content_type


@pytest.mark.parametrize("api, query", [("search", ""), ("search", "q=pemilih"), ("search", "q=pantarlih"),
                                        ("search", "event_type=data_pemilih"), ("quotes", ""), ("quotes", "q=kpu")])
def test_pages_by_date_are_newest_first_and_neither_repeat_nor_skip(client, api, query):
    everything = all_pages_agree(client, f"/api/{api}?{query}&sort=date")
    dates = [h["published"] or "" for h in everything]  # undated last
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("api, query", [("search", "q=pemilih"), ("search", "q=kpu"), ("search", "q=pemilu+kpu"),
                                        ("search", "q=rapat+OR+pemilih"), ("quotes", "q=kpu"), ("quotes", "q=pemilih")])
def test_pages_by_relevance_neither_repeat_nor_skip(client, api, query):
    everything = all_pages_agree(client, f"/api/{api}?{query}&sort=relevance")
    scores = [h["score"] for h in everything]
    assert scores == sorted(scores, reverse=True)


def test_pages_by_relevance_neither_repeat_nor_skip_when_scores_tie(settings):
    """Bulletins of the same length that use a word as often score the same: the lower doc number goes first."""
    from gold_archive import build_archive
    from index.writer import update_index
    from webapp.app import create_app

    build_archive(settings, [{"id": f"tie-{n}", "site": "kab-uji.kpu.go.id", "title": f"Kabar desa {n:02d}",
                              "published": "2023-05-05", "text": f"Rapat {'pemilih ' * (1 + n % 4)}di desa d{n:02d}."}
                             for n in range(25)])
    update_index(settings)
    client = create_app(settings, {"TESTING": True}).test_client()
    hits = all_pages_agree(client, "/api/search?q=pemilih&sort=relevance")
    assert len(hits) == 25 and len({h["score"] for h in hits}) == 4


def all_pages_agree(client, url: str) -> list[dict]:
    """The hits of one page of 100, checked to be the hits of its pages of 3 put together."""
    everything = client.get(f"{url}&per_page=100").json["hits"]
    assert everything
    pages = -(-len(everything) // 3)
    paged = [h for n in range(1, pages + 1) for h in client.get(f"{url}&per_page=3&page={n}").json["hits"]]
    assert [h["id"] for h in paged] == [h["id"] for h in everything]
    return everything
