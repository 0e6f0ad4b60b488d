"""Link discovery on KPU sites: what a URL is, its canonical form, and the links a page offers.

URLs and pages are hostile data (stored KPU URLs carry ``onmouseover=`` and
``union all select`` probes), so a URL is never passed on as written: it is
parsed, checked against the known shapes and rebuilt from the parts that matter.

Shapes (both KPU templates, plus what every site has):

=========  ==========================================================================
article    ``/berita/baca/{id}/{slug}``, ``/index.php/blog/read/{id}/{slug}``,
           ``/blog/read/{id}/{slug}``, ``/blog/read/{slug}`` (no id)
listing    ``/berita/{cat_id}/{cat_slug}?page=N``, ``/index.php/blog/category/{id}?page=N``,
           ``/blog/category/{id}?page=N``
sitemap    ``*sitemap*.xml``; feed: ``/rss``, ``/feed``, ``*.rss``, ``/index.php/blog/feed``
home       ``/``, ``/index.php``
page       any other shape (WordPress ``/web/{slug}/``, ``/2023/05/{slug}/``, Joomla):
           read by the fallback extractor. Taken from sitemaps and feeds, which list
           articles; from home and listing pages only when it looks like an article's
           permalink (a slug of four words or more, outside menus and sidebars); never
           a file, a tag, category, author or search page.
=========  ==========================================================================

Each URL has a *key* that names the resource however the link was written: an
article is its host and id (slug, ``index.php``, scheme, tracking parameters and
fragments do not matter), a listing is its host, category and page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.datelines import parse_date

MAX_URL_LENGTH = 2000
_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~%+-]{0,200}$")
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref|source|share)$", re.I)

_ARTICLE_ID = re.compile(r"^(?:/index\.php)?(?:/berita/baca|/blog/read)/(\d{1,12})(?:([/_])([^/]*))?/?$")
_ARTICLE_SLUG = re.compile(r"^(?:/index\.php)?/blog/read/([^/]+)/?$")
_LISTING_NEW = re.compile(r"^/berita/(\d{1,6})/([^/]+)/?$")
_LISTING_OLD = re.compile(r"^(?:/index\.php)?/blog/category/(\d{1,6})((?:/\d{1,6}){0,3})/?$")
_FEED = re.compile(r"^(?:/index\.php)?(?:/rss|/feed|/blog/feed|/[^?]*\.rss)/?$")

LAST_PAGE = 99999  # the listing-page context of article links found outside listings (sitemaps, feeds)

# What a page of unknown shape must not be: a file, or a page that lists others.
_FILE = re.compile(r"\.(?!html?$|php$|aspx?$)[a-z0-9]{1,5}$", re.I)
_NOT_ARTICLE = re.compile(r"/(tag|tags|category|categories|kategori|author|penulis|page|search|cari|feed|comments|wp-"
                          r"content|wp-admin|wp-includes|wp-json|uploads|download|downloads|files|assets|login)(/|$)", re.I)
_PERMALINK_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+){3,}(?:\.html?|\.php)?$", re.I)
# Site chrome, where menus link pages like /profil/struktur-organisasi-sekretariat-kpu.
_CHROME_TAGS = {"nav", "aside", "footer"}
_CHROME_CLASS = re.compile(r"(^|[\s_-])(menu|nav|navbar|navigation|sidebar|widget|breadcrumbs?|dropdown|site-header|"
                           r"site-footer|topbar)($|[\s_-])", re.I)


@dataclass(frozen=True)
class Link:
    """A crawlable URL: its canonical form, its kind and its identity key.

    ``page`` is a listing's page number; for an article, the number of the listing page
    that linked it (0 for the home page), which sets when it is fetched (:func:`priority`).
    """

    url: str
    kind: str
    key: str
    page: int = 1
    hints: dict = field(default_factory=dict, compare=False, hash=False)


def priority(link: Link) -> int:
    """Fetch order within a host: robots.txt and entry pages, then listing page N followed by the
    articles (and pages) it links, page after page. An article is fetched once the date its listing
    writes beside it is known, and even a short crawl (--max-pages) yields articles."""
    if link.kind in ("listing", "article", "page"):
        return 100 + min(link.page, LAST_PAGE) * 10 + (1 if link.kind == "listing" else 2)
    return {"robots": 0, "home": 1, "sitemap": 2, "feed": 2}.get(link.kind, 100 + LAST_PAGE * 10 + 5)


def host_of(url: str) -> str:
    """``host[:port]`` in lower case, the unit of politeness."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def classify(url: str, base: str | None = None) -> Link | None:
    """The canonical :class:`Link` for ``url`` (resolved against ``base``), or None if not crawlable."""
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        if len(absolute) > MAX_URL_LENGTH or _UNSAFE.search(absolute):
            return None
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        host = host_of(absolute)
    except ValueError:
        return None
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
    origin = f"{parts.scheme}://{host}"

    if m := _ARTICLE_ID.match(path):
        ident, sep, slug = m.group(1), m.group(2) or "/", m.group(3) or ""
        prefix = "/berita/baca" if path.startswith("/berita/") else ("/index.php/blog/read" if "/index.php" in path else "/blog/read")
        slug = slug if _SLUG.match(slug) else ""
        return Link(f"{origin}{prefix}/{ident}" + (f"{sep}{slug}" if slug else ""), "article", f"{host}#a{int(ident)}")
    if m := _ARTICLE_SLUG.match(path):
        slug = m.group(1)
        if not _SLUG.match(slug):
            return None
        prefix = "/index.php/blog/read" if "/index.php" in path else "/blog/read"
        return Link(f"{origin}{prefix}/{slug}", "article", f"{host}#s{slug.lower()}")
    listing = _LISTING_NEW.match(path) or _LISTING_OLD.match(path)
    if listing:
        page = _page(query)
        cat = listing.group(1)
        if listing.re is _LISTING_NEW:
            if not _SLUG.match(listing.group(2)):
                return None
            canon = f"/berita/{cat}/{listing.group(2)}"
        else:
            sub = listing.group(2) or ""  # sub-category segments: /blog/category/14/2/7
            canon = ("/index.php" if "/index.php" in path else "") + f"/blog/category/{cat}{sub}"
            cat = cat + sub.replace("/", ".")
        url_ = f"{origin}{canon}" + (f"?page={page}" if page > 1 else "")
        return Link(url_, "listing", f"{host}#l{cat}p{page}", page=page)
    if path in ("/", "/index.php") and not query:
        return Link(f"{origin}/", "home", f"{host}#home")
    if path.lower().endswith(".xml") and "sitemap" in path.lower():
        return Link(f"{origin}{path}", "sitemap", f"{host}#map{path}")
    if _FEED.match(path):
        return Link(f"{origin}{path}", "feed", f"{host}#feed{path}")
    return None


def as_page(url: str) -> Link | None:
    """A URL of another shape, given by the user: crawled once, extracted by the fallback."""
    link = classify(url)
    if link:
        return link
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.scheme not in ("http", "https") or not parts.hostname or _UNSAFE.search(url)
            or len(url) > MAX_URL_LENGTH):
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    canon = urlunsplit((parts.scheme, host_of(url), parts.path or "/", query, ""))
    return Link(canon, "page", f"{host_of(url)}#u{parts.path}?{query}")


def other_page(href: str, base_url: str, found: str) -> Link | None:
    """A link of no known shape that may lead to a bulletin, as a "page" (``found``: where it was
    seen); None for files and for pages that only list others (tags, categories, authors)."""
    try:
        link = as_page(urljoin(base_url, href.strip()))
    except ValueError:
        return None
    if link is None or link.kind != "page":
        return None
    path = urlsplit(link.url).path
    if path == "/" or _FILE.search(path) or _NOT_ARTICLE.search(path):
        return None
    return Link(link.url, "page", link.key, hints={"found": found})


def looks_like_permalink(link: Link) -> bool:
    """An article's permalink: no query, and a last segment that is a slug of four words or more
    ("/web/rapat-pleno-terbuka-rekapitulasi/"), where menus link "/profil" or "/visi-misi"."""
    parts = urlsplit(link.url)
    return not parts.query and bool(_PERMALINK_SLUG.match(parts.path.rstrip("/").rsplit("/", 1)[-1]))


def _page(query: list[tuple[str, str]]) -> int:
    for key, value in query:
        if key == "page":
            return int(value) if value.isdigit() and 0 < int(value) < 100000 else 1
    return 1


# -- links in pages ---------------------------------------------------------------------


def _on_scheme(link: Link, scheme: str) -> Link:
    """A same-host link written with http:// or https:// names one resource: use the site's scheme."""
    if link.url.startswith(scheme + "://"):
        return link
    return Link(scheme + link.url[link.url.index("://"):], link.kind, link.key, link.page, link.hints)


def page_links(html: str | LexborHTMLParser, base_url: str, permalinks: bool = False) -> list[Link]:
    """Crawlable links of an HTML page on the page's own host, each once, article links with
    the listing date written next to them (``hints["listed"]``). With ``permalinks`` (home and
    listing pages), links of no known shape that look like an article's permalink too."""
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    base_tag = tree.css_first("base[href]")
    if base_tag:
        candidate = classify_base(base_tag.attributes.get("href") or "", base_url)
        base_url = candidate or base_url
    host, scheme = host_of(base_url), urlsplit(base_url).scheme
    found: dict[str, Link] = {}
    for node in tree.css("a[href]"):
        href = node.attributes.get("href") or ""
        link = classify(href, base_url) or (_permalink(node, href, base_url) if permalinks else None)
        if link is None or host_of(link.url) != host:
            continue
        link = _on_scheme(link, scheme)
        known = found.get(link.key)
        if known and ("listed" in known.hints or link.kind not in ("article", "page")):
            continue
        if link.kind in ("article", "page"):
            listed = _nearby_date(node)
            if listed:
                link = Link(link.url, link.kind, link.key, link.page, {**link.hints, "listed": listed.isoformat()})
            elif known:
                continue
        found[link.key] = link
    for node in tree.css("link[rel=alternate][href]"):
        kind = (node.attributes.get("type") or "").lower()
        if "rss" in kind or "atom" in kind:
            feed = feed_link(node.attributes.get("href") or "", base_url)
            if feed and host_of(feed.url) == host:
                found.setdefault(feed.key, _on_scheme(feed, scheme))
    return list(found.values())


def _permalink(node, href: str, base_url: str) -> Link | None:
    """A link of no known shape on a home or listing page, if it looks like an article's permalink
    and sits in the page's content, not in its menus, sidebars or footer."""
    link = other_page(href, base_url, "listing")
    if link is None or not looks_like_permalink(link):
        return None
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in _CHROME_TAGS or _CHROME_CLASS.search(current.attributes.get("class") or ""):
            return None
        current = current.parent
    return link


def feed_link(href: str, base_url: str) -> Link | None:
    """A feed announced by ``<link rel=alternate>`` or a sitemap named by robots.txt, whatever its path."""
    link = classify(href, base_url)
    if link is not None:
        return link if link.kind in ("feed", "sitemap") else None
    page = as_page(urljoin(base_url, href))
    if page is None:
        return None
    kind = "sitemap" if "sitemap" in page.url.lower() else "feed"
    return Link(page.url, kind, f"{host_of(page.url)}#{kind}{urlsplit(page.url).path}")


def classify_base(href: str, page_url: str) -> str | None:
    """A ``<base href>`` is honoured only on the page's own host."""
    try:
        absolute = urljoin(page_url, href)
    except ValueError:
        return None
    return absolute if host_of(absolute) == host_of(page_url) else None


def _nearby_date(node) -> date | None:
    """A listing writes an item's date beside its link: look up to three ancestors up."""
    current = node
    own = node.text(separator=" ")  # a title may hold a date of its own ("14 Februari 2024 Pemilu ...")
    for _ in range(3):
        current = current.parent
        if current is None or current.tag in ("body", "html"):
            return None
        text = current.text(separator=" ").replace(own, " ", 1)
        if len(text) > 600:
            return None
        found = parse_date(text)
        if found:
            return found
    return None


# -- sitemaps and feeds -------------------------------------------------------------------

_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>", re.I)
_URL_ENTRY = re.compile(rb"<(?:url|sitemap)\b.*?</(?:url|sitemap)>", re.I | re.S)
_LASTMOD = re.compile(rb"<lastmod>([^<]+)</lastmod>", re.I)
_ITEM = re.compile(rb"<item\b.*?</item>", re.I | re.S)
_ITEM_LINK = re.compile(rb"<link>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)", re.I)
_PUBDATE = re.compile(rb"<pubDate>([^<]+)</pubDate>", re.I)


def sitemap_links(body: bytes, base_url: str) -> list[Link]:
    """Article, page, listing and child-sitemap URLs of a sitemap or sitemap index, on its own host."""
    out: dict[str, Link] = {}
    for entry, link in _entry_links(_URL_ENTRY, _LOC, body, base_url, "sitemap"):
        lastmod = _LASTMOD.search(entry.group(0))
        if lastmod and link.kind in ("article", "page"):
            stamp = _timestamp(lastmod.group(1).decode("ascii", "replace").strip())
            if stamp is not None:
                link = Link(link.url, link.kind, link.key, link.page, {**link.hints, "lastmod": stamp})
        out.setdefault(link.key, link)
    return list(out.values())


def _timestamp(w3c: str) -> float | None:
    """POSIX time of a sitemap <lastmod> (W3C datetime; a bare date means its start, UTC)."""
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(w3c.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def feed_links(body: bytes, base_url: str) -> list[Link]:
    """Article (and page) URLs of an RSS feed, with their publication dates as listing hints."""
    from email.utils import parsedate_to_datetime

    out: dict[str, Link] = {}
    for item, link in _entry_links(_ITEM, _ITEM_LINK, body, base_url, "feed"):
        pub = _PUBDATE.search(item.group(0))
        if pub and link.kind in ("article", "page"):
            try:
                day = parsedate_to_datetime(pub.group(1).decode("ascii", "replace").strip()).date()
                link = Link(link.url, link.kind, link.key, link.page, {**link.hints, "listed": day.isoformat()})
            except (TypeError, ValueError):
                pass
        out.setdefault(link.key, link)
    return list(out.values())


def _entry_links(entries: re.Pattern, loc: re.Pattern, body: bytes, base_url: str, found: str):
    """``(entry match, Link)`` for each entry of a sitemap or feed whose URL is on ``base_url``'s host;
    a URL of no known shape is a "page": sitemaps and feeds list articles."""
    host, scheme = host_of(base_url), urlsplit(base_url).scheme
    for entry in entries.finditer(body):
        m = loc.search(entry.group(0))
        url = _unescape(m.group(1)) if m else ""
        link = (classify(url, base_url) or other_page(url, base_url, found)) if m else None
        if link and host_of(link.url) == host:
            yield entry, _on_scheme(link, scheme)


def _unescape(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").replace("&amp;", "&")
