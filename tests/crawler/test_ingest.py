"""``warta ingest``: the seed text dump, HTML pages, WARC files and broken files."""

import json
import subprocess
import sys
from pathlib import Path

from crawler.archive import Archive
from crawler.crawl import run_crawl
from crawler.ingest import ingest_files
from crawler.textdump import parse_text_dump

DATA = Path(__file__).parent.parent / "data"


def test_seed_dump_gives_six_bulletins_with_titles_dates_and_bodies(settings):
    summary = ingest_files(settings, [DATA / "seed-berita-terkini.txt"])[0]
    assert "6 new" in summary
    gold = [json.loads(line) for line in (DATA / "eval" / "seed.gold.jsonl").open()]
    with Archive(settings.archive_path) as archive:
        arts = sorted(archive.iter_articles(), key=lambda a: a.id)
    assert [(a.title, a.published, a.text, a.site) for a in arts] == [
        (g["title"], g["published"], g["text"], g["site"]) for g in gold]
    assert all(a.category == "Berita Terkini" and a.source == "ingest" for a in arts)
    assert "6 unchanged" in ingest_files(settings, [DATA / "seed-berita-terkini.txt"])[0]  # no duplicates


def test_broken_files_are_reported_and_skipped_without_touching_the_archive(settings, tmp_path):
    ingest_files(settings, [DATA / "seed-berita-terkini.txt"])
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "binary.dat").write_bytes(b"\x00\x01\x02 not a page")
    (tmp_path / "cut.warc.gz").write_bytes(b"\x1f\x8b\x08\x00broken gzip")
    (tmp_path / "empty.html").write_text("<html><body><p>kosong</p>")
    (tmp_path / "notes.txt").write_text("hanya satu baris")
    summary = ingest_files(settings, [tmp_path, tmp_path / "missing.html"])[0]
    assert "skipped 5 file(s)" in summary
    for name in ("binary.dat", "cut.warc.gz", "empty.html", "notes.txt", "missing.html"):
        assert name in summary
    with Archive(settings.archive_path) as archive:
        assert archive.count_articles() == 6


def test_html_page_and_warc_from_a_crawl(settings, make_site, tmp_path, fast):
    site = make_site(6)
    run_crawl(settings, [site.url], **fast)
    warcs = sorted(settings.warc_dir.glob("*.warc.gz"))
    page = tmp_path / "page.html"
    page.write_bytes(__import__("requests").get(site.article_urls()[0], timeout=5).content)
    other = type(settings).from_dir(tmp_path / "other").ensure()
    summary = ingest_files(other, [*warcs, page])[0]
    with Archive(other.archive_path) as archive:
        urls = {a.url for a in archive.iter_articles()}
    assert set(site.article_urls()) <= urls
    assert "6 new" in summary or "7 new" in summary


def test_warc_of_a_crawl_gives_back_bulletins_of_other_shapes_too(settings, make_site, tmp_path, fast):
    site = make_site(4, faults={"wordpress"})
    run_crawl(settings, [site.url], **fast)
    other = type(settings).from_dir(tmp_path / "other").ensure()
    ingest_files(other, sorted(settings.warc_dir.glob("*.warc.gz")))
    with Archive(settings.archive_path) as crawled, Archive(other.archive_path) as ingested:
        assert {(a.url, a.title, a.text) for a in ingested.iter_articles()} == {
            (a.url, a.title, a.text) for a in crawled.iter_articles()}


def test_cli_ingest(tmp_path):
    out = subprocess.run([sys.executable, "-m", "warta.cli", "--data", str(tmp_path / "d"), "ingest",
                          str(DATA / "seed-berita-terkini.txt")], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "6 new" in out.stdout


def test_warc_cut_short_by_a_crash_keeps_the_records_before_the_damage(settings, make_site, tmp_path, fast):
    site = make_site(5)
    run_crawl(settings, [site.url], **fast)
    warc = next(settings.warc_dir.glob("*.warc.gz")).read_bytes()
    with Archive(settings.archive_path) as archive:
        fourth = sorted(archive.iter_articles(), key=lambda a: a.id)[3]
        offset = archive.get_response(fourth.response_id)["warc_offset"]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc[: offset + 1200])  # a crash in the middle of the fourth article's record
    other = type(settings).from_dir(tmp_path / "other").ensure()
    summary = ingest_files(other, [cut])[0]
    with Archive(other.archive_path) as archive:
        kept = archive.count_articles()
    assert kept == 3
    assert "cut.warc.gz: damaged after" in summary


def test_saved_listing_page_showing_bulletins_in_full_gives_each_bulletin(settings, make_site, tmp_path):
    import requests

    site = make_site(4, seed=11, template="old", full_listings=True, per_page=10)
    page = tmp_path / "listing.html"
    page.write_bytes(requests.get(site.url + site.listing_path("Berita Terkini"), timeout=5).content)
    summary = ingest_files(settings, [page])[0]
    with Archive(settings.archive_path) as archive:
        arts = list(archive.iter_articles())
    assert len(arts) == 3, summary  # the page's three "Berita Terkini" bulletins
    assert all(a.site == "kab-contoh.kpu.go.id" for a in arts)  # from their datelines
    assert all(a.title and a.published and a.category == "Berita Terkini" for a in arts)
    assert "0 new, 0 changed, 3 unchanged" in ingest_files(settings, [page])[0]  # re-ingest adds nothing


def test_cli_ingest_with_a_broken_file_keeps_the_good_one_and_exits_non_zero(tmp_path):
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"not a warc\x00\x01")
    out = subprocess.run([sys.executable, "-m", "warta.cli", "--data", str(tmp_path / "d"), "ingest",
                          str(DATA / "seed-berita-terkini.txt"), str(broken)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "6 new" in out.stdout and "broken.warc.gz" in out.stdout
    assert out.stderr.strip().splitlines() == [
        "Error: 1 file(s) could not be ingested (listed above); the others were stored"]


def test_cli_ingest_on_a_terminal_shows_progress(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()  # stderr a terminal of 24 x 120, as for a user at a shell
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.run([sys.executable, "-m", "warta.cli", "--data", str(tmp_path / "d"), "ingest",
                           str(DATA / "seed-berita-terkini.txt")], stdout=subprocess.PIPE, stderr=follower,
                          text=True, timeout=120)
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 4096):
            shown += chunk
    except OSError:  # the terminal is closed and drained
        pass
    os.close(leader)
    assert proc.returncode == 0 and "6 new" in proc.stdout
    assert b"ingest: 100%" in shown and b"articles=6" in shown and b"errors=0" in shown


DUMP = """Berita Terkini

Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih.

Kota-batu.kpu.go.id, Senin, 6-3-2023 KPU Kota Batu menggelar rapat pleno terbuka rekapitulasi daftar pemilih hasil pemutakhiran di aula kantor KPU.

“Kami berharap data ini akurat,” ujar Ketua KPU Kota Batu.

Rapat ditutup dengan penandatanganan berita acara oleh seluruh peserta.

Sosialisasi Pemilu kepada Pemilih Pemula

Batu (8/3) - KPU Kota Batu mengadakan sosialisasi pemilu kepada pelajar SMA se-Kota Batu sebagai pemilih pemula.

Pelantikan Anggota PPS Kota Batu

Kamis, 9 Maret 2023

Sebanyak 72 anggota PPS dilantik oleh KPU Kota Batu di Balai Kota Among Tani.

Jumlahnya sesuai kebutuhan.
"""


def test_a_short_body_paragraph_is_not_taken_for_a_title():
    heading, articles = parse_text_dump(DUMP)
    assert heading == "Berita Terkini"
    assert [a.title for a in articles] == ["Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih",
                                           "Sosialisasi Pemilu kepada Pemilih Pemula", "Pelantikan Anggota PPS Kota Batu"]
    assert "“Kami berharap data ini akurat,” ujar Ketua KPU Kota Batu." in articles[0].text
    assert articles[0].text.endswith("oleh seluruh peserta.") and articles[2].text.endswith("kebutuhan.")
    assert articles[2].published == "2023-03-09"


def test_ctrl_c_during_ingest_keeps_the_files_stored_before_it(settings, tmp_path, monkeypatch):
    import crawler.ingest

    second = tmp_path / "kedua.txt"
    second.write_text(DUMP, encoding="utf-8")
    read = crawler.ingest._ingest_file

    def interrupted_read(archive, path):
        if path == second:
            raise KeyboardInterrupt  # Ctrl-C while the second file is read
        return read(archive, path)

    monkeypatch.setattr(crawler.ingest, "_ingest_file", interrupted_read)
    summary, skipped, interrupted = ingest_files(settings, [DATA / "seed-berita-terkini.txt", second])
    assert summary.startswith("ingest interrupted") and "6 new" in summary and skipped == 0
    assert interrupted  # the command line exits 130 on it
    with Archive(settings.archive_path) as archive:
        assert archive.count_articles() == 6
