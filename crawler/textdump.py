"""Plain-text dumps of a listing page (like ``tests/data/seed-berita-terkini.txt``) -> articles.

Such a dump is what a browser's "save as text" gives for a listing: the listing's
heading, then per bulletin a title paragraph followed by its body, which opens
with a dateline ("Kab-probolinggo.kpu.go.id, Kamis, 26-1-2023 ...", "Batu (8/3) -")
or comes after a line holding only the date. Blocks are separated by blank lines.

A body may hold a paragraph as short as a title (a quote: "“Kami berharap data ini
akurat,” ujar Ketua KPU Kota Batu."), so a short block is a title only when what
follows it opens a bulletin (a dateline or a date line), or when it looks like a
title on its own: title-cased and not closed by a full stop. A quote with its
speech cue is never a title. Everything up to the next title is that bulletin's body.
"""

from __future__ import annotations

import hashlib
import re

from crawler.archive import Article
from crawler.datelines import MONTHS, dateline_date, parse_date

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25
MAX_DATE_LINE_CHARS = 60
_HOST = re.compile(r"\b([a-z][a-z0-9-]*\.)?kpu\.go\.id\b", re.I)
# "Jakarta - ", "Sleman (13/09) - ", "Hupmas, SURABAYA – Sabtu (05/12/2020)": a place, then a spaced dash.
_PLACE_DASH = re.compile(r"^[A-Z][^.!?\n]{0,40}?\s[-–—]\s")
_WEEKDAY = re.compile(r"^(Senin|Selasa|Rabu|Kamis|Jum.?at|Sabtu|Minggu)\b", re.I)
# A closing quote then "ujar ...", "kata ...": the end of a quoted sentence in a body.
_SPEECH = re.compile(r"[”\"]\s*(ujar|ujarnya|kata|katanya|ungkap|ungkapnya|jelas|jelasnya|tutur|tuturnya|tegas|"
                     r"tegasnya|imbuh|imbuhnya|tambah|tambahnya|pungkas|pungkasnya|terang|sebut|ucap|ucapnya)\b", re.I)
# Short words a title leaves in lower case ("Sosialisasi Pemilu kepada Pemilih Pemula").
_MINOR = {"di", "ke", "dari", "dan", "yang", "untuk", "dalam", "pada", "dengan", "atau", "oleh", "bagi", "kepada",
          "tentang", "sebagai", "serta", "se", "ini", "itu"}


def _is_title(block: str, following: str | None) -> bool:
    """Whether ``block`` is a bulletin title, given the block after it (None at the end)."""
    if (len(block) > MAX_TITLE_CHARS or len(block.split()) > MAX_TITLE_WORDS or "\n" in block
            or _HOST.match(block) or _is_date_line(block) or _SPEECH.search(block)):
        return False
    # A sentence break inside the block ("... kemarin. Tidak ...") means body text.
    if re.search(r"[.!?][”\"]?\s+\S", block):
        return False
    if following is not None and _opens_bulletin(following):
        return True
    return _title_cased(block) and not block.endswith(".")


def _opens_bulletin(block: str) -> bool:
    """A dateline at the start of the block, or a block that is only a date."""
    if _HOST.match(block) or _PLACE_DASH.match(block) or _is_date_line(block):
        return True
    return bool(_WEEKDAY.match(block)) and parse_date(block[:MAX_DATE_LINE_CHARS]) is not None


def _is_date_line(block: str) -> bool:
    """A date and at most one other word: "Kamis, 9 Maret 2023", "09/03/2023 | admin"."""
    if len(block) > MAX_DATE_LINE_CHARS or parse_date(block) is None:
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", block) if w.lower() not in MONTHS and not _WEEKDAY.fullmatch(w)]
    return len(words) <= 1


def _title_cased(block: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", block) if w.lower() not in _MINOR]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def parse_text_dump(text: str, source_name: str = "dump") -> tuple[str | None, list[Article]]:
    """``(listing heading, articles)``; raises ValueError when the text holds no bulletin."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    titles = [_is_title(block, following) for block, following in zip(blocks, blocks[1:] + [None])]
    heading = None
    if len(blocks) >= 2 and titles[0] and titles[1]:
        heading = blocks.pop(0)
        titles.pop(0)
    bulletins: list[tuple[str, list[str]]] = []
    for block, is_title in zip(blocks, titles):
        if is_title or not bulletins:
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
