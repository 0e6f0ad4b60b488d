"""Indexing: record formats, incremental updates and deletions, rebuilds, crashes, one writer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from crawler.archive import Archive, Article
from index.query import Filters
from index.schema import IndexLocation
from index.search import Searcher
from index.writer import update_index
from warta.settings import Settings

JEPARA = Article(
    url="https://kab-jepara.kpu.go.id/berita/baca/1/pleno", site="kab-jepara.kpu.go.id", published="2023-03-29",
    title="PPS Segera Merekapitulasi Daftar Pemilih <Hasil> Pemutakhiran",
    text=("Jepara – Sekretaris KPU Jepara, Da’faf Ali, meminta PPS merekap daftar pemilih. "
          "“Pelaksanaan pleno di tingkat PPS agar disupervisi secermat mungkin,” kata Muhammadun. "
          "Kegiatan <script>alert(1)</script> di Kecamatan Tahunan."),
)
JEPARA_RECORD = {
    "published": "2023-03-29",
    "persons": [{"name": "Da'faf Ali", "aliases": ["Da’faf Ali"], "titles": [], "roles": ["Sekretaris KPU Jepara"],
                 "mentions": [[30, 40]]},
                {"name": "Muhammadun", "aliases": [], "titles": [], "roles": ["Anggota KPU Jepara"], "mentions": []}],
    "organizations": [{"name": "KPU Kabupaten Jepara", "mentions": []}],
    "places": [{"name": "Kecamatan Tahunan", "kind": "kecamatan", "code": "33.20.05", "province": "Jawa Tengah",
                "regency": "Kabupaten Jepara", "mentions": []},
               {"name": "Jepara", "kind": "kabupaten", "code": "33.20", "province": "Jawa Tengah",
                "regency": "Kabupaten Jepara", "mentions": []}],
    "dates": [],
    "quotes": [{"text": "Pelaksanaan pleno di tingkat PPS agar disupervisi secermat mungkin,", "speaker": "Muhammadun",
                "role": None, "cue": "kata", "start": 90, "end": 160}],
    "event_types": ["rapat_pleno", "data_pemilih"],
}


def add_jepara(settings) -> int:
    with Archive(settings.archive_path) as archive:
        [(article_id, _)] = archive.save_articles([JEPARA])
        archive.save_analyses([(article_id, "test", JEPARA_RECORD)])
    return article_id


def snapshot(settings) -> dict:
    """What a user sees: results of a few searches and all facet counts."""
    with Searcher(settings) as s:
        out = {}
        for kind in ("articles", "quotes"):
            for query in ("", "pemilu", "pelantikan", '"rapat koordinasi"', "Da'faf"):
                result = s.search(query, kind=kind, per_page=500, sort="date")
                out[(kind, query)] = (result.total, sorted(h.id for h in result.hits), result.facets)
        return out


def test_regions_names_and_escaping_from_a_full_record(settings):
    add_jepara(settings)
    update_index(settings)
    with Searcher(settings) as s:
        result = s.search("", Filters(province=("jawa tengah",)))
        assert result.total == 1
        assert dict(result.facets["regency"]) == {"Kabupaten Jepara": 1}
        assert s.search("", Filters(place=("Kabupaten Jepara",))).total == 1  # any level
        assert s.search("", Filters(place=("Kecamatan Tahunan",))).total == 1
        for name in ("Da'faf", "Da’faf", "dafaf", "DA'FAF ALI"):
            assert s.search(name).total == 1, name
        assert s.search("", Filters(person=("Da’faf Ali",))).total == 1
        quote = s.search("", Filters(person=("Muhammadun",)), kind="quotes").hits[0]
        assert quote.speaker_role == "Anggota KPU Jepara"
        assert dict(s.search("", kind="quotes").facets["province"]) == {"Jawa Tengah": 1}
        snippet = s.search("kegiatan").hits[0].snippet
        assert "&lt;script&gt;" in snippet and "<script>" not in snippet and "<mark>Kegiatan</mark>" in snippet


def test_incremental_updates_and_deletions_agree_with_a_rebuild(settings, gold, fill_archive):
    fill_archive(settings, gold[:60])
    update_index(settings)
    ids = fill_archive(settings, gold[60:])
    jepara = add_jepara(settings)
    with Archive(settings.archive_path) as archive:
        changed = archive.get_article(ids[gold[70]["id"]])
        changed.text += " Pelantikan anggota PPS baru."
        archive.save_articles([changed])
        archive.delete_article(ids[gold[80]["id"]])
        archive.delete_article(jepara)  # with its quote
    summary = update_index(settings)
    assert "updated" in summary and "2 deleted" in summary
    incremental = snapshot(settings)
    with Searcher(settings) as s:
        assert s.search("", per_page=1).total == len(gold) - 1
        assert s.search("Da'faf").total == 0 and s.search("", kind="quotes", per_page=500).total == sum(
            len(r["quotes"]) for r in gold if r["id"] != gold[80]["id"])
        assert str(ids[gold[70]["id"]]) in {h.id for h in s.search("pelantikan", per_page=100).hits}

    update_index(settings, rebuild=True)
    assert snapshot(settings) == incremental
    generations = list(Path(settings.index_dir).glob("gen-*"))
    assert len(generations) == 1  # the old generation was dropped after the switch
    assert update_index(settings).startswith("updated index: 0 articles")


def test_worker_processes_index_every_change_once(gold, fill_archive, monkeypatch, tmp_path):
    """Documents prepared by worker processes, a run of seqs per task, make the same index as inline."""
    monkeypatch.setattr("index.documents.CHUNK", 7)  # many runs, with changes and deletions across their edges

    def index_in_two_steps(settings, workers: int) -> dict:
        ids = fill_archive(settings, gold[:50])
        update_index(settings, workers=workers)
        fill_archive(settings, gold[50:])
        with Archive(settings.archive_path) as archive:
            changed = archive.get_article(ids[gold[10]["id"]])
            changed.text += " Pelantikan anggota PPS baru."
            archive.save_articles([changed])
            archive.delete_article(ids[gold[20]["id"]])
        assert "1 deleted" in update_index(settings, workers=workers)
        found = snapshot(settings)
        assert found[("articles", "")][0] == len(gold) - 1
        assert str(ids[gold[10]["id"]]) in found[("articles", "pelantikan")][1]
        return found

    parallel = index_in_two_steps(Settings.from_dir(tmp_path / "parallel").ensure(), workers=2)
    assert parallel == index_in_two_steps(Settings.from_dir(tmp_path / "inline").ensure(), workers=0)


def test_reader_keeps_its_snapshot_while_the_index_changes(settings, gold, fill_archive):
    fill_archive(settings, gold[:30])
    update_index(settings)
    with Searcher(settings) as reader:
        before = reader.search("", per_page=1).total
        fill_archive(settings, gold[30:])
        update_index(settings)
        assert reader.search("", per_page=1).total == before == 30
    with Searcher(settings) as fresh:
        assert fresh.search("", per_page=1).total == len(gold)


CRASHING_INDEXER = textwrap.dedent("""
    import sys
    from warta.settings import Settings
    from index.writer import update_index
    update_index(Settings.from_dir(sys.argv[1]), rebuild=sys.argv[2] == "rebuild", batch=40)
""")


def _kill_after_first_commit(settings, mode: str) -> None:
    """Start an indexer, and kill it right after its first batch commits (mid-way through the next)."""
    baseline = {gen: _last_seq(gen) for gen in Path(settings.index_dir).glob("gen-*")}
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_INDEXER, str(settings.data_dir), mode],
                            stderr=subprocess.DEVNULL, cwd=Path(__file__).resolve().parents[2])
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            for gen in Path(settings.index_dir).glob("gen-*"):
                if _last_seq(gen) > baseline.get(gen, 0):
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
                    return
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    raise AssertionError("the indexer finished before it could be killed")


def _last_seq(generation: Path) -> int:
    try:
        with sqlite3.connect(f"file:{generation / 'facets.sqlite3'}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'last_seq'").fetchone()
            return int(row[0]) if row else 0
    except sqlite3.Error:
        return 0


def test_a_killed_indexer_leaves_the_previous_index_usable(settings, gold, fill_archive):
    fill_archive(settings, gold[:20])
    update_index(settings)
    before = snapshot(settings)
    with Archive(settings.archive_path) as archive:  # enough new articles for several batches
        originals = list(archive.iter_articles())
        for copy in range(3):
            archive.save_articles(Article(url=f"{a.url}?copy={copy}", site=a.site, text=a.text, title=a.title,
                                          published=a.published) for a in originals)
    current = IndexLocation(settings.index_dir).current()

    # A rebuild killed half way: the live generation is untouched.
    _kill_after_first_commit(settings, "rebuild")
    assert IndexLocation(settings.index_dir).current() == current
    assert snapshot(settings) == before

    # An incremental update killed half way: the index holds whole batches, and the next run completes it.
    _kill_after_first_commit(settings, "update")
    with Searcher(settings) as s:
        partial = s.search("", per_page=1).total
    assert 20 < partial < 80
    update_index(settings)
    with Searcher(settings) as s:
        assert s.search("", per_page=1).total == 80


def test_a_second_writer_waits_for_the_first(settings, gold, fill_archive):
    import fcntl
    import threading

    fill_archive(settings, gold[:10])
    Path(settings.index_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(settings.index_dir) / "WRITER.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another indexer is busy
        summary: list[str] = []
        second = threading.Thread(target=lambda: summary.append(update_index(settings)))
        second.start()
        second.join(timeout=1.0)
        assert second.is_alive() and IndexLocation(settings.index_dir).current() is None
        fcntl.flock(held, fcntl.LOCK_UN)
    second.join()
    assert summary and "10 articles" in summary[0]


def test_saved_postings_rank_like_the_live_ones(settings, gold, fill_archive, monkeypatch, tmp_path):
    from index import ranking
    from warta.settings import Settings

    fill_archive(settings, gold)
    update_index(settings)  # tiny segments: no term is frequent enough to be saved
    queries = ["pemilu", "kabupaten pemilihan", "rapat koordinasi anggota", "Lukman Hakim",
               '"komisi pemilihan umum"', '"rapat koordinasi" OR "tidak ada pemilih"', 'title:"rapat pleno"']
    with Searcher(settings) as s:
        live = {q: [(h.id, round(h.score, 4)) for h in s.search(q, per_page=50).hits] for q in queries}

    monkeypatch.setattr(ranking, "FREQUENT_MIN", 1)  # now every term of every segment is saved
    monkeypatch.setattr(ranking, "FREQUENT_SHARE", 0.0)
    other = Settings.from_dir(tmp_path / "other").ensure()
    fill_archive(other, gold)  # the same articles, with the same ids
    update_index(other)
    cache = IndexLocation(other.index_dir).current() / "facet-cache"
    assert list(cache.glob("*-body.terms.json")) and list(cache.glob("*-body.positions.npy"))
    with Searcher(other) as s:
        saved = {q: [(h.id, round(h.score, 4)) for h in s.search(q, per_page=50).hits] for q in queries}
    assert saved == live and all(live.values())  # phrases included: positions read from the saved arrays


def test_an_index_of_an_older_format_is_rebuilt_with_a_message(settings):
    from index.facets import FacetStore

    add_jepara(settings)
    update_index(settings)
    old = IndexLocation(settings.index_dir).current()
    store = FacetStore(old / "facets.sqlite3")
    store.set_meta("format", "4")  # written before per-article word lists existed
    store.close()
    summary = update_index(settings)
    assert summary.startswith("rebuilt index (the old index had an older format): 1 articles")
    assert IndexLocation(settings.index_dir).current() != old
    with Searcher(settings) as s:
        assert s.search("Da'faf").total == 1
