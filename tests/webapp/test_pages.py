"""The HTML pages over a real gold archive and index: what a reader sees and can do."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from index.query import Filters
from index.search import Searcher, person_id


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]*)"', html)]


def test_start_page_lists_latest_bulletins_with_facets_and_chart(client):
    html = client.get("/").get_data(as_text=True)
    assert all(f'id="facet-{facet}"' in html for facet in ("event_type", "person", "position", "body"))
    assert "<svg" in html and 'class="bar"' in html
    total = client.get("/api/search").json["total"]
    assert f"<strong>{total}</strong>" in html
    # No query: newest first.
    dates = [h["published"] for h in client.get("/api/search?sort=date").json["hits"] if h["published"]]
    assert dates == sorted(dates, reverse=True)


def test_search_highlights_matches_and_links_bulletins(client):
    html = client.get("/search?q=pantarlih").get_data(as_text=True)
    assert "<mark>" in html.lower()
    assert any(re.fullmatch(r"/articles/\d+", h) for h in links(html))


def test_facet_filter_narrows_and_chip_removes_it(client):
    everything = client.get("/api/search").json["total"]
    narrowed = client.get("/api/search?event_type=rekrutmen").json
    assert 0 < narrowed["total"] < everything
    assert all("rekrutmen" in hit["event_types"] for hit in narrowed["hits"])
    html = client.get("/search?event_type=rekrutmen&q=kpu").get_data(as_text=True)
    chip = re.search(r'<a class="chip" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "event_type" not in chip and "q=kpu" in chip
    # The box is checked, and clicking the chip's link gives the unfiltered search back.
    assert re.search(r'name="event_type" value="rekrutmen" checked', html)


def test_values_of_one_facet_are_or_ed(client):
    a = client.get("/api/search?event_type=rekrutmen").json["total"]
    b = client.get("/api/search?event_type=pelantikan").json["total"]
    both = client.get("/api/search?event_type=rekrutmen&event_type=pelantikan").json["total"]
    assert max(a, b) <= both <= a + b


def test_date_range_keeps_only_bulletins_inside_it(client):
    data = client.get("/api/search?from=2023-01&to=2023-03&per_page=100").json
    assert data["total"] > 0
    assert all("2023-01-01" <= h["published"] <= "2023-03-31" for h in data["hits"])


def test_pagination_and_sort_stay_in_the_url(client):
    first = client.get("/search?per_page=5&sort=date").get_data(as_text=True)
    nxt = next(h for h in links(first) if "page=2" in h)
    assert parse_qs(urlsplit(nxt).query) == {"per_page": ["5"], "sort": ["date"], "page": ["2"]}
    page1 = client.get("/api/search?per_page=5&sort=date").json["hits"]
    page2 = client.get("/api/search?per_page=5&sort=date&page=2").json["hits"]
    assert {h["id"] for h in page1}.isdisjoint(h["id"] for h in page2)


def test_chart_bars_link_to_their_period(client):
    html = client.get("/search?q=kpu").get_data(as_text=True)
    # The gold bulletins span 2013-2026: too many months, so bars are years.
    bar_links = [h for h in links(html) if "year=" in h or "month=" in h]
    assert bar_links and all("q=kpu" in h for h in bar_links)
    period = parse_qs(urlsplit(bar_links[0]).query)
    year = period["year"][0]
    data = client.get("/api" + bar_links[0]).json
    assert data["total"] > 0 and all(h["published"].startswith(year) for h in data["hits"])


def test_switch_between_bulletins_and_quotes_keeps_the_search(client):
    html = client.get("/search?q=pemilih&site=kab-probolinggo.kpu.go.id").get_data(as_text=True)
    assert "/quotes?q=pemilih&site=kab-probolinggo.kpu.go.id" in links(html)


def test_bulletin_page_highlights_entities_and_lists_them(client, ids):
    html = client.get(f"/articles/{ids['seed-1']}").get_data(as_text=True)
    assert re.search(r'<mark class="ent-person" title="Lukman Hakim">Lukman Hakim</mark>', html)
    assert '<mark class="ent-place"' in html and '<mark class="ent-org"' in html
    assert '<q class="ent-quote"' in html
    assert f'/people/{person_id("Lukman Hakim")}' in links(html)
    assert "Ketua KPU Kabupaten Probolinggo" in html
    assert "https://kab-probolinggo.kpu.go.id/berita/baca/1/seed-1" in links(html)
    assert f"/articles/{ids['seed-1']}/archived" in links(html)


def test_archived_copy_is_text_and_download_is_sandboxed(client, ids):
    page = client.get(f"/articles/{ids['seed-1']}/archived")
    html = page.get_data(as_text=True)
    assert "&lt;html&gt;" in html and "<body><h1>" not in html
    raw = client.get(f"/articles/{ids['seed-1']}/archived/raw")
    assert raw.status_code == 200 and raw.data.startswith(b"<html>")
    assert raw.headers["Content-Disposition"].startswith("attachment")
    assert raw.mimetype == "application/octet-stream"
    assert "sandbox" in raw.headers["Content-Security-Policy"]


def test_person_page_shows_roles_quotes_and_company(client):
    pid = person_id("Lukman Hakim")
    html = client.get(f"/people/{pid}").get_data(as_text=True)
    assert "<h1>Lukman Hakim</h1>" in html
    assert "Ketua KPU Kabupaten Probolinggo" in html
    assert "Jadi kedepan nantinya masih banyak pendafataran" in html
    assert "kab-probolinggo.kpu.go.id" in html
    assert f"/api/people/{pid}" in links(html)
    assert any("/api/export/quotes?" in h and "person=Lukman+Hakim" in h for h in links(html))


def test_quote_finder_gives_a_citation_line(client):
    html = client.get("/quotes?person=Lukman+Hakim").get_data(as_text=True)
    citation = re.search(r'<textarea id="cite-[^"]+" class="cite" readonly rows="3">([^<]*)</textarea>', html).group(1)
    assert "Lukman Hakim" in citation and "Ketua KPU Kabupaten Probolinggo" in citation
    assert "kab-probolinggo.kpu.go.id" in citation and "https://kab-probolinggo.kpu.go.id/berita/baca/" in citation
    assert re.search(r"\d{4}-\d{2}-\d{2}", citation)


def test_every_list_page_links_its_exports_and_json_twin(client):
    html = client.get("/search?q=pemilih&event_type=data_pemilih").get_data(as_text=True)
    hrefs = links(html)
    for fmt in ("csv", "jsonl", "xlsx"):
        assert any(h.startswith("/api/export/articles?") and f"format={fmt}" in h and "q=pemilih" in h for h in hrefs)
    twin = next(h for h in hrefs if h.startswith("/api/search?"))
    assert client.get(twin).json["total"] == client.get("/api/search?q=pemilih&event_type=data_pemilih").json["total"]
    quotes = client.get("/quotes?q=pemilih").get_data(as_text=True)
    assert any(h.startswith("/api/export/quotes?") for h in links(quotes))
    assert any(h.startswith("/api/quotes?") for h in links(quotes))


def test_indonesian_by_default_english_on_request(client):
    assert ">Cari</button>" in client.get("/").get_data(as_text=True)
    assert ">Search</button>" in client.get("/?lang=en").get_data(as_text=True)
    # The choice is remembered for the next pages, facet names and event types included.
    english = client.get("/quotes").get_data(as_text=True)
    assert ">Search</button>" in english and "<legend>Event type</legend>" in english
    assert "Coordination meeting" in english and "Rapat koordinasi" not in english
    assert "<legend>Jenis kegiatan</legend>" in client.get("/quotes?lang=id").get_data(as_text=True)


def test_forms_have_labels_and_a_skip_link(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a class="skip" href="#main">' in html
    for field_id in ("q", "sort", "from", "to"):
        assert f'<label for="{field_id}">' in html
    # Facet checkboxes are wrapped in their labels.
    assert re.search(r'<label><input type="checkbox" form="search-form" name="event_type"', html)


def test_unknown_bulletin_and_person_are_404(client):
    assert client.get("/articles/999999").status_code == 404
    assert client.get("/articles/99999999999999999999").status_code == 404  # beyond SQLite's integers
    assert client.get("/api/articles/99999999999999999999").status_code == 404
    assert client.get("/people/nobody-at-all").status_code == 404
    assert client.get("/api/articles/999999").json["error"]


def test_bad_page_parameters_get_400_pages(client):
    for query in ("page=0", "page=abc", "sort=random", "from=2023-13-01", "from=2024-01-01&to=2023-01-01",
                  "per_page=1000", "month=2023-1", "year=23", 'q="unclosed'):
        response = client.get(f"/search?{query}")
        assert response.status_code == 400, query
        assert "<title>Permintaan tidak valid" in response.get_data(as_text=True)


def test_a_page_past_the_last_is_400_and_names_the_last(client):
    pages = client.get("/api/search?q=pemilih&per_page=5").json["pages"]
    response = client.get(f"/search?q=pemilih&per_page=5&page={pages + 1}")
    assert response.status_code == 400
    assert f"hanya ada {pages}" in response.get_data(as_text=True)
    api = client.get(f"/api/quotes?per_page=5&page={pages + 999}")
    assert api.status_code == 400 and "there is no page" in api.json["error"]
    assert client.get("/api/search?q=zzzqqqxxx").status_code == 200  # no results is one empty page, not an error


def test_the_search_form_leaves_the_order_to_the_query(client):
    """Typing words on the start page (sorted newest first) gives the most relevant bulletins first."""
    start = client.get("/").get_data(as_text=True)
    assert re.search(r'<option value="" selected>', start)
    submitted = client.get("/search?q=pemilih+data&sort=").get_data(as_text=True)  # what the form sends
    by_relevance = client.get("/api/search?q=pemilih+data&sort=relevance").json["hits"]
    by_date = client.get("/api/search?q=pemilih+data&sort=date").json["hits"]
    shown = re.findall(r'href="/articles/(\d+)"', submitted)
    assert shown == [str(h["article_id"]) for h in by_relevance] != [str(h["article_id"]) for h in by_date]
    chosen = client.get("/search?q=pemilih&sort=date").get_data(as_text=True)
    assert '<option value="date" selected>' in chosen


def test_a_value_beyond_the_listed_ones_can_be_typed(client):
    people = client.get("/api/search").json["facets"]["person"]
    assert len(people) == 30  # the most frequent only
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<input id="other-person"[^>]*name="person"', html)
    assert 'id="other-event_type"' not in html  # few values: all listed
    with Searcher(client.application.config["WARTA_SETTINGS"]) as searcher:
        everyone = searcher.facet_counts(searcher.match_mask("", Filters(), "articles"), names=("person",),
                                         limit=10_000)["person"]
    unlisted, count = everyone[-1]
    assert unlisted not in dict(people)
    narrowed = client.get("/search", query_string={"person": unlisted}).get_data(as_text=True)
    assert f"<strong>{count}</strong>" in narrowed and 'class="chip"' in narrowed


def test_json_twin_lists_the_same_hits_in_the_same_order(client):
    for url in ("/search", "/search?q=pemilih", "/quotes?event_type=data_pemilih&per_page=5&page=2"):
        html = client.get(url).get_data(as_text=True)
        twin = next(h for h in links(html) if h.split("?")[0] in ("/api/search", "/api/quotes"))
        shown = re.findall(r'href="/articles/(\d+)"', html)  # one link per hit
        from_api = [str(h["article_id"]) for h in client.get(twin).json["hits"]]
        assert from_api and shown == from_api, url


def test_facet_boxes_list_counts_and_keep_every_chosen_value_checked(client):
    counts = client.get("/api/search?q=pemilih").json["facets"]["event_type"]
    html = client.get("/search?q=pemilih").get_data(as_text=True)
    value, count = counts[0]
    assert re.search(rf'<input type="checkbox" form="search-form" name="event_type" value="{value}"> '
                     rf'[^<]+ <span class="count">{count}</span>', html)
    # A chosen value that no match has is still listed, checked, with 0 and its label.
    nothing = client.get("/search?q=zzzqqqxxx&event_type=rekrutmen").get_data(as_text=True)
    assert re.search(r'name="event_type" value="rekrutmen" checked> Rekrutmen <span class="count">0</span>', nothing)


def test_facet_values_are_escaped_in_the_filter_list(app):
    from webapp.views.search import facet_items

    with app.test_request_context("/search?lang=en"):
        html = str(facet_items("org", [('KPU "A" & <b>B</b>', 3)], ['KPU "A" & <b>B</b>']))
        labelled = str(facet_items("event_type", [("rekrutmen", 1)], []))
    assert "<b>" not in html and 'value="KPU &#34;A&#34; &amp; &lt;b&gt;B&lt;/b&gt;" checked>' in html
    assert '> KPU &#34;A&#34; &amp; &lt;b&gt;B&lt;/b&gt; <span class="count">3</span>' in html
    assert 'value="rekrutmen"> Recruitment <span class="count">1</span>' in labelled


def test_person_and_bulletin_links_follow_the_app_prefix(client):
    from flask import url_for

    for root in ("", "/warta"):
        html = client.get("/search?q=pemilih", base_url=f"http://localhost{root}").get_data(as_text=True)
        people = re.findall(r'<a href="([^"]*/people/[^"]+)">([^<]+)</a>', html)
        bulletins = [h for h in links(html) if "/articles/" in h]
        assert people and bulletins
        with client.application.test_request_context("/", base_url=f"http://localhost{root}"):
            for href, name in people:
                assert href == url_for("people.person", person_id=person_id(name))
            assert all(re.fullmatch(rf"{root}/articles/\d+", h) for h in bulletins)
    for href, _ in people[:3]:
        assert client.get(href.removeprefix("/warta")).status_code == 200
