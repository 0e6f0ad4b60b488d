"""The bulk segment writer writes exactly what Whoosh's own writer writes, merges included."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from crawler.archive import Article
from index.analyzer import name_analyzer, text_analyzer
from index.bulk_writer import BulkSegmentWriter, term_function, term_positions
from index.facets import FacetStore
from index.schema import build_schema
from index.documents import prepare
from index.writer import with_facet_ids


def as_article(record: dict) -> Article:
    return Article(url=f"https://kpu.go.id/{record['id']}", site=record.get("site") or "kpu.go.id",
                   text=record["text"], title=record.get("title"), published=record.get("published"))


def as_analysis(record: dict) -> dict:
    """The gold annotation as an analysis record (gold orgs and places are plain names, which records accept)."""
    return {**record, "quotes": [{"text": q["text"], "speaker": q.get("speaker")} for q in record.get("quotes", [])]}


def build(writer_class, directory: Path, records: list[dict]):
    """Index the records in two commits, then merge everything into one segment."""
    ix = whoosh_index.create_in(directory, build_schema())
    store = FacetStore(directory / "facets.sqlite3")
    middle = len(records) // 2
    for number, part in enumerate((records[:middle], records[middle:])):
        writer = writer_class(ix, compound=False)
        for offset, record in enumerate(part):
            article = as_article(record)
            article.id = number * 1000 + offset + 1
            # Whoosh's writer analyzes the text itself; ours gets it analyzed ahead, as workers hand it over.
            prepared = prepare(article, as_analysis(record), analyzed=writer_class is BulkSegmentWriter)
            for doc in prepared.docs:
                writer.add_document(**with_facet_ids(doc, store))
        writer.commit(merge=False)
    store.close()
    contents = [dump(ix)]
    writer = writer_class(ix, compound=False)
    for article_id in (2, 3, 1004):  # documents deleted in both segments, then dropped by the merge
        writer.delete_by_term("parent", str(article_id))
    writer.commit(optimize=True)
    contents.append(dump(ix))
    return contents


def dump(ix) -> tuple:
    """Every posting with its weight and encoded positions, term statistics, field lengths and stored fields."""
    postings = []
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            info = reader.term_info(field, term)
            postings.append((field, term, items, info.min_length(), info.max_length(), info.max_weight(),
                             info.doc_frequency()))
        count = reader.doc_count_all()
        lengths = [reader.doc_field_length(d, f) for d in range(count) for f in ("title", "body", "names", "roles")]
        stored = [reader.stored_fields(d) for d in range(count)]
    return postings, lengths, stored, len(list(ix._segments()))


def test_same_postings_lengths_and_stored_fields_as_whoosh(gold, tmp_path):
    records = gold[:70]
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "bulk").mkdir()
    expected = build(SegmentWriter, tmp_path / "whoosh", records)
    got = build(BulkSegmentWriter, tmp_path / "bulk", records)
    assert expected[0][3] == 2 and expected[1][3] == 1  # two segments, then one merged
    assert len(expected[0][0]) > 1000
    assert len(expected[1][2]) < len(expected[0][2])  # the deleted documents are gone
    assert got == expected


@pytest.mark.parametrize("text", [
    "Pelantikan PPS di Kecamatan Tahunan, yang dilantik oleh Ketua KPU.",
    "dan yang di ke dari",  # only stop words
    "Da’faf Ali dan Da'faf ALI, S.Pd., M.Si. berkata: “rapat   pleno” 26-1-2023 Rp 1.500.000,00",
    "",
])
def test_term_positions_match_the_analyzers(text):
    schema = build_schema()
    for field, analyzer in (("body", text_analyzer()), ("names", name_analyzer())):
        expected: dict[str, list[int]] = {}
        for token in analyzer(text, positions=True, mode="index"):
            expected.setdefault(token.text, []).append(token.pos)
        to_term = term_function(schema[field])
        assert to_term is not None
        assert term_positions(text, to_term) == expected


def test_other_fields_take_whoosh_path():
    schema = build_schema()
    assert term_function(fields.TEXT()) is None  # Whoosh's standard analyzer
    assert term_function(fields.TEXT(analyzer=text_analyzer(), phrase=False)) is None  # no positions
    assert term_function(schema["doc_id"]) is None


@pytest.mark.parametrize("positions", [[0], [7], [4095], [4096], [90000], [3, 9, 10], [5000, 5001, 9000]])
def test_positions_encoded_as_whoosh_encodes_them(positions):
    from whoosh.formats import Positions

    from index.bulk_writer import encode_positions

    assert encode_positions(positions) == Positions().encode(positions)
