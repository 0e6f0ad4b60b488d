""""Did you mean" follows the archive: a deleted or rewritten article's words stop being suggested."""

from __future__ import annotations

from crawler.archive import Archive, Article
from index.facets import FacetStore
from index.schema import IndexLocation
from index.search import Searcher
from index.writer import update_index

ZULKARNAEN = Article(url="https://kab-batang.kpu.go.id/berita/baca/7/sosialisasi", site="kab-batang.kpu.go.id",
                     published="2023-05-02", title="Sosialisasi Pemilu di Kecamatan Warungasem",
                     text="Ketua KPU Batang Zulkarnaen membuka sosialisasi pemilu bersama tokoh masyarakat.")
OTHER = Article(url="https://kab-batang.kpu.go.id/berita/baca/8/bimtek", site="kab-batang.kpu.go.id",
                published="2023-05-03", title="Bimtek PPK Kabupaten Batang",
                text="Bimbingan teknis PPK tentang rekapitulasi pemilu berjalan lancar.")


def save(settings, *articles: Article) -> list[int]:
    with Archive(settings.archive_path) as archive:
        return [article_id for article_id, _ in archive.save_articles(articles)]


def word_table(settings) -> dict[str, int]:
    store = FacetStore(IndexLocation(settings.index_dir).current() / "facets.sqlite3", readonly=True)
    try:
        return dict(store.conn.execute("SELECT word, n FROM words"))
    finally:
        store.close()


def suggestion(settings, query: str) -> str | None:
    with Searcher(settings) as s:
        return s.search(query).suggestion


def test_a_deleted_articles_words_are_no_longer_suggested(settings):
    [gone, _] = save(settings, ZULKARNAEN, OTHER)
    update_index(settings)
    assert suggestion(settings, "zulkarnain") == "zulkarnaen"
    assert word_table(settings)["pemilu"] == 2

    with Archive(settings.archive_path) as archive:
        archive.delete_article(gone)
    assert "1 deleted" in update_index(settings)
    words = word_table(settings)
    assert "zulkarnaen" not in words and "warungasem" not in words
    assert words["pemilu"] == 1  # still in the other bulletin
    assert suggestion(settings, "zulkarnain") is None
    assert suggestion(settings, "pemilo") == "pemilu"


def test_a_rewritten_article_counts_its_new_words_only(settings):
    save(settings, ZULKARNAEN, OTHER)
    update_index(settings)
    rewritten = Article(**{**ZULKARNAEN.__dict__, "id": None, "seq": None,
                           "text": "Ketua KPU Batang Mustaqim membuka sosialisasi pemilu."})
    save(settings, rewritten)
    update_index(settings)
    words = word_table(settings)
    assert "zulkarnaen" not in words and words["mustaqim"] == 1 and words["pemilu"] == 2
    assert suggestion(settings, "mustakim") == "mustaqim"
    assert suggestion(settings, "zulkarnain") is None


def test_incremental_counts_equal_a_rebuilds(settings, gold, fill_archive):
    ids = fill_archive(settings, gold[:50])
    update_index(settings)
    fill_archive(settings, gold[50:70])
    with Archive(settings.archive_path) as archive:
        for record in gold[:10]:
            archive.delete_article(ids[record["id"]])
        changed = archive.get_article(ids[gold[20]["id"]])
        changed.text = changed.text[: len(changed.text) // 2]
        archive.save_articles([changed])
    update_index(settings, batch=7)  # several commits
    incremental = word_table(settings)
    update_index(settings, rebuild=True)
    assert incremental == word_table(settings)
    assert len(incremental) > 1000
