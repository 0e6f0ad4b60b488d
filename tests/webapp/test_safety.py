"""Untrusted bulletin text stays inert; search never writes; security headers on every answer."""

from __future__ import annotations

import re

from crawler.archive import Archive
from index.search import person_id
from webapp.app import create_app
from webapp.security import CSP

HOSTILE_MARKUP = ("<script", "<img", "<iframe", "onerror=", 'href="javascript:', "<a href=\"javascript")


def assert_inert(html: str) -> None:
    # Our own pages have exactly one script tag: the static app.js.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert "<img" not in html and "<iframe" not in html
    assert not re.search(r"<[^>]+\son\w+=", html), "an event handler attribute reached the page"
    assert not re.search(r'href="\s*javascript:', html, re.IGNORECASE)


def test_hostile_bulletin_page_escapes_everything(client, ids):
    html = client.get(f"/articles/{ids['hostile-1']}").get_data(as_text=True)
    assert_inert(html)
    assert "&lt;script&gt;document.title=" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the title, shown as text
    # The javascript: "original URL" is shown as text, never as a link.
    assert "<code>javascript:alert(5)//kota-uji.kpu.go.id/berita/1</code>" in html
    # Highlights still work around hostile text.
    assert '<mark class="ent-person" title="Budi Hostilo">Budi Hostilo</mark>' in html


def test_hostile_text_in_results_quotes_person_and_archive_pages(client, ids):
    pages = ["/search?q=onerror", "/search?q=script", "/quotes?q=klik", "/quotes?person=Budi+Hostilo",
             f"/people/{person_id('Budi Hostilo')}", f"/articles/{ids['hostile-1']}/archived",
             "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/search?site=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 400), page
        assert_inert(response.get_data(as_text=True))
    quotes = client.get("/quotes?person=Budi+Hostilo").get_data(as_text=True)
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;" in quotes or "&lt;a href=&quot;javascript:alert(2)" in quotes


def test_every_response_carries_the_content_security_policy(client, ids):
    for url in ("/", "/quotes", f"/articles/{ids['seed-1']}", "/api/search", "/openapi.json", "/nope",
                "/search?page=0", "/static/style.css"):
        response = client.get(url)
        assert response.headers["Content-Security-Policy"] == CSP, url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP and "object-src 'none'" in CSP


def test_searching_and_browsing_change_nothing_stored(client, gold, ids):
    settings = gold[0]
    with Archive(settings.archive_path, readonly=True) as archive:
        before = archive.last_seq(), archive.count_articles()
    index_files = index_state(settings)
    for url in ("/", "/search?q=pemilih&sort=date", "/quotes?q=kpu", f"/articles/{ids['seed-2']}",
                f"/people/{person_id('Lukman Hakim')}", "/api/export/people?format=xlsx", "/api/search?q=x"):
        assert client.get(url).status_code == 200
    # Writes are refused outright.
    assert client.post("/search?q=x").status_code == 405
    assert client.delete(f"/api/articles/{ids['seed-1']}").status_code == 405
    with Archive(settings.archive_path, readonly=True) as archive:
        assert (archive.last_seq(), archive.count_articles()) == before
    assert index_state(settings) == index_files


def index_state(settings) -> list[tuple[str, int, int]]:
    """Every index file with its size and time; SQLite's shared-memory files change on reads and are left out."""
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in settings.index_dir.rglob("*")
                  if p.is_file() and not p.name.endswith(("-shm", "-wal")))


def test_missing_index_is_a_clear_503(tmp_path):
    from warta.settings import Settings

    client = create_app(Settings.from_dir(tmp_path / "empty").ensure(), {"TESTING": True}).test_client()
    page = client.get("/")
    assert page.status_code == 503 and "warta index" in page.get_data(as_text=True)
    assert client.get("/api/search").status_code == 503
