"""Plain-text dumps of a listing page (like ``tests/data/seed-berita-terkini.txt``) -> articles.

Such a dump is what a browser's "save as text" gives for a listing: the listing's
heading, then per bulletin a short title paragraph followed by its body, which
opens with a dateline ("Kab-probolinggo.kpu.go.id, Kamis, 26-1-2023 ..."). Blocks
are separated by blank lines. A title is a short block with no sentence inside it;
everything up to the next title is that bulletin's body.
"""

from __future__ import annotations

import hashlib
import re

from crawler.archive import Article
from crawler.datelines import dateline_date

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25
_HOST = re.compile(r"\b([a-z][a-z0-9-]*\.)?kpu\.go\.id\b", re.I)


def _is_title(block: str) -> bool:
    if len(block) > MAX_TITLE_CHARS or len(block.split()) > MAX_TITLE_WORDS or "\n" in block.strip():
        return False
    # A sentence break inside the block ("... kemarin. Tidak ...") means body text.
    return not re.search(r"[.!?][”\"]?\s+\S", block.strip()) and not _HOST.match(block.strip())


def parse_text_dump(text: str, source_name: str = "dump") -> tuple[str | None, list[Article]]:
    """``(listing heading, articles)``; raises ValueError when the text holds no bulletin."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    heading = None
    if len(blocks) >= 2 and _is_title(blocks[0]) and _is_title(blocks[1]):
        heading = blocks.pop(0)
    bulletins: list[tuple[str, list[str]]] = []
    for block in blocks:
        if _is_title(block) or not bulletins:
            bulletins.append((block, []))
        else:
            bulletins[-1][1].append(_tidy(block))
    articles = [_article(title, body, heading, source_name) for title, body in bulletins if body]
    if not articles:
        raise ValueError(f"{source_name}: no bulletins found (expected title lines followed by body paragraphs)")
    return heading, articles


def _tidy(block: str) -> str:
    return re.sub(r"[ \t]+", " ", block.replace("\n", " ")).strip()


def dateline_site(text: str) -> str | None:
    """The KPU host a bulletin names in its dateline ("Kab-probolinggo.kpu.go.id, Kamis, ...")."""
    host = _HOST.search(text[:200])
    return host.group(0).lower() if host else None


def _article(title: str, body: list[str], heading: str | None, source_name: str) -> Article:
    text = "\n\n".join(body)
    title = title.strip().rstrip(".").strip()
    site = dateline_site(text) or "unknown"
    published = dateline_date(text)
    # No URL survives in a text dump: a stable identity from site and title lets re-ingest update, not duplicate.
    digest = hashlib.sha1(f"{site}\n{title}".encode("utf-8")).hexdigest()[:16]
    return Article(url=f"urn:warta:text:{site}:{digest}", site=site, text=text, title=title,
                   published=published.isoformat() if published else None, category=heading, source="ingest")
