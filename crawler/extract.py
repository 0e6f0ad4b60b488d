"""HTML page -> :class:`~crawler.archive.Article`.

KPU pages of both templates are read with selectolax (lexbor), which parses an
11 KB page in a fraction of a millisecond: the body is the known content block
(``.isi-berita``, ``.blog-content``, ...) or, failing that, the block holding the
most paragraph text; menus, sidebars, tag clouds, share links, metadata lines and
footers are left out, and image captions are kept apart. Pages of other shapes
fall back to trafilatura, a maintained main-text extractor.

The published date comes from page metadata first, then the body's dateline,
then the date the listing gave next to the link (``hints["listed"]``).
"""

from __future__ import annotations

import codecs
import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser, LexborNode

from crawler.archive import Article
from crawler.datelines import dateline_date, parse_date
from crawler.discover import classify, host_of

BODY_SELECTORS = (
    ".isi-berita", ".blog-content", ".post-content", ".entry-content", "[itemprop=articleBody]",
    ".article-content", ".item-page", ".itemFullText", ".content-berita", ".detail-berita", ".news-content",
)
TITLE_SELECTORS = (".judul", ".blog-title", ".entry-title", ".post-title", ".itemTitle", "article h1", ".main h1", "h1")
DATE_META = (
    'meta[property="article:published_time"]', 'meta[name="article:published_time"]', 'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]', 'meta[name="publishdate"]', 'meta[name="date"]', 'meta[name="DC.date.issued"]',
    "time[datetime]",
)
CAPTION_SELECTORS = "figcaption, .wp-caption-text, .caption, .keterangan-foto, .img-caption"
SKIP_TAGS = {"script", "style", "noscript", "iframe", "form", "button", "nav", "aside", "footer", "header", "figure",
             "figcaption", "select", "svg", "template", "object", "embed", "input", "textarea"}
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "table",
              "section", "article", "main", "pre", "hr", "dd", "dt", "dl", "center", "tbody", "thead"}
BOILERPLATE_CLASS = re.compile(
    r"^(share|sharing|social|sosmed|tag|tags|tagcloud|related|terkait|sidebar|widget|menu|nav|navbar|breadcrumbs?|"
    r"comments?|komentar|footer|header|meta|blog-meta|post-meta|entry-meta|pagination|pager|author|penulis|print|"
    r"addthis|sharethis|dilihat|views|caption|wp-caption-text|keterangan-foto|readmore)([-_].*)?$", re.I)
_SPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
MIN_BODY_CHARS = 80
HEADING_TAGS = {"h1", "h2", "h3", "h4"}
_SENTENCE = re.compile(r"[.!?]")


# -- bytes to text ------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # As browsers do (WHATWG): latin-1 and ascii labels mean windows-1252.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML body: BOM, then the HTTP charset, then <meta charset>, then UTF-8, then windows-1252.

    A declared UTF-8 that does not decode is the commonest mistake on KPU sites (pages
    saved in windows-1252), so it falls back to windows-1252; nothing ever raises.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    declared = _codec(header.group(1) if header else None) or _codec(meta.group(1).decode("ascii") if meta else None)
    for codec in filter(None, (declared, "utf-8")):
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252" if declared in (None, "utf-8") else declared, "replace")


# -- HTML to article -----------------------------------------------------------------------


def extract_article(html: str | bytes, url: str, content_type: str | None = None, hints: dict | None = None,
                    source: str = "crawl") -> Article | None:
    """The bulletin on a page, or None when the page holds no article text."""
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    hints = hints or {}
    tree = LexborHTMLParser(text)
    container = _body_container(tree)
    paragraphs = _paragraphs(container) if container is not None else []
    if sum(map(len, paragraphs)) < MIN_BODY_CHARS:
        return _fallback(text, url, hints, source)
    captions = _captions(container)
    title = _title(tree)
    body = "\n\n".join(paragraphs)
    published = _meta_date(tree) or dateline_date(body) or _listed(hints)
    return Article(url=url, site=host_of(url), text=body, title=title,
                   published=published.isoformat() if published else None,
                   category=_category(tree) or hints.get("category"), captions=captions, source=source)


def _body_container(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in BODY_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            return node
    # Readability-style: the block whose own paragraphs hold the most text.
    best, best_score = None, 0
    for p in tree.css("p"):
        parent = p.parent
        if parent is None or _is_boilerplate(parent):
            continue
        score = sum(len(child.text(deep=True)) for child in parent.iter() if child.tag == "p")
        if score > best_score:
            best, best_score = parent, score
    return best


def _is_boilerplate(node: LexborNode) -> bool:
    if node.tag in SKIP_TAGS:
        return True
    attrs = node.attributes
    classes = (attrs.get("class") or "").split()
    ident = attrs.get("id") or ""
    return any(BOILERPLATE_CLASS.match(c) for c in classes) or bool(ident and BOILERPLATE_CLASS.match(ident))


def _paragraphs(container: LexborNode) -> list[str]:
    """Block-level text runs of the container, boilerplate left out, whitespace tidied."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = _SPACE.sub(" ", "".join(buf)).strip()
            if line:
                out.append(line)
            buf.clear()

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buf.append(child.text_content or "")
            elif tag in ("-comment", "-doctype") or _is_boilerplate(child):
                continue
            elif tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(container)
    flush()
    return out


def _captions(container: LexborNode) -> list[str]:
    scope = container.parent or container
    seen: dict[str, None] = {}
    for node in scope.css(CAPTION_SELECTORS):
        caption = _SPACE.sub(" ", node.text()).strip()
        if caption:
            seen.setdefault(caption)
    return list(seen)


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in TITLE_SELECTORS:
        node = tree.css_first(selector)
        if node is not None:
            title = _SPACE.sub(" ", node.text()).strip()
            if title:
                return title
    meta = tree.css_first('meta[property="og:title"]')
    if meta is not None and (meta.attributes.get("content") or "").strip():
        return meta.attributes["content"].strip()
    node = tree.css_first("title")
    if node is not None:
        # "Judul | KPU Kabupaten X" -> "Judul"
        return re.split(r"\s+[|–-]\s+", _SPACE.sub(" ", node.text()).strip())[0] or None
    return None


def _meta_date(tree: LexborHTMLParser) -> date | None:
    for selector in DATE_META:
        node = tree.css_first(selector)
        if node is not None:
            found = parse_date(node.attributes.get("content") or node.attributes.get("datetime"))
            if found:
                return found
    return None


def _listed(hints: dict) -> date | None:
    try:
        return date.fromisoformat(hints["listed"]) if hints.get("listed") else None
    except ValueError:
        return None


def _category(tree: LexborHTMLParser) -> str | None:
    """The breadcrumb's last link that is not the home page."""
    links = tree.css(".breadcrumb a, .breadcrumbs a, [itemtype*=BreadcrumbList] a")
    for node in reversed(links):
        href = (node.attributes.get("href") or "").strip()
        label = _SPACE.sub(" ", node.text()).strip()
        if label and href not in ("/", "", "#") and not href.endswith("/index.php"):
            return label
    return None


def _fallback(text: str, url: str, hints: dict, source: str) -> Article | None:
    """Pages of other shapes: trafilatura's main text and metadata."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception:  # noqa: BLE001 - a third-party parser on hostile input: treat any failure as "no article"
        return None
    if doc is None or not getattr(doc, "text", None) or len(doc.text) < MIN_BODY_CHARS:
        return None
    paragraphs = [line.strip() for line in doc.text.splitlines() if line.strip()]
    title = getattr(doc, "title", None)
    if len(paragraphs) > 1 and title and _SPACE.sub(" ", paragraphs[0]) == _SPACE.sub(" ", title.strip()):
        paragraphs = paragraphs[1:]  # trafilatura keeps the page's heading as the text's first line
    body = "\n\n".join(paragraphs)
    published = parse_date(getattr(doc, "date", None)) or dateline_date(body) or _listed(hints)
    return Article(url=url, site=host_of(url), text=body, title=title,
                   published=published.isoformat() if published else None, category=hints.get("category"),
                   captions=[], source=source)


# -- listings that show bulletins in full ----------------------------------------------------


def extract_listing(html: str | bytes, url: str, content_type: str | None = None,
                    source: str = "crawl") -> list[Article]:
    """Bulletins shown in full on a listing page whose items have no page of their own.

    Each heading starts a bulletin and the text blocks after it are its body; a short
    block holding a date is the listing date. A bulletin's URL is the listing's address
    without its page number plus the heading's anchor (or a slug of its title), so it
    stays the same as newer bulletins push it to later pages.
    """
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    tree = LexborHTMLParser(text)
    root = tree.css_first("main, .main, #content, .content") or tree.body
    if root is None:
        return []
    link = classify(url)
    base = (link.url.split("?")[0] if link is not None else url.split("#")[0].split("?")[0])
    items: list[dict] = []
    page_heading = None
    for kind, value, anchor in _listing_blocks(root):
        if kind == "heading":
            if items and not items[-1]["body"] and page_heading is None and len(items) == 1:
                page_heading = items.pop()["title"]  # the listing's own heading, e.g. "Berita Terkini"
            items.append({"title": value, "anchor": anchor, "body": [], "date": None})
        elif not items:
            continue
        elif kind == "date":
            items[-1]["date"] = items[-1]["date"] or value
        elif len(value.split()) >= 4 or _SENTENCE.search(value):
            items[-1]["body"].append(value)
    out = []
    for item in items:
        body = "\n\n".join(item["body"])
        if len(body) < MIN_BODY_CHARS:
            continue
        anchor = item["anchor"] if item["anchor"] and re.fullmatch(r"[A-Za-z0-9_-]{1,120}", item["anchor"]) else None
        slug = anchor or (re.sub(r"[^a-z0-9]+", "-", item["title"].lower()).strip("-")[:80] or "berita")
        published = dateline_date(body) or item["date"]
        out.append(Article(url=f"{base}#{slug}", site=host_of(url), text=body, title=item["title"],
                           published=published.isoformat() if published else None, category=page_heading,
                           source=source))
    return out


def _listing_blocks(root: LexborNode) -> list[tuple[str, object, str | None]]:
    """``(kind, value, anchor)`` in page order: headings, text blocks, and dates found in metadata lines."""
    out: list[tuple[str, object, str | None]] = []
    buf: list[str] = []

    def flush(kind: str = "text", anchor: str | None = None) -> None:
        line = _SPACE.sub(" ", "".join(buf)).strip()
        buf.clear()
        if line:
            out.append((kind, line, anchor))

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buf.append(child.text_content or "")
            elif tag in ("-comment", "-doctype"):
                continue
            elif _is_boilerplate(child):
                small = child.text(deep=True)
                found = parse_date(small) if len(small) < 120 else None
                if found:
                    flush()
                    out.append(("date", found, None))
            elif tag in HEADING_TAGS:
                flush()
                walk(child)
                anchor = child.attributes.get("id") or next(
                    (a.attributes.get("id") or a.attributes.get("name") for a in child.css("a[id], a[name]")), None)
                flush("heading", anchor)
            elif tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return out


def listing_heading(tree: LexborHTMLParser) -> str | None:
    """A listing's own heading ("Berita Terkini"): the category of the bulletins it links."""
    node = tree.css_first(".page-title, .category-title, main h1, .main h1, #content h1") or tree.css_first("h1")
    heading = _SPACE.sub(" ", node.text()).strip() if node is not None else ""
    return heading if 0 < len(heading) <= 80 else None
