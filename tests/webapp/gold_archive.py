"""A small real archive and index for web tests, built from the hand-annotated gold bulletins.

The gold annotations become analysis records (with mention offsets found in the
text), so pages show real people, quotes and places without running spaCy.
One extra bulletin carries hostile text, to prove that nothing in a bulletin
can run in the browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from crawler.archive import Archive, Article

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
HOSTILE_TITLE = '<script>alert("title")</script> Rapat <img src=x onerror=alert(1)>'
HOSTILE_TEXT = (
    'Jakarta – KPU menggelar rapat. <script>document.title="pwned"</script> Kata Budi Hostilo, '
    'Ketua KPU Kota Uji: “Klik <a href="javascript:alert(2)">di sini</a> dan <img src=x onerror=alert(3)>” ujarnya. '
    'Tautan javascript:alert(4) dan <iframe src="https://example.org"></iframe> tidak boleh aktif.'
)


def _mentions(text: str, *names: str) -> list[list[int]]:
    spans = []
    for name in names:
        if not name:
            continue
        for match in re.finditer(re.escape(name), text):
            spans.append([match.start(), match.end()])
    return [list(s) for s in sorted({tuple(s) for s in spans})]


def gold_to_analysis(gold: dict) -> dict:
    """A gold record in the shape of a ``warta analyze`` record, with offsets found in the text."""
    text = gold["text"]
    roles_of = {p["name"]: (p.get("roles") or [None])[0] for p in gold.get("persons", [])}
    quotes = []
    for q in gold.get("quotes", []):
        start = text.find(q["text"])
        if start >= 0:
            quotes.append({"text": q["text"], "speaker": q.get("speaker"), "role": roles_of.get(q.get("speaker")),
                           "cue": None, "start": start, "end": start + len(q["text"])})
    return {
        "id": gold["id"], "published": gold.get("published"),
        "persons": [{"name": p["name"], "aliases": p.get("aliases", []), "titles": [], "roles": p.get("roles", []),
                     "mentions": _mentions(text, p["name"], *p.get("aliases", []))} for p in gold.get("persons", [])],
        "organizations": [{"name": o, "mentions": _mentions(text, o)} for o in gold.get("organizations", [])],
        "places": [{"name": pl, "kind": None, "code": None, "province": None, "regency": None,
                    "mentions": _mentions(text, pl)} for pl in gold.get("places", [])],
        "dates": [{"date": d, "text": None, "mentions": []} for d in gold.get("dates", [])],
        "quotes": quotes,
        "event_types": gold.get("event_types", []),
    }


def load_gold(limit_dev: int = 40) -> list[dict]:
    records = [json.loads(line) for line in (EVAL / "seed.gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    dev = [json.loads(line) for line in (EVAL / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return records + dev[:limit_dev]


def hostile_record() -> dict:
    return {
        "id": "hostile-1", "site": "kota-uji.kpu.go.id", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT,
        "published": "2023-05-05",
        "persons": [{"name": "Budi Hostilo", "aliases": [], "roles": ["Ketua KPU Kota Uji"]}],
        "organizations": ["KPU"], "places": ["Jakarta"], "dates": ["2023-05-05"],
        "quotes": [{"text": 'Klik <a href="javascript:alert(2)">di sini</a> dan <img src=x onerror=alert(3)>',
                    "speaker": "Budi Hostilo"}],
        "event_types": ["rapat_koordinasi"],
    }


def build_archive(settings, records: list[dict] | None = None) -> dict[str, int]:
    """Archive the records with their analyses and a fetched copy; returns gold id -> article id."""
    records = records if records is not None else load_gold() + [hostile_record()]
    ids = {}
    with Archive(settings.archive_path) as archive:
        for n, gold in enumerate(records):
            url = f"https://{gold['site']}/berita/baca/{n + 1}/{gold['id']}"
            if gold["id"] == "hostile-1":
                url = "javascript:alert(5)//kota-uji.kpu.go.id/berita/1"
            body = f"<html><body><h1>{gold.get('title') or ''}</h1><p>{gold['text']}</p></body></html>".encode()
            response_id = archive.save_response({"url": url, "host": gold["site"], "status": 200,
                                                 "headers": [["Content-Type", "text/html; charset=utf-8"]],
                                                 "content_type": "text/html; charset=utf-8", "body": body})
            [(article_id, _)] = archive.save_articles([Article(
                url=url, site=gold["site"], text=gold["text"], title=gold.get("title"),
                published=gold.get("published"), category="Berita Terkini", response_id=response_id)])
            archive.save_analyses([(article_id, "gold", gold_to_analysis(gold))])
            ids[gold["id"]] = article_id
    return ids


def build_index(settings) -> dict[str, int]:
    from index.writer import update_index

    ids = build_archive(settings)
    update_index(settings)
    return ids
