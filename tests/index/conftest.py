"""A small real archive for the index tests: the seed and dev bulletins with their annotations.

The annotations come from ``nlp.analyze`` when the NLP pipeline is importable
(the real `warta analyze` records); otherwise from the hand-made gold files,
adapted to the record format (gold places are plain names, so their province
and regency are unknown).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.archive import Archive, Article
from warta.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data" / "eval"
GOLD_FILES = ("seed.gold.jsonl", "dev.gold.jsonl")


def gold_records() -> list[dict]:
    out = []
    for name in GOLD_FILES:
        for number, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines()):
            if line.strip():
                record = json.loads(line)
                record.setdefault("url", f"https://{record.get('site') or 'kpu.go.id'}/gold/{name}/{number}")
                out.append(record)
    return out


def as_article(record: dict) -> Article:
    site = record.get("site") or record["url"].split("/")[2]
    # Gold URLs of listing pages repeat; the record id keeps each bulletin's URL unique.
    url = record["url"].rstrip("/") + "#" + record["id"]
    return Article(url=url, site=site, text=record["text"], title=record.get("title"),
                   published=record.get("published"), source="ingest")


def as_analysis(record: dict) -> dict:
    """The gold annotation in the `warta analyze` record format."""
    return {
        "id": record["id"], "published": record.get("published"),
        "persons": [{"name": p["name"], "aliases": p.get("aliases", []), "titles": [], "roles": p.get("roles", []),
                     "mentions": []} for p in record.get("persons", [])],
        "organizations": [{"name": o, "mentions": []} for o in record.get("organizations", [])],
        "places": [{"name": p, "kind": None, "code": None, "province": None, "regency": None, "mentions": []}
                   for p in record.get("places", [])],
        "dates": [{"date": d, "text": d, "mentions": []} for d in record.get("dates", [])],
        "quotes": [{"text": q["text"], "speaker": q.get("speaker"), "role": None, "cue": None,
                    "start": None, "end": None} for q in record.get("quotes", [])],
        "event_types": record.get("event_types", []),
    }


def save_records(settings: Settings, records: list[dict]) -> dict[str, int]:
    """Save the records' articles and analyses; returns record id -> article id."""
    with Archive(settings.archive_path) as archive:
        saved = archive.save_articles(as_article(r) for r in records)
        ids = {r["id"]: article_id for r, (article_id, _) in zip(records, saved)}
        archive.save_analyses((ids[r["id"]], "gold", as_analysis(r)) for r in records)
    return ids


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return gold_records()


def analyze_with_pipeline(settings: Settings, records: list[dict]) -> bool:
    """Save the bulletins and run `warta analyze` over them; False if the NLP pipeline is unavailable."""
    try:
        from nlp.analyze import analyze_archive
    except ImportError:
        return False
    with Archive(settings.archive_path) as archive:
        archive.save_articles(as_article(r) for r in records)
    analyze_archive(settings, workers=1)
    return True


@pytest.fixture(scope="session")
def indexed(tmp_path_factory, gold) -> Settings:
    """The seed and dev bulletins, analyzed by the pipeline (else gold annotations), indexed once per session."""
    from index.writer import update_index

    settings = Settings.from_dir(tmp_path_factory.mktemp("indexed") / "data").ensure()
    if not analyze_with_pipeline(settings, gold):
        save_records(settings, gold)
    update_index(settings)
    return settings


@pytest.fixture(scope="session")
def stored(indexed) -> list[tuple[Article, dict]]:
    """What the index was built from: every archived bulletin with its analysis record."""
    with Archive(indexed.archive_path, readonly=True) as archive:
        return [(a, r or {}) for a, r in archive.iter_analyzed(0) if not a.deleted]


@pytest.fixture
def fill_archive():
    """``fill_archive(settings, records) -> {record id: article id}``."""
    return save_records


@pytest.fixture
def searcher(indexed):
    from index.search import Searcher

    with Searcher(indexed) as s:
        yield s
