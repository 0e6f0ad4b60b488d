"""Turns an analyzed Doc into the ``warta analyze`` record (DESIGN.md).

Components leave their findings in ``doc.user_data["warta"]``; this module only
selects and orders the fields, so the record's shape lives in one place.
"""

from __future__ import annotations

from spacy.tokens import Doc

from nlp.input_text import InputText


def _persons(items: list[dict]) -> list[dict]:
    return [
        {"name": p["name"], "aliases": list(p.get("aliases", [])), "titles": list(p.get("titles", [])),
         "roles": list(p.get("roles", [])), "mentions": [list(m) for m in p.get("mentions", [])]}
        for p in items
    ]


def _named(items: list[dict], keys: tuple[str, ...]) -> list[dict]:
    return [{k: item.get(k) for k in keys if k in item} for item in items]


def _quotes(items: list[dict]) -> list[dict]:
    return [
        {"text": q["text"], "speaker": q.get("speaker"), "role": q.get("role"), "cue": q.get("cue"),
         "start": q["start"], "end": q["end"]}
        for q in items
    ]


def _offsets_in_input(record: dict, readable: InputText) -> dict:
    """The record with every mention and quote offset pointing into the input text again."""
    for field in ("persons", "organizations", "places", "venues", "dates"):
        for item in record[field]:
            item["mentions"] = [[readable.to_input(start), readable.to_input(end)] for start, end in item["mentions"]]
    for quote in record["quotes"]:
        quote["start"], quote["end"] = readable.to_input(quote["start"]), readable.to_input(quote["end"])
    return record


def build_record(doc: Doc, record_id: object) -> dict:
    """The JSON-ready record of one analyzed bulletin."""
    warta = doc.user_data.get("warta", {})
    record = {
        "id": record_id,
        "published": warta.get("published"),
        "persons": _persons(warta.get("persons", [])),
        "organizations": _named(warta.get("organizations", []), ("name", "mentions")),
        "places": _named(warta.get("places", []), ("name", "kind", "code", "province", "regency", "mentions")),
        "venues": list(warta.get("venues", [])),
        "dates": _named(warta.get("dates", []), ("date", "text", "mentions")),
        "quotes": _quotes(warta.get("quotes", [])),
        "event_types": list(warta.get("event_types", [])),
    }
    readable = doc.user_data.get("input_text")
    return _offsets_in_input(record, readable) if readable is not None and readable.changed else record
