"""The facet columns decoded all at once equal them read one document at a time."""

import numpy as np

from index import facets


def _one_by_one(reader) -> tuple[np.ndarray, ...]:
    """Each document's packed row unpacked on its own, as the searcher read them before."""
    count = reader.doc_count_all()
    column = reader.column_reader("facets")
    header = np.zeros((3, count), dtype=np.uint32)
    docs, vals = [], []
    for docnum in range(count):
        packed = column[docnum]
        if packed:
            values = facets.unpack(packed)
            header[:, docnum] = values[:facets.HEADER]
            vals.extend(values[facets.HEADER:])
            docs.extend([docnum] * (len(values) - facets.HEADER))
    return np.array(docs, dtype=np.uint32), np.array(vals, dtype=np.uint32), *header


def test_decoded_columns_equal_per_document_reads(searcher, tmp_path):
    leaves = facets._leaves(searcher.searcher)
    assert sum(sub.reader().doc_count_all() for sub, _ in leaves) > 0
    for sub, _ in leaves:
        reader = sub.reader()
        decoded = facets._segment_arrays(reader, tmp_path / "fresh")  # no disk cache: decoded from the column
        cached = facets._segment_arrays(reader, tmp_path / "fresh")  # read back from the cache just written
        for got, again, want in zip(decoded, cached, _one_by_one(reader)):
            assert got.dtype == want.dtype == np.uint32
            assert np.array_equal(got, want)
            assert np.array_equal(again, want)


def test_empty_rows_give_no_pairs():
    rows = [facets.pack(20240105, 7, 120, [9, 3]), b"", facets.pack(0, 8, 5, [])]
    docs, vals, dates, articles, lengths = facets.decode_rows(
        b"".join(rows), np.array([len(r) for r in rows], dtype=np.int64))
    assert docs.tolist() == [0, 0] and vals.tolist() == [3, 9]
    assert dates.tolist() == [20240105, 0, 0]
    assert articles.tolist() == [7, 0, 8] and lengths.tolist() == [120, 0, 5]


def test_snapshot_arrays_are_saved_once_and_mapped_by_later_searchers(settings, gold, fill_archive):
    """The indexer saves the whole snapshot's arrays; a new searcher maps them and counts the same;
    a later snapshot (with a deletion) gets its own, and the old one's files go."""
    from crawler.archive import Archive
    from index.schema import IndexLocation
    from index.search import Searcher
    from index.writer import update_index

    ids = fill_archive(settings, gold[:40])
    update_index(settings)
    cache = IndexLocation(settings.index_dir).current() / "facet-cache"
    first = {p.name.split(".")[0] for p in cache.glob("snap-*.npy")}
    assert len(first) == 1

    with Searcher(settings) as s:
        mapped = s.arrays
        assert all(isinstance(getattr(mapped, key), np.memmap) for key in facets.SNAPSHOT_ARRAYS)
        rebuilt = facets._build_arrays(s.searcher, cache)
        for key in facets.SNAPSHOT_ARRAYS:
            assert np.array_equal(getattr(mapped, key), rebuilt[key]), key
        before = s.search("", per_page=1).facets

    with Archive(settings.archive_path) as archive:
        archive.delete_article(ids[gold[0]["id"]])
    update_index(settings)
    second = {p.name.split(".")[0] for p in cache.glob("snap-*.npy")}
    assert len(second) == 1 and second != first
    with Searcher(settings) as s:
        assert s.search("", per_page=1).total == 39
        assert s.search("", per_page=1).facets != before
