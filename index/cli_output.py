"""How ``warta search`` prints a SearchResult: readable text, or one JSON object."""

from __future__ import annotations

import html
import json
import re
import textwrap
from dataclasses import asdict

from index.query import SearchResult

FACETS_SHOWN = 5  # values per facet in the text output


def print_results(result: SearchResult, as_json: bool, out) -> None:
    if as_json:
        payload = {
            "total": result.total,
            "results": [asdict(hit) for hit in result.hits],
            "facets": {name: [[value, count] for value, count in pairs] for name, pairs in result.facets.items()},
            "page": result.page,
            "per_page": result.per_page,
            "suggestion": result.suggestion,
        }
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    out.write(_text(result))


def _text(result: SearchResult) -> str:
    lines = []
    first = (result.page - 1) * result.per_page + 1
    results = "1 result" if result.total == 1 else f"{result.total} results"
    if result.hits:
        lines.append(f"{results} (showing {first}-{first + len(result.hits) - 1})")
    elif result.total:  # a page past the end: say where the results are, not "showing 981-980"
        pages = -(-result.total // result.per_page)
        lines.append(f"{results}; page {result.page} is past the last page ({pages})")
    else:
        lines.append("no results")
    if result.suggestion:
        lines.append(f"did you mean: {result.suggestion}")
    for number, hit in enumerate(result.hits, start=first):
        lines.append("")
        lines.append(f"{number}. {hit.title or '(untitled)'}  [{hit.published or 'no date'}, {hit.site}]")
        if hit.kind == "quote":
            who = hit.speaker or "unknown speaker"
            lines.append(f"   {who}" + (f", {hit.speaker_role}" if hit.speaker_role else ""))
        lines.extend(textwrap.wrap(_terminal(hit.snippet), width=100, initial_indent="   ", subsequent_indent="   "))
        lines.append(f"   {hit.url}")
    facets = [(name, pairs) for name, pairs in result.facets.items() if pairs]
    if facets:
        lines.append("")
        for name, pairs in facets:
            shown = pairs[-FACETS_SHOWN:] if name in ("year", "month") else pairs[:FACETS_SHOWN]
            lines.append(f"{name}: " + ", ".join(f"{value} ({count})" for value, count in shown))
    return "\n".join(lines) + "\n"


def _terminal(snippet: str) -> str:
    """The snippet's HTML for a terminal: <mark> becomes [..], entities are decoded."""
    text = re.sub(r"</?mark>", lambda m: "]" if m.group(0) == "</mark>" else "[", snippet)
    return html.unescape(text)
