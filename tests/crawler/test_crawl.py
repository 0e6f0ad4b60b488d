"""Crawling local KPU-like sites: faults, politeness, incremental re-crawls, WARC and stories."""

import subprocess
import sys
from collections import Counter

from warcio.archiveiterator import ArchiveIterator

from crawler.archive import Archive
from crawler.crawl import run_crawl
from warta.kpusite import FAULTS, NOT_BULLETINS, KpuSite, sample_bulletins


def _articles(settings):
    with Archive(settings.archive_path) as archive:
        return list(archive.iter_articles())


def test_faulty_site_is_archived_completely_politely_and_once(settings, make_site, fast):
    site = make_site(14, faults=FAULTS, hang_seconds=2.0, retry_after=1)
    old = make_site(8, seed=3, template="old", faults={"503", "links", "redirect"})
    summary = run_crawl(settings, [site.url, old.url], **fast).summary

    urls = Counter(a.url for a in _articles(settings))
    assert set(urls) == set(site.article_urls()) | set(old.article_urls())
    assert max(urls.values()) == 1
    # Reported, not fatal: the missing page and the page cut short.
    assert "hilang: HTTP 404" in summary and "terpotong: incomplete body" in summary
    paths = [r["path"] for r in site.requests]
    assert not any(p.startswith("/private/") for p in paths)
    hidden = (set(sample_url.rsplit("/", 1)[0] for sample_url in [site.url + p for p in paths])
              - set(u.rsplit("/", 1)[0] for u in site.article_urls()))
    assert "skipped by robots.txt: 1" in summary, hidden
    for r in site.requests + old.requests:
        assert r["headers"]["User-Agent"].startswith("Warta/")
    with Archive(settings.archive_path) as archive:
        hosts = {row[0] for row in archive.conn.execute("SELECT DISTINCT host FROM responses")}
    assert hosts == {f"127.0.0.1:{site.port}", f"127.0.0.1:{old.port}"}  # never another host


def test_requests_to_one_host_never_overlap_and_retry_after_is_honoured(settings, make_site, fast):
    site = make_site(10, faults={"503", "429"}, retry_after=1)
    run_crawl(settings, [site.url], **fast)
    spans = sorted((r["start"], r["end"]) for r in site.requests)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start >= end  # one request at a time per host
    for status in (503, 429):
        refused = next(r for r in site.requests if r["status"] == status)
        retry = next(r for r in site.requests if r["path"] == refused["path"] and r["start"] > refused["start"])
        assert retry["status"] == 200
        assert retry["start"] - refused["end"] >= 1.0  # Retry-After: 1


def test_robots_crawl_delay_raises_the_delay(settings, make_site, fast):
    site = make_site(3, crawl_delay=0.3)
    run_crawl(settings, [site.url], **fast)
    starts = sorted(r["start"] for r in site.requests)
    # Server-side clocks see arrival jitter, so allow a little slack below the 0.3 s asked for.
    assert all(b - a >= 0.25 for a, b in zip(starts, starts[1:]))


def test_hanging_response_times_out_and_is_retried(settings, make_site, fast):
    site = make_site(4, faults={"hang"}, hang_seconds=3.0)
    summary = run_crawl(settings, [site.url], **fast).summary
    assert {a.url for a in _articles(settings)} == set(site.article_urls())
    assert "errors: 0" in summary


def test_second_crawl_uses_conditional_requests_and_stops_paging_at_known_articles(settings, make_site, fast):
    site = make_site(23, per_page=5)
    run_crawl(settings, [site.url], **fast)
    first = len(site.requests)
    summary = run_crawl(settings, [site.url], **fast).summary
    again = site.requests[first:]
    conditional = [r for r in again if r["headers"].get("If-None-Match")]
    assert conditional and all(r["status"] == 304 for r in conditional)
    assert not any("/berita/baca/" in r["path"] for r in again)  # no article fetched twice
    assert "0 new" in summary

    new_url = site.add_bulletin({"title": "Penetapan Daftar Pemilih Tetap", "date": "2024-02-01",
                                 "paragraphs": ["Kab-contoh.kpu.go.id, Kamis, 1-2-2024 KPU menetapkan daftar pemilih tetap "
                                                "dalam rapat pleno terbuka di aula kantor KPU."]})
    second = len(site.requests)
    run_crawl(settings, [site.url], **fast)
    third = [r["path"] for r in site.requests[second:]]
    assert [p for p in third if "/berita/baca/" in p] == [new_url.split(str(site.port))[1]]
    assert not any("page=" in p for p in third)  # page 1 showed known articles: paging stopped
    urls = Counter(a.url for a in _articles(settings))
    assert len(urls) == 24 and max(urls.values()) == 1


def test_every_response_is_in_warc_and_in_the_archive(settings, make_site, fast):
    site = make_site(5)
    run_crawl(settings, [site.url], **fast)
    art = _articles(settings)[0]
    with Archive(settings.archive_path) as archive:
        stored = archive.get_response(art.response_id)
        total = archive.count_responses()
    assert stored["status"] == 200 and art.title.encode() in stored["body"]
    with open(settings.warc_dir / stored["warc_file"], "rb") as fh:
        fh.seek(stored["warc_offset"])
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == stored["url"]
        assert record.content_stream().read() == stored["body"]
    responses = 0
    for path in settings.warc_dir.glob("*.warc.gz"):
        with open(path, "rb") as fh:
            responses += sum(1 for r in ArchiveIterator(fh) if r.rec_type == "response")
    assert responses == total == len(site.requests)


def test_copies_on_several_sites_stay_separate_but_share_a_story(settings, fast):
    bulletins = sample_bulletins(4, seed=9)
    copy = dict(bulletins[1], paragraphs=["Kota-batu.kpu.go.id, " + bulletins[1]["paragraphs"][0].split(", ", 1)[1],
                                         *bulletins[1]["paragraphs"][1:]])
    with KpuSite(bulletins) as one, KpuSite([copy, bulletins[3]], host="127.0.0.2") as two:
        run_crawl(settings, [one.url, two.url], **fast)
    arts = _articles(settings)
    assert len(arts) == 6
    by_title = {}
    for a in arts:
        by_title.setdefault(a.title, set()).add(a.story_id)
    assert all(len(stories) == 1 for stories in by_title.values())
    assert len({a.story_id for a in arts}) == 4


def test_an_edited_bulletin_is_fetched_again_via_sitemap_lastmod_and_updated_in_place(settings, make_site, fast):
    site = make_site(6)
    run_crawl(settings, [site.url], **fast)
    target = site.article_urls()[2]
    site.edit_bulletin(target, paragraphs=["Kab-contoh.kpu.go.id, Senin, 9-1-2023 Ralat: rapat pleno diundur ke "
                                           "minggu depan karena logistik pemilu belum lengkap diterima."])
    before = len(site.requests)
    summary = run_crawl(settings, [site.url], **fast).summary
    refetched = [r["path"] for r in site.requests[before:] if "/berita/baca/" in r["path"]]
    assert refetched == [target.split(str(site.port))[1]]
    assert "1 changed" in summary
    arts = _articles(settings)
    assert len(arts) == 6
    assert next(a for a in arts if a.url == target).text.startswith("Kab-contoh.kpu.go.id, Senin, 9-1-2023 Ralat")


def test_listings_that_show_bulletins_in_full_are_archived_once_each(settings, make_site, fast):
    site = make_site(13, seed=7, template="old", full_listings=True, per_page=4)
    run_crawl(settings, [site.url], **fast)
    arts = {a.url: a for a in _articles(settings)}
    assert set(arts) == set(site.article_urls())
    some = arts[site.article_urls()[0]]
    assert some.title and some.published and some.text.startswith("Kab-contoh.kpu.go.id")
    assert some.category in ("Berita Terkini", "KPU Dalam Berita")

    site.add_bulletin({"title": "Penetapan Calon Terpilih", "date": "2024-03-01", "category": "Berita Terkini",
                       "paragraphs": ["Kab-contoh.kpu.go.id, Jumat, 1-3-2024 KPU menetapkan calon terpilih anggota "
                                      "DPRD dalam rapat pleno terbuka."]})
    before = len(site.requests)
    summary = run_crawl(settings, [site.url], **fast).summary
    assert "1 new" in summary
    assert not any("page=" in r["path"] for r in site.requests[before:])  # page 1 showed known bulletins
    assert {a.url for a in _articles(settings)} == set(site.article_urls())


def test_resolve_reaches_a_kpu_host_at_a_local_address_and_archives_it_under_its_name(settings, make_site, fast):
    site = make_site(6, faults={"links"}, name="kab-probolinggo.kpu.go.id")
    summary = run_crawl(settings, ["kab-probolinggo"], resolve={"kab-probolinggo": f"127.0.0.1:{site.port}"},
                        **fast).summary
    expected = {u.replace(site.url, "https://kab-probolinggo.kpu.go.id") for u in site.article_urls()}
    arts = _articles(settings)
    assert {a.url for a in arts} == expected, summary
    assert {a.site for a in arts} == {"kab-probolinggo.kpu.go.id"}
    assert all(r["headers"]["Host"] == "kab-probolinggo.kpu.go.id" for r in site.requests)


def test_a_response_dribbled_past_the_deadline_counts_as_a_timeout_and_is_retried(settings, make_site, fast):
    site = make_site(8, faults={"dribble"}, hang_seconds=10.0)  # the body would take 10 s; the deadline is 3 s
    summary = run_crawl(settings, [site.url], **{**fast, "deadline": 3.0}).summary
    assert {a.url for a in _articles(settings)} == set(site.article_urls()), summary
    slow = next(r for r in site.requests if r["aborted"])  # Warta hung up part-way through the body
    tries = sorted((r["start"], r["aborted"]) for r in site.requests if r["path"] == slow["path"])
    assert [aborted for _, aborted in tries] == [True, False]
    with Archive(settings.archive_path) as archive:
        errors = [row[0] for row in archive.conn.execute("SELECT error FROM responses WHERE url = ? ORDER BY id",
                                                         (site.url + slow["path"],))]
    assert errors[0].startswith("timeout") and errors[-1] is None


def _closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens there once the socket is closed


def test_max_pages_bounds_every_request_robots_txt_included(settings, make_site, fast):
    sites = [make_site(4, seed=i, host=f"127.0.0.{20 + i}") for i in range(4)]
    summary = run_crawl(settings, [s.url for s in sites], max_pages=3, concurrency=4, **fast).summary
    assert sum(len(s.requests) for s in sites) == 3
    assert summary.startswith("crawl stopped at --max-pages 3") and ", 3 requests," in summary


def test_an_unreachable_site_is_reported_as_such_not_as_a_page_limit(settings, make_site, fast):
    down = _closed_port_url()
    result = run_crawl(settings, [down], **fast)
    assert result.summary.startswith("crawl failed: no site could be crawled"), result.summary
    assert "--max-pages" not in result.summary
    assert result.all_failed and not result.interrupted  # the command line exits non-zero on this
    site = make_site(3)
    result = run_crawl(settings, [site.url, down], **fast)
    assert result.summary.startswith("crawl finished; 1 of 2 sites could not be crawled"), result.summary
    assert not result.all_failed


def test_the_command_exits_non_zero_when_no_site_could_be_crawled(settings):
    cmd = [sys.executable, "-m", "warta.cli", "--data", str(settings.data_dir), "crawl", _closed_port_url()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "crawl failed" in proc.stdout
    assert proc.stderr.strip().endswith("Error: no site could be crawled (the summary above says why)")


def test_ctrl_c_while_grouping_stories_keeps_the_articles_and_the_next_run_groups_them(settings, make_site, fast,
                                                                                       monkeypatch):
    import crawler.stories

    signature = crawler.stories.signature
    calls = []

    def interrupted_signature(text):
        calls.append(text)
        if len(calls) == 3:
            raise KeyboardInterrupt  # Ctrl-C arrives in the middle of story grouping
        return signature(text)

    site = make_site(5)
    monkeypatch.setattr(crawler.stories, "signature", interrupted_signature)
    result = run_crawl(settings, [site.url], **fast)
    assert result.interrupted and result.summary.startswith("crawl interrupted"), result.summary
    assert {a.url for a in _articles(settings)} == set(site.article_urls())
    monkeypatch.setattr(crawler.stories, "signature", signature)
    result = run_crawl(settings, [site.url], **fast)
    assert "5 grouped into stories" in result.summary and not result.interrupted
    assert all(a.story_id for a in _articles(settings))


def test_bulletins_at_urls_of_other_shapes_are_archived_but_menus_tags_and_files_are_not_fetched(settings, make_site,
                                                                                                  fast):
    site = make_site(4, faults={"wordpress"})
    summary = run_crawl(settings, [site.url], **fast).summary
    arts = {a.url: a for a in _articles(settings)}
    assert set(arts) == set(site.article_urls()), summary
    # /web/{slug}/ from the sitemap and the feed, /2023/05/{slug}/ from the home page; read by the fallback.
    for url in site.article_urls()[-2:]:
        assert arts[url].title and arts[url].published and arts[url].text.startswith("Kab-contoh.kpu.go.id"), url
    assert not {r["path"] for r in site.requests} & set(NOT_BULLETINS)
    assert "errors: 0" in summary
