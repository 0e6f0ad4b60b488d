"""Exports of every kind, in CSV, JSON Lines and XLSX, for searches and for a plain archive."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import openpyxl
import pytest

from crawler.archive import Archive, Article
from index import records
from index.export import COLUMNS, EXPORT_KINDS, export_rows, export_to, write_rows
from index.query import Filters, QueryError


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8 right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_every_kind_in_all_three_formats_agrees(indexed, kind, tmp_path):
    counts = {}
    for fmt in ("csv", "jsonl", "xlsx"):
        counts[fmt] = export_to(indexed, kind, "", Filters(), fmt, str(tmp_path / f"out.{fmt}"))
    assert counts["csv"] == counts["jsonl"] == counts["xlsx"] > 0
    rows = read_csv(tmp_path / "out.csv")
    assert len(rows) == counts["csv"] and list(rows[0]) == COLUMNS[kind]
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == counts["jsonl"] and list(lines[0]) == COLUMNS[kind]
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == COLUMNS[kind] and len(table) - 1 == counts["xlsx"]
    first = dict(zip(table[0], table[1]))
    assert str(first[COLUMNS[kind][0]]) == str(rows[0][COLUMNS[kind][0]])


def test_tables_hold_what_the_annotations_say(indexed, stored):
    quotes = list(export_rows(indexed, "quotes", "", Filters()))
    assert len(quotes) == sum(len([q for q in r.get("quotes") or [] if q.get("text")]) for _, r in stored)
    spoken = Counter(records.name_key(row["speaker"]) for row in quotes if row["speaker"])
    key, said = spoken.most_common(1)[0]
    people = {records.name_key(row["name"]): row for row in export_rows(indexed, "people", "", Filters())}
    assert people[key]["quotes"] == said
    # One person however the bulletins spell the name (Choirul = Khoirul).
    roles = {role for _, r in stored for p in records.persons(r) if p.key == key for role in p.roles}
    assert set(people[key]["roles"]) == roles
    assert people[key]["first_seen"] <= people[key]["last_seen"]
    role_rows = list(export_rows(indexed, "roles", "", Filters()))
    assert len(role_rows) == sum(len(p.roles) for _, r in stored for p in records.persons(r))
    shodiq = [row for row in role_rows if row["person"] == "Shodiq Tjahjono"]
    assert shodiq and shodiq[0]["position"] == "Kepala"
    assert shodiq[0]["body"] == "Dinas Kesehatan Kabupaten Probolinggo" and shodiq[0]["region"] == "Kabupaten Probolinggo"


def test_exports_follow_the_search(indexed, stored):
    filters = Filters(event_type=("pelantikan",))
    events = list(export_rows(indexed, "events", "", filters))
    assert len(events) == sum(1 for _, r in stored if "pelantikan" in (r.get("event_types") or [])) > 0
    assert all("pelantikan" in row["event_types"] for row in events)
    speaker = Counter(row["speaker"] for row in export_rows(indexed, "quotes", "", Filters())
                      if row["speaker"]).most_common(1)[0][0]
    quotes = list(export_rows(indexed, "quotes", "", Filters(person=(speaker,))))
    assert len(quotes) > 1 and {records.name_key(row["speaker"]) for row in quotes} == {records.name_key(speaker)}
    with pytest.raises(QueryError):
        export_rows(indexed, "articles", '"unbalanced', Filters())


def test_articles_export_from_a_plain_archive(settings, gold, fill_archive, tmp_path):
    fill_archive(settings, gold)  # never indexed
    rows = list(export_rows(settings, "articles", "", Filters(site=("jatim.kpu.go.id",))))
    assert len(rows) == sum(1 for r in gold if r["site"] == "jatim.kpu.go.id") > 0
    assert export_to(settings, "articles", "", Filters(), "csv", str(tmp_path / "a.csv")) == len(gold)
    with pytest.raises(QueryError, match="warta index"):
        export_rows(settings, "articles", "pemilu", Filters())


def test_csv_defuses_formulas_and_keeps_accents(settings, tmp_path):
    with Archive(settings.archive_path) as archive:
        archive.save_articles([Article(url="https://kpu.go.id/a", site="kpu.go.id", title='=HYPERLINK("http://x")',
                                       text="Pemilihan di Kabupaten Pidië, “kata” dia", published="2024-01-02")])
    export_to(settings, "articles", "", Filters(), "csv", str(tmp_path / "a.csv"))
    row = read_csv(tmp_path / "a.csv")[0]
    assert row["title"].startswith("'=") and "Pidië, “kata”" in row["text"]


def test_empty_export_still_has_a_header(tmp_path):
    out = io.BytesIO()
    assert write_rows(iter(()), "csv", out, COLUMNS["quotes"]) == 0
    assert out.getvalue().decode("utf-8-sig").strip() == ",".join(COLUMNS["quotes"])


def test_rows_stream_one_at_a_time(indexed):
    rows = export_rows(indexed, "articles", "", Filters())
    first = next(rows)  # a generator: nothing is collected before the first row
    assert first["article_id"] and iter(rows) is rows


def test_articles_export_links_copies_of_one_bulletin_into_one_story(settings, gold, tmp_path):
    from crawler.stories import assign_new_stories

    bulletin, other = gold[0], gold[1]
    with Archive(settings.archive_path) as archive:
        archive.save_articles([
            Article(url=f"https://{site}/berita/baca/1/x", site=site, title=bulletin["title"], text=bulletin["text"])
            for site in ("kab-a.kpu.go.id", "kab-b.kpu.go.id")
        ] + [Article(url="https://kab-c.kpu.go.id/berita/baca/2/y", site="kab-c.kpu.go.id", title=other["title"],
                     text=other["text"])])
        assign_new_stories(archive)
    export_to(settings, "articles", "", Filters(), "csv", str(tmp_path / "a.csv"))
    story = {row["site"]: row["story_id"] for row in read_csv(tmp_path / "a.csv")}
    assert story["kab-a.kpu.go.id"] == story["kab-b.kpu.go.id"] != story["kab-c.kpu.go.id"]
    assert all(story.values())
