"""Person pages list every quote and every bulletin of a person, a page at a time, on the page and in its JSON twin."""

from __future__ import annotations

import re

from index.search import person_id

PID = person_id("Lukman Hakim")  # five quotes and three bulletins in the gold data


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]*)"', html)]


def quote_ids(data: dict) -> list[str]:
    return [q["id"] for q in data["quotes"]]


def test_paging_through_the_json_twin_gives_every_quote_once_newest_first(client):
    finder = client.get("/api/quotes?person=Lukman+Hakim&per_page=100").json
    first = client.get(f"/api/people/{PID}?per_page=2").json
    assert first["quotes_total"] == finder["total"] > 2
    assert first["quotes_pages"] == -(-finder["total"] // 2) and first["per_page"] == 2
    seen = []
    for page in range(1, first["quotes_pages"] + 1):
        data = client.get(f"/api/people/{PID}?per_page=2&qpage={page}").json
        assert data["quotes_page"] == page and len(data["quotes"]) == min(2, finder["total"] - len(seen))
        seen += data["quotes"]
    assert sorted(q["id"] for q in seen) == sorted(h["id"] for h in finder["hits"])
    dates = [q["published"] or "" for q in seen]
    assert dates == sorted(dates, reverse=True)
    assert all(q["speaker"] == "Lukman Hakim" for q in seen)


def test_quotes_and_bulletins_page_independently(client):
    data = client.get(f"/api/people/{PID}?per_page=2&qpage=2&apage=2").json
    whole = client.get(f"/api/people/{PID}").json  # default page size: all of them on page 1
    assert whole["quotes_pages"] == whole["articles_pages"] == 1
    assert quote_ids(data) == quote_ids(whole)[2:4]
    assert [a["id"] for a in data["articles"]] == [a["id"] for a in whole["articles"]][2:4]
    assert data["articles_total"] == whole["articles_total"] == len(whole["articles"]) > 2
    assert all(a["snippet"] and a["title"] for a in whole["articles"])  # each bulletin with its opening lines


def test_bad_page_numbers_are_400_in_the_api(client):
    for query in ("qpage=0", "qpage=abc", "apage=-1", "qpage=99", "apage=99&per_page=2", "per_page=0",
                  "per_page=1000", "page=2"):
        response = client.get(f"/api/people/{PID}?{query}")
        assert response.status_code == 400, query
        assert response.json["error"], query
    assert "there are 3" in client.get(f"/api/people/{PID}?qpage=4&per_page=2").json["error"]
    assert client.get("/api/people/nobody-at-all?qpage=2").status_code == 404


def test_second_page_shows_the_next_quotes_and_the_total(client):
    whole = client.get(f"/api/people/{PID}").json
    html = client.get(f"/people/{PID}?per_page=2&qpage=2&lang=en").get_data(as_text=True)
    quotes_section = html[html.index('id="quotes-h"'):html.index('id="articles-h"')]
    shown = re.findall(r'<blockquote class="quote-text">“([^”]*)”</blockquote>', quotes_section)
    assert shown == [q["quote"] for q in whole["quotes"][2:4]]
    assert f"<strong>{whole['quotes_total']}</strong> quotes" in quotes_section
    assert "Page 2 of 3" in quotes_section
    assert '<ol class="hits" start="3">' in quotes_section


def test_pager_links_keep_the_other_list_and_work_without_javascript(client):
    html = client.get(f"/people/{PID}?per_page=2&apage=2&lang=en").get_data(as_text=True)
    pager = re.search(r'<nav class="pager" aria-label="Quotes: Pages">(.*?)</nav>', html, re.S).group(1)
    next_url = re.search(r'<a rel="next" href="([^"]*)"', pager).group(1).replace("&amp;", "&")
    assert "qpage=2" in next_url and "apage=2" in next_url and next_url.endswith("#quotes-h")
    followed = client.get(next_url.split("#")[0] + "&lang=en").get_data(as_text=True)
    assert "Page 2 of 3" in followed
    assert "lang=" not in next_url  # the language is remembered by cookie, not carried in links


def test_person_page_labels_in_indonesian(client):
    html = client.get(f"/people/{PID}?per_page=2&lang=id").get_data(as_text=True)
    assert re.search(r"<strong>\d+</strong> kutipan", html)
    assert 'aria-label="Kutipan: Halaman"' in html and "Berikutnya" in html and "Halaman 1 dari 3" in html


def test_bad_page_numbers_get_a_clear_400_page(client):
    for query in ("qpage=0", "qpage=abc", "qpage=99"):
        response = client.get(f"/people/{PID}?{query}")
        assert response.status_code == 400, query
        body = response.get_data(as_text=True)
        assert "<title>Permintaan tidak valid" in body, query
        assert "qpage" in body or "no page 99 of quotes" in body, query


def test_openapi_documents_the_person_page_parameters(client):
    spec = client.get("/openapi.json").json["paths"]["/api/people/{id}"]["get"]
    names = {p["name"] for p in spec["parameters"]}
    assert {"qpage", "apage", "per_page"} <= names and "400" in spec["responses"]
