"""Safe HTML from untrusted text: entity highlighting by offsets, and search snippets.

Bulletin text is hostile data. Markup is never taken from it: every piece of
text is escaped, and the only tags emitted are the ones built here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Entity kinds highlighted in a bulletin, in the order of the legend.
KINDS = ("person", "org", "place", "date", "quote")
_RECORD_FIELDS = (("persons", "person"), ("organizations", "org"), ("places", "place"), ("dates", "date"))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    label: str  # what the mention refers to (a person's name, a date's ISO form)


def analysis_spans(record: dict | None, text_length: int) -> list[Span]:
    """Every valid mention of the analysis record as a span; invalid offsets are ignored."""
    if not record:
        return []
    spans = []
    for field_name, kind in _RECORD_FIELDS:
        for item in record.get(field_name) or []:
            if not isinstance(item, dict):
                continue
            label = str(item.get("name") or item.get("date") or "")
            for mention in item.get("mentions") or []:
                span = _span(mention, kind, label, text_length)
                if span:
                    spans.append(span)
    for quote in record.get("quotes") or []:
        if isinstance(quote, dict):
            span = _span((quote.get("start"), quote.get("end")), "quote", str(quote.get("speaker") or ""), text_length)
            if span:
                spans.append(span)
    return spans


def _span(mention, kind: str, label: str, text_length: int) -> Span | None:
    try:
        start, end = int(mention[0]), int(mention[1])
    except (TypeError, ValueError, IndexError):
        return None
    if 0 <= start < end <= text_length:
        return Span(start, end, kind, label)
    return None


def highlight(text: str, spans: list[Span]) -> Markup:
    """``text`` escaped, with ``<mark class="ent-KIND">`` around each span.

    Spans nest (a place inside an organization's name, a person inside a quote);
    a span that would cross the boundary of an open one is dropped, so the
    markup is always well formed.
    """
    ordered = sorted(set(spans), key=lambda s: (s.start, -s.end, KINDS.index(s.kind) if s.kind in KINDS else 99))
    out: list[str] = []
    stack: list[Span] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(str(escape(text[pos:top.end])))
            out.append("</q>" if top.kind == "quote" else "</mark>")
            pos = top.end

    for span in ordered:
        close_until(span.start)
        if stack and span.end > stack[-1].end:
            continue  # crosses the open span
        out.append(str(escape(text[pos:span.start])))
        pos = span.start
        title = escape(span.label)
        if span.kind == "quote":
            out.append(f'<q class="ent-quote" title="{title}">')
        else:
            out.append(f'<mark class="ent-{span.kind}" title="{title}">')
        stack.append(span)
    close_until(len(text))
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


_MARK_TAG = re.compile(r"(</?mark>)", re.IGNORECASE)


def safe_snippet(snippet: str | None) -> Markup:
    """A search snippet with its ``<mark>`` tags kept and everything else escaped.

    The index hands snippets over as escaped HTML; un-escaping then escaping each
    piece again means nothing but ``<mark>`` can reach the page, whatever the
    snippet holds.
    """
    if not snippet:
        return Markup("")
    out, depth = [], 0
    for piece in _MARK_TAG.split(snippet):
        low = piece.lower()
        if low == "<mark>":
            out.append("<mark>")
            depth += 1
        elif low == "</mark>":
            if depth:
                out.append("</mark>")
                depth -= 1
        else:
            out.append(str(escape(html.unescape(piece))))
    out.extend("</mark>" * depth)
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) address, else None (never a ``javascript:`` link)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in url for c in "\r\n\t\x00"):
        return url
    return None
