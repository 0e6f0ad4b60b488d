"""HTML -> article on both KPU templates, and bad input that must never crash."""

import requests

from crawler.extract import decode_html, extract_article
from warta.kpusite import KpuSite

BULLETIN = {
    "title": "Rapat Koordinasi Bersama Dinas Kesehatan",
    "date": "2023-01-26",
    "category": "Berita Terkini",
    "paragraphs": [
        "Kab-probolinggo.kpu.go.id, Kamis, 26-1-2023 Dalam rangka pembentukan Pantarlih, KPU Kabupaten "
        "Probolinggo melakukan rapat koordinasi dengan Dinas Kesehatan.",
        "“Pertama kami ucapkan terima kasih atas kerja samanya,” ucap Lukman Hakim, Ketua KPU Kabupaten Probolinggo.",
    ],
    "captions": ["Suasana rapat koordinasi di kantor KPU Kabupaten Probolinggo"],
}
UNDATED = {**BULLETIN, "title": "Kode Etik Penyelenggara Pemilu", "date": "2023-01-20",
           "paragraphs": ["Kab-probolinggo.kpu.go.id, Cung Ali Samsuri menjadi narasumber tentang kode etik "
                          "penyelenggara pemilu bagi anggota PPS di Kota Kraksaan."], "captions": []}


def _fetch(site, url):
    resp = requests.get(url, timeout=5)
    return resp.content, resp.headers.get("Content-Type")


def test_both_templates_give_title_date_body_and_separate_captions():
    for template in ("new", "old"):
        with KpuSite([BULLETIN], template=template) as site:
            url = site.article_urls()[0]
            body, ctype = _fetch(site, url)
            art = extract_article(body, url, ctype)
        assert art.title == BULLETIN["title"], template
        assert art.published == "2023-01-26", template
        assert art.text.split("\n\n") == BULLETIN["paragraphs"], template
        assert art.captions == BULLETIN["captions"], template
        assert art.category == "Berita Terkini", template
        for boilerplate in ("Beranda", "Berita Terbaru", "Bagikan", "Pemilu 2024", "Hak cipta", "Dilihat", "dibaca"):
            assert boilerplate not in art.text, (template, boilerplate)


def test_date_falls_back_to_listing_date_when_page_and_dateline_have_none():
    with KpuSite([UNDATED], template="old") as site:
        url = site.article_urls()[0]
        body, ctype = _fetch(site, url)
    assert extract_article(body, url, ctype).published is None
    assert extract_article(body, url, ctype, hints={"listed": "2023-01-20"}).published == "2023-01-20"


def test_windows_1252_page_declared_only_in_meta():
    page = ('<html><head><meta charset="windows-1252"><title>Uji</title></head><body><div class="isi-berita">'
            '<p>“Kami siap,” kata Andr\u00e9 \u2013 Ketua KPU, dalam rapat pleno terbuka rekapitulasi hasil '
            'penghitungan suara tingkat kabupaten.</p></div></body></html>').encode("cp1252")
    art = extract_article(page, "https://kota-batu.kpu.go.id/berita/baca/1/uji", "text/html")
    assert "“Kami siap,” kata André – Ketua KPU" in art.text


def test_wrong_or_missing_charset_never_raises():
    text = "Pemilu “jujur” dan adil – é"
    assert decode_html(text.encode("cp1252"), "text/html; charset=utf-8") == text  # declared utf-8, really cp1252
    assert decode_html(text.encode("utf-8"), None) == text
    assert decode_html(text.encode("utf-8"), "text/html; charset=no-such-codec") == text
    assert isinstance(decode_html(b"\xff\xfe\x00garbage \x81\x8d", "text/html; charset=utf-16"), str)


def test_malformed_truncated_and_huge_pages():
    body = "<p>" + "Rapat pleno terbuka rekapitulasi daftar pemilih tetap digelar KPU. " * 4
    malformed = f'<html><body><div class="isi-berita">{body}<div><span></b></table><p>lanjut'.encode()
    art = extract_article(malformed, "https://kab-x.kpu.go.id/berita/baca/2/x")
    assert art is not None and "rekapitulasi daftar pemilih" in art.text
    page = f'<html><body><h1>Judul</h1><div class="isi-berita"><p>{body}</p></div></body></html>'.encode()
    for cut in (10, 60, len(page) // 2):
        extract_article(page[:cut], "https://kab-x.kpu.go.id/berita/baca/3/x")  # no exception is the contract
    huge = page.replace(b"<h1>", b'<img src="data:image/png;base64,' + b"A" * (5 << 20) + b'"><h1>')
    assert extract_article(huge, "https://kab-x.kpu.go.id/berita/baca/4/x").title == "Judul"
    assert extract_article(b"", "https://kab-x.kpu.go.id/berita/baca/5/x") is None
    assert extract_article(b"\x00\xff\xfe binary", "https://kab-x.kpu.go.id/berita/baca/6/x") is None


def test_other_page_shapes_fall_back_to_trafilatura():
    paras = "".join(f"<p>Paragraf {i}: KPU Kota Batu menggelar sosialisasi pemilu kepada pemilih pemula di sekolah.</p>"
                    for i in range(5))
    page = (f"<html><head><title>Sosialisasi Pemilu</title></head><body><nav><a href='/'>Beranda</a></nav>"
            f"<section class='wp-block-group'>{paras}</section><footer>Hak cipta KPU</footer></body></html>")
    art = extract_article(page, "https://kota-batu.kpu.go.id/web/sosialisasi/")
    assert art is not None and art.text.count("Paragraf") == 5 and "Hak cipta" not in art.text
