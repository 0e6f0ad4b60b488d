"""What a reader does in a real browser: search, filter, open a bulletin and a person, find a quote, download."""

from __future__ import annotations

import csv
import io
import re


def test_search_from_the_start_page(server, page):
    base, _ = server
    page.goto(base + "/")
    page.get_by_label("Kata kunci").fill("pantarlih")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=pantarlih"))
    assert page.locator("ol.hits > li").count() > 0
    assert page.locator("p.snippet mark").count() > 0
    assert page.locator("svg.chart rect.bar").count() > 0
    assert not page.js_errors


def test_select_a_facet_then_remove_its_chip(server, page):
    base, _ = server
    page.goto(base + "/search?q=kpu")
    total_before = int(page.locator("#result-count strong").inner_text())
    page.locator("#facet-event_type input[type=checkbox]").first.check()  # applies at once (app.js)
    page.wait_for_url(re.compile(r"event_type="))
    total_after = int(page.locator("#result-count strong").inner_text())
    assert 0 < total_after < total_before
    assert page.locator("#facet-event_type input:checked").count() == 1
    page.locator("a.chip").first.click()
    page.wait_for_url(lambda url: "event_type" not in url)
    assert int(page.locator("#result-count strong").inner_text()) == total_before


def test_open_a_bulletin_with_hostile_text_that_does_nothing(server, page):
    base, ids = server
    page.goto(base + f"/articles/{ids['hostile-1']}")
    assert page.title() != "pwned"
    assert "<script>" in page.locator("#text").inner_text()  # shown as text
    assert page.locator("#text a, #text img, #text iframe, #text script").count() == 0
    assert page.locator("#text mark.ent-person").first.inner_text() == "Budi Hostilo"
    assert not page.js_errors  # no alert dialog, no error


def test_open_a_bulletin_then_a_person(server, page):
    base, ids = server
    page.goto(base + f"/articles/{ids['seed-1']}")
    assert page.locator("mark.ent-person", has_text="Lukman Hakim").count() >= 1
    page.locator("aside.panel ul.people a", has_text="Lukman Hakim").click()
    page.wait_for_url(re.compile(r"/people/"))
    assert page.locator("h1").inner_text() == "Lukman Hakim"
    assert page.locator("table.roles").inner_text().find("Ketua KPU Kabupaten Probolinggo") >= 0
    # Every quote, a page at a time: the next page of quotes is a link reached and followed by keyboard.
    page.goto(page.url.split("?")[0] + "?per_page=2")
    pager = page.get_by_role("navigation", name="Kutipan: Halaman")
    pager.get_by_role("link", name=re.compile("Berikutnya")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"qpage=2"))
    assert "Halaman 2 dari 3" in page.get_by_role("navigation", name="Kutipan: Halaman").inner_text()
    assert page.locator("ol.hits").first.locator("> li").count() == 2  # the quotes list comes first


def test_find_a_quote_and_copy_its_citation(server, page):
    base, _ = server
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(base + "/quotes")
    page.get_by_label("Cari kutipan").fill("pendafataran")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=pendafataran"))
    citation = page.locator("textarea.cite").first.input_value()
    assert "Lukman Hakim" in citation and "kab-probolinggo.kpu.go.id" in citation
    button = page.locator("button.copy").first
    button.click()
    page.wait_for_function("b => b.textContent === b.dataset.done", arg=button.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == citation


def test_download_the_csv_of_a_search(server, page):
    base, _ = server
    page.goto(base + "/search?q=pemilih")
    shown = int(page.locator("#result-count strong").inner_text())
    with page.expect_download() as info:
        page.locator("p.exports a", has_text="CSV").first.click()
    download = info.value
    assert download.suggested_filename == "warta-articles.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert len(rows) == shown


def test_keyboard_only_search(server, page):
    base, _ = server
    page.goto(base + "/?lang=en")
    active = lambda: page.evaluate("[document.activeElement.id, document.activeElement.className]")  # noqa: E731
    page.keyboard.press("Tab")  # the skip link comes first
    assert active()[1] == "skip"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert active()[0] == "q"  # past the menus, straight to the search box
    page.keyboard.type("rekapitulasi")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=rekapitulasi"))
    assert page.locator("ol.hits > li").count() > 0
    for _ in range(60):  # on to the first event type, and Space ticks it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#facet-event_type input[type=checkbox]')"):
            break
    else:
        raise AssertionError("no event type checkbox is reachable with Tab")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"event_type="))
    assert "q=rekapitulasi" in page.url


def test_everything_works_without_javascript(server, browser):
    base, ids = server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "/search?q=kpu")
        before = int(page.locator("#result-count strong").inner_text())
        page.locator("#facet-event_type input[type=checkbox]").first.check()
        page.get_by_role("button", name="Terapkan saringan").click()
        page.wait_for_url(re.compile(r"event_type="))
        assert 0 < int(page.locator("#result-count strong").inner_text()) < before
        assert "q=kpu" in page.url  # the query travels with the filters
        page.goto(base + "/quotes?person=Lukman+Hakim")
        assert "Lukman Hakim" in page.locator("textarea.cite").first.input_value()
        assert page.locator("button.copy").first.is_hidden()  # the copy button needs the script
    finally:
        context.close()
