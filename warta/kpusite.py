"""A realistic local KPU-like web site, for tests, the crawl benchmark and the offline demo.

It serves a list of bulletins on 127.0.0.1 the way KPU sites do, in either of
their two templates, from a ``ThreadingHTTPServer`` in a background thread.

API (stable)::

    from warta.kpusite import KpuSite, sample_bulletins

    site = KpuSite(bulletins, template="new", faults={"503", "robots"}).start()
    site.url                 # "http://127.0.0.1:PORT" (ephemeral port unless port= given)
    site.article_urls()      # canonical URLs of the bulletins a crawler should archive
    site.requests            # server-side log: dicts path, status, start, end, headers, aborted
    site.add_bulletin(b)     # publish one more bulletin (it appears first in its listing)
    site.edit_bulletin(url, paragraphs=[...])  # change a bulletin; its sitemap lastmod moves to now
    site.stop()              # or use ``with KpuSite(...) as site:``

``KpuSite(bulletins, template="new"|"old", host="127.0.0.1", port=0, name=None,
per_page=5, faults=(), latency=0.0, crawl_delay=None, hang_seconds=5.0, retry_after=1,
full_listings=False)``

- ``bulletins``: dicts with ``title``, ``date`` (ISO string or ``datetime.date``),
  ``paragraphs`` (list of str; or ``text`` with paragraphs split by blank lines),
  ``category`` (e.g. "Berita Terkini"), optional ``captions`` (list of str).
- ``template``: "new" serves listings ``/berita/{cat_id}/{cat_slug}?page=N`` and
  articles ``/berita/baca/{id}/{slug}`` with date metadata; "old" serves
  ``/index.php/blog/category/{cat_id}?page=N`` and ``/index.php/blog/read/{id}/{slug}``
  with no date metadata (the date is in the dateline or the listing only).
- ``name``: the KPU host name the site plays (used in datelines and the footer).
- ``full_listings``: listings show every bulletin in full (title heading with an
  ``id`` anchor, date, paragraphs) and link no article pages, as some KPU blogs
  do; ``article_urls()`` are then ``{listing URL without page}#{anchor}``.
- Every page has a menu, breadcrumb, sidebar, tag cloud, share links and footer.
  The site also serves ``/robots.txt``, ``/sitemap.xml`` and an RSS feed (``/rss``),
  ETag and Last-Modified with 304 answers to conditional requests. Absolute links
  (sitemap, feed, robots.txt) use the request's Host header, so a crawler may reach
  the site under a KPU host name (``warta crawl --resolve``).
- ``latency``: seconds each response waits before it is sent (simulated network).
- ``faults``: any of :data:`FAULTS`:

  ``503``, ``429``  the first request for the first article / the second listing
                    page gets that status with ``Retry-After: retry_after``;
  ``hang``          the first request for the second article hangs ``hang_seconds``;
  ``dribble``       the first request for the seventh article gets its headers at once,
                    then its body a few bytes at a time over ``hang_seconds`` (each
                    read sees data, so only an overall deadline ends it);
  ``redirect``      the home page links the oldest article without its slug, a 301
                    to the article's canonical URL;
  ``404``           the home page links an article that does not exist;
  ``links``         article pages also carry relative, absolute, tracking
                    (utm_*, fbclid), fragment, external and hostile links;
  ``cp1252``        the third article is encoded in windows-1252, declared in a
                    meta tag only;
  ``robots``        robots.txt opens with ``Allow: /`` and disallows ``/private/`` and the
                    sixth article, which pages link to (``article_urls()`` leaves that
                    article out);
  ``malformed``     the fourth article's HTML is broken (unclosed and stray tags);
  ``huge``          the fifth article carries a 5 MB inline image;
  ``truncated``     the home page links an extra page whose body is always cut
                    short of its Content-Length (not a bulletin);
  ``wordpress``     two more bulletins at URLs of another CMS: ``/web/{slug}/``
                    (WordPress markup), listed by the sitemap and the feed, and
                    ``/2023/05/{slug}/`` (text in a ``<div>`` with ``<br>``), linked
                    from the home page, which also links a category, a tag, a file
                    and a short path, and whose menu links a long-slug profile page
                    (none of those is a bulletin).
"""

from __future__ import annotations

import hashlib
import html
import random
import re
import threading
import time
from datetime import date, datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FAULTS = frozenset({"503", "429", "hang", "dribble", "redirect", "404", "links", "cp1252", "robots", "malformed", "huge",
                    "truncated", "wordpress"})
# What the "wordpress" fault links besides its bulletins (none is one): in the sitemap and on the
# home page, then on the home page only, then in the menu.
IN_SITEMAP = ("/web/category/berita-terkini/", "/uploads/laporan-keuangan-tahun-anggaran-2023.pdf")
NOT_BULLETINS = IN_SITEMAP + ("/tag/pemilu-serentak-tahun-2024/", "/web/arsip/",
                              "/profil/struktur-organisasi-sekretariat-kpu/")
_OTHER_POSTS = [
    ("/web/{slug}/", {"title": "Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih Berkelanjutan", "date": "2023-05-12",
                      "paragraphs": ["{host}, Jumat, 12-5-2023 KPU menggelar rapat pleno terbuka rekapitulasi daftar "
                                     "pemilih berkelanjutan bersama Bawaslu dan partai politik di aula kantor KPU.",
                                     "Ketua KPU menyampaikan bahwa data pemilih terus diperbarui setiap bulan."]}),
    ("/2023/05/{slug}/", {"title": "Sosialisasi Pendidikan Pemilih bagi Komunitas Disabilitas", "date": "2023-05-20",
                          "paragraphs": ["{host}, Sabtu, 20-5-2023 KPU melaksanakan sosialisasi pendidikan pemilih bagi "
                                         "komunitas penyandang disabilitas di gedung serbaguna kabupaten.",
                                         "Peserta antusias mengikuti simulasi pemungutan suara di TPS ramah disabilitas.",
                                         "Kegiatan ditutup dengan tanya jawab tentang hak pilih penyandang disabilitas."]}),
]

CATEGORY_IDS = {"Berita Terkini": 104, "KPU Dalam Berita": 105, "Umum": 106, "Pengumuman": 107}

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "berita"


def indonesian_date(day: date) -> str:
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


class _Bulletin:
    def __init__(self, raw: dict, ident: int) -> None:
        self.id = int(raw.get("id") or ident)
        self.title = raw["title"]
        day = raw["date"]
        self.date = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        paragraphs = raw.get("paragraphs")
        if paragraphs is None:
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", raw.get("text", "")) if p.strip()]
        self.paragraphs = list(paragraphs)
        self.category = raw.get("category") or "Berita Terkini"
        self.captions = list(raw.get("captions") or [])
        self.slug = slugify(self.title)
        self.modified: datetime | None = None  # set by KpuSite.edit_bulletin


class KpuSite:
    """One KPU-like site on its own port. See the module docstring for the API."""

    def __init__(self, bulletins: list[dict], template: str = "new", host: str = "127.0.0.1", port: int = 0,
                 name: str | None = None, per_page: int = 5, faults=(), latency: float = 0.0,
                 crawl_delay: float | None = None, hang_seconds: float = 5.0, retry_after: int = 1,
                 full_listings: bool = False) -> None:
        if template not in ("new", "old"):
            raise ValueError("template must be 'new' or 'old'")
        unknown = set(faults) - FAULTS
        if unknown:
            raise ValueError(f"unknown faults: {sorted(unknown)}")
        self.template, self.host, self.port = template, host, port
        self.name = name or "kab-contoh.kpu.go.id"
        self.per_page, self.faults, self.latency = per_page, set(faults), latency
        self.crawl_delay, self.hang_seconds, self.retry_after = crawl_delay, hang_seconds, retry_after
        self.full_listings = full_listings
        self._lock = threading.Lock()
        self._bulletins: list[_Bulletin] = []
        for raw in bulletins:
            self._add(raw)
        self._other = self._other_posts() if "wordpress" in self.faults else {}  # path -> bulletin
        self._served_once: set[str] = set()
        self.requests: list[dict] = []
        self._origin = ""  # scheme and Host of the request being answered (absolute links use it)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------

    def start(self) -> "KpuSite":
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer((self.host, self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"kpusite-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "KpuSite":
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- content ----------------------------------------------------------------

    def _add(self, raw: dict) -> _Bulletin:
        ident = max((b.id for b in self._bulletins), default=0) + 1
        bulletin = _Bulletin(raw, ident)
        self._bulletins.append(bulletin)
        self._bulletins.sort(key=lambda b: (b.date, b.id), reverse=True)
        return bulletin

    def add_bulletin(self, raw: dict) -> str:
        """Publish one more bulletin; returns its canonical URL."""
        with self._lock:
            return self.url + self._link(self._add(raw))

    def edit_bulletin(self, url: str, **changes) -> None:
        """Change a published bulletin (title, paragraphs, captions) in place, as site editors do."""
        with self._lock:
            target = next(b for b in self._bulletins if url.endswith(self._link(b)))
            for key in ("title", "paragraphs", "captions"):
                if key in changes:
                    setattr(target, key, list(changes[key]) if key != "title" else changes[key])
            target.modified = datetime.now(timezone.utc)

    def article_path(self, b: _Bulletin) -> str:
        if self.template == "new":
            return f"/berita/baca/{b.id}/{b.slug}"
        return f"/index.php/blog/read/{b.id}/{b.slug}"

    def listing_path(self, category: str, page: int = 1) -> str:
        cat_id = self.category_id(category)
        base = f"/berita/{cat_id}/{slugify(category)}" if self.template == "new" else f"/index.php/blog/category/{cat_id}"
        return base if page == 1 else f"{base}?page={page}"

    def category_id(self, category: str) -> int:
        if category in CATEGORY_IDS:
            return CATEGORY_IDS[category]
        return 200 + int(hashlib.sha1(category.encode()).hexdigest()[:4], 16) % 700

    def article_urls(self) -> list[str]:
        """Canonical URLs of every bulletin a polite crawler can archive."""
        with self._lock:
            others = [self.url + path for path in self._other]
            if self.full_listings:
                return [f"{self.url}{self.listing_path(b.category)}#{b.slug}" for b in self._bulletins] + others
            hidden = self._nth_oldest(5) if "robots" in self.faults else None
            return [self.url + self.article_path(b) for b in self._bulletins if b is not hidden] + others

    def categories(self) -> list[str]:
        seen: dict[str, None] = {}
        for b in sorted(self._bulletins, key=lambda b: b.id):
            seen.setdefault(b.category)
        return list(seen)

    def _other_posts(self) -> dict[str, _Bulletin]:
        """The "wordpress" fault's bulletins by path, with this site's name in their datelines."""
        host = self.name.split(".")[0].capitalize() + "." + self.name.split(".", 1)[1]
        posts = {}
        for ident, (shape, raw) in enumerate(_OTHER_POSTS, start=9101):
            b = _Bulletin({**raw, "paragraphs": [p.format(host=host) for p in raw["paragraphs"]]}, ident)
            posts[shape.format(slug=b.slug)] = b
        return posts

    def _by_id(self) -> dict[int, _Bulletin]:
        return {b.id: b for b in self._bulletins}

    def _nth_oldest(self, n: int) -> _Bulletin | None:
        """Fault targets are picked by publication order, so they stay put as bulletins are added."""
        ordered = sorted(self._bulletins, key=lambda b: b.id)
        return ordered[n] if len(ordered) > n else None

    # -- routing ----------------------------------------------------------------

    def respond(self, path: str, query: dict, req_headers) -> tuple[int, dict, bytes]:
        """Status, headers and body for one GET; faults are applied here."""
        with self._lock:
            self._origin = "http://" + (req_headers.get("Host") or f"{self.host}:{self.port}")
            first_time = path + "?" + str(sorted(query.items())) not in self._served_once
            self._served_once.add(path + "?" + str(sorted(query.items())))
            page = _page_number(query)
            if path == "/robots.txt":
                return 200, {"Content-Type": "text/plain"}, self._robots().encode()
            if path == "/sitemap.xml":
                return 200, {"Content-Type": "application/xml"}, self._sitemap().encode()
            if path in ("/rss", "/index.php/blog/feed"):
                return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, self._rss().encode()
            if path in ("/", "/index.php"):
                return self._page(self._home(), req_headers)
            if "redirect" in self.faults and (m := re.fullmatch(r"(?:/berita/baca|/index.php/blog/read)/(\d+)/?", path)):
                b = self._by_id().get(int(m.group(1)))
                if b:
                    return 301, {"Location": self.article_path(b)}, b""
            if path in self._other:
                return self._page(self._other_html(path), req_headers, last_modified=self._other[path].date)
            if "truncated" in self.faults and path == "/berita/baca/9001/terpotong":
                body = self._article_html(_Bulletin({"title": "Halaman Terpotong", "date": "2023-01-01",
                                                     "paragraphs": ["Teks ini terpotong. " * 50]}, 9001))
                return 200, {"Content-Type": "text/html; charset=utf-8", "X-Truncate": str(len(body))}, body.encode()
            for category in self.categories():
                if path == self.listing_path(category).split("?")[0]:
                    if "429" in self.faults and page == 2 and first_time:
                        return 429, {"Retry-After": str(self.retry_after)}, b"Too Many Requests"
                    listing = self._listing(category, page)
                    return self._page(listing, req_headers) if listing else (404, {}, self._not_found())
            m = re.fullmatch(r"/berita/baca/(\d+)/[^/]*" if self.template == "new" else r"/index.php/blog/read/(\d+)/[^/]*", path)
            b = self._by_id().get(int(m.group(1))) if m and not self.full_listings else None
            if b is None:
                return 404, {"Content-Type": "text/html; charset=utf-8"}, self._not_found()
            if "503" in self.faults and b is self._nth_oldest(0) and first_time:
                return 503, {"Retry-After": str(self.retry_after)}, b"Service Unavailable"
            if "hang" in self.faults and b is self._nth_oldest(1) and first_time:
                return -1, {}, b""  # the handler sleeps, then drops the connection
            if "dribble" in self.faults and b is self._nth_oldest(6) and first_time:
                status, headers, body = self._article(b, req_headers)
                return status, {**headers, "X-Dribble": "1"}, body
            return self._article(b, req_headers)

    def _page(self, body: str, req_headers, charset: str = "utf-8", last_modified: date | None = None,
              declare_in_header: bool = True) -> tuple[int, dict, bytes]:
        data = body.encode(charset, errors="xmlcharrefreplace")
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        headers = {"Content-Type": f"text/html; charset={charset}" if declare_in_header else "text/html", "ETag": etag}
        if last_modified:
            headers["Last-Modified"] = format_datetime(datetime.combine(last_modified, datetime.min.time(), timezone.utc), usegmt=True)
        if req_headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        since = req_headers.get("If-Modified-Since")
        if since and last_modified and not req_headers.get("If-None-Match"):
            try:
                if parsedate_to_datetime(since).date() >= last_modified:
                    return 304, {}, b""
            except (TypeError, ValueError):
                pass
        return 200, headers, data

    def _article(self, b: _Bulletin, req_headers) -> tuple[int, dict, bytes]:
        page = self._article_html(b)
        if "malformed" in self.faults and b is self._nth_oldest(3):
            page = page.replace("</p>", "", 3).replace("<div class=\"sidebar", "</div></span><div class=\"sidebar")
            page = page.replace("</body>", "<table><tr><td>sisa").replace("</html>", "")
        if "huge" in self.faults and b is self._nth_oldest(4):
            blob = "A" * (5 * 1024 * 1024)
            page = page.replace("<!--figure-->", f'<p><img src="data:image/png;base64,{blob}" alt=""></p>')
        if "cp1252" in self.faults and b is self._nth_oldest(2):
            page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
            return self._page(page, req_headers, charset="cp1252", last_modified=b.date, declare_in_header=False)
        return self._page(page, req_headers, last_modified=b.date)

    # -- pages ------------------------------------------------------------------

    def _robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /admin/"]
        if "robots" in self.faults:
            # "Allow: /" first, as many sites write it: RFC 9309's longest match still disallows what follows.
            lines[1:1] = ["Allow: /"]
            lines.append("Disallow: /private/")
            if (hidden := self._nth_oldest(5)) is not None:
                lines.append(f"Disallow: {self.article_path(hidden)}")
        if self.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.crawl_delay}")
        lines.append(f"Sitemap: {self._origin}/sitemap.xml")
        return "\n".join(lines) + "\n"

    def _sitemap(self) -> str:
        if self.full_listings:
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    + "".join(f"<url><loc>{self._origin}{self.listing_path(c)}</loc></url>" for c in self.categories())
                    + "</urlset>")
        urls = [f"<url><loc>{self._origin}{self.article_path(b)}</loc>"
                f"<lastmod>{b.modified.isoformat() if b.modified else b.date.isoformat()}</lastmod></url>"
                for b in self._bulletins]
        if self._other:
            path, post = next(iter(self._other.items()))
            urls += [f"<url><loc>{self._origin}{path}</loc><lastmod>{post.date.isoformat()}</lastmod></url>",
                     *(f"<url><loc>{self._origin}{p}</loc></url>" for p in IN_SITEMAP)]
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(urls) + "</urlset>")

    def _rss(self) -> str:
        items = "".join(
            f"<item><title>{html.escape(b.title)}</title><link>{self._item_url(b)}</link>"
            f"<pubDate>{_http_date(b.date)}</pubDate></item>"
            for b in self._bulletins[:10])
        for path, post in list(self._other.items())[:1]:
            items += (f"<item><title>{html.escape(post.title)}</title><link>{self._origin}{path}</link>"
                      f"<pubDate>{_http_date(post.date)}</pubDate></item>")
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>KPU {self.name}</title>'
                f"<link>{self._origin}/</link>{items}</channel></rss>")

    def _link(self, b: _Bulletin) -> str:
        return f"{self.listing_path(b.category)}#{b.slug}" if self.full_listings else self.article_path(b)

    def _item_url(self, b: _Bulletin) -> str:
        if self.full_listings:
            return f"{self._origin}{self.listing_path(b.category)}#{b.slug}"
        return f"{self._origin}{self.article_path(b)}?utm_source=rss"

    def _menu(self) -> str:
        cats = "".join(f'<li><a href="{self.listing_path(c)}">{html.escape(c)}</a></li>' for c in self.categories())
        private = '<li><a href="/private/rekap-internal">Internal</a></li>' if "robots" in self.faults else ""
        if self._other:
            private += f'<li><a href="{NOT_BULLETINS[-1]}">Struktur Organisasi</a></li>'
        return (f'<header class="site-header"><div class="topbar"><a href="https://www.kpu.go.id/">KPU RI</a> | '
                f'<a href="https://jdih.kpu.go.id/">JDIH</a> | <a href="https://ppid.kpu.go.id/">PPID</a></div>'
                f'<div class="brand"><img src="/img/logo-kpu.png" alt="Logo KPU"><span>Komisi Pemilihan Umum '
                f'{html.escape(self.name)}</span></div><nav class="navbar"><ul class="menu">'
                f'<li><a href="/">Beranda</a></li><li><a href="/profil">Profil</a></li>'
                f'<li class="dropdown"><a href="#">Berita</a><ul class="dropdown-menu">{cats}</ul></li>'
                f'<li><a href="/ppid">PPID</a></li><li><a href="/kontak">Kontak</a></li>{private}</ul></nav></header>')

    def _sidebar(self) -> str:
        recent = "".join(f'<li><a href="{self._link(b)}">{html.escape(b.title)}</a></li>' for b in self._bulletins[:5])
        cats = "".join(f'<li><a href="{self.listing_path(c)}">{html.escape(c)}</a></li>' for c in self.categories())
        return (f'<aside class="sidebar col-md-4"><div class="widget"><h4>Berita Terbaru</h4><ul>{recent}</ul></div>'
                f'<div class="widget"><h4>Kategori</h4><ul>{cats}</ul></div>'
                '<div class="widget"><h4>Tautan</h4><ul><li><a href="https://infopemilu.kpu.go.id/">Info Pemilu</a></li>'
                '<li><a href="https://cekdptonline.kpu.go.id/">Cek DPT Online</a></li></ul></div></aside>')

    def _footer(self) -> str:
        return (f'<footer class="site-footer"><p>Komisi Pemilihan Umum {html.escape(self.name)}</p>'
                '<p>Jl. Raya Pemilu No. 1. Telp (0335) 123456. Email: kpu@example.go.id</p>'
                '<p>&copy; 2023 KPU. Hak cipta dilindungi.</p><ul class="social"><li><a href="https://facebook.com/kpu">Facebook</a></li>'
                '<li><a href="https://twitter.com/kpu">Twitter</a></li></ul></footer>')

    def _wrap(self, title: str, main: str, head_extra: str = "") -> str:
        return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)} | KPU '
                f'{html.escape(self.name)}</title><meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<link rel="stylesheet" href="/css/app.css"><link rel="alternate" type="application/rss+xml" href="/rss">'
                f'{head_extra}<script>window.dataLayer=[];</script></head><body>{self._menu()}'
                f'<div class="container"><div class="row"><div class="col-md-8 main">{main}</div>{self._sidebar()}</div></div>'
                f'{self._footer()}<script src="/js/app.js"></script></body></html>')

    def _home(self) -> str:
        items = self._items(self._bulletins[:self.per_page])
        extra = ""
        if "redirect" in self.faults and self._bulletins:
            extra += f'<a href="{self.article_path(self._bulletins[-1]).rsplit("/", 1)[0]}">Arsip lama</a> '
        if "404" in self.faults:
            extra += '<a href="' + ("/berita/baca/99999/hilang" if self.template == "new" else "/index.php/blog/read/99999/hilang") + '">Hilang</a> '
        if "truncated" in self.faults:
            extra += '<a href="/berita/baca/9001/terpotong">Terpotong</a> '
        for path, post in list(self._other.items())[1:]:
            extra += f'<a href="{path}">{html.escape(post.title)}</a> '
            extra += "".join(f'<a href="{p}">{p.strip("/").rsplit("/", 1)[-1]}</a> ' for p in NOT_BULLETINS[:-1])
        more = "".join(f'<a class="more" href="{self.listing_path(c)}">Selengkapnya {html.escape(c)}</a>' for c in self.categories())
        return self._wrap("Beranda", f'<h2>Berita Terkini</h2><div class="list-berita">{items}</div>{more}<p class="misc">{extra}</p>')

    def _items(self, bulletins: list[_Bulletin]) -> str:
        out = []
        for b in bulletins:
            excerpt = html.escape(b.paragraphs[0][:160]) if b.paragraphs else ""
            if self.full_listings:
                paras = "".join(f"<p>{html.escape(p)}</p>" for p in b.paragraphs)
                out.append(f'<div class="blog-item"><h2 class="blog-title" id="{b.slug}">{html.escape(b.title)}</h2>'
                           f'<div class="blog-meta"><i class="fa fa-calendar"></i> {b.date.day:02d}/{b.date.month:02d}/'
                           f'{b.date.year} <i class="fa fa-user"></i> admin</div><div class="blog-content">{paras}</div></div>')
            elif self.template == "new":
                out.append(f'<div class="item-berita"><a href="{self.article_path(b)}"><h3>{html.escape(b.title)}</h3></a>'
                           f'<span class="tanggal">{indonesian_date(b.date)}</span><p>{excerpt}…</p></div>')
            else:
                out.append(f'<div class="blog-item"><h2 class="blog-title"><a href="{self.article_path(b)}">{html.escape(b.title)}</a>'
                           f'</h2><div class="blog-meta"><i class="fa fa-calendar"></i> {b.date.day:02d}/{b.date.month:02d}/{b.date.year}'
                           f'</div><p>{excerpt}…</p><a class="readmore" href="{self.article_path(b)}">Baca selengkapnya</a></div>')
        return "".join(out)

    def _listing(self, category: str, page: int) -> str | None:
        members = [b for b in self._bulletins if b.category == category]
        pages = max(1, -(-len(members) // self.per_page))
        if page < 1 or page > pages:
            return None
        chunk = members[(page - 1) * self.per_page: page * self.per_page]
        links = "".join(f'<li class="{"active" if n == page else ""}"><a href="{self.listing_path(category, n)}">{n}</a></li>'
                        for n in range(1, pages + 1))
        nxt = f'<li><a rel="next" href="{self.listing_path(category, page + 1)}">&raquo;</a></li>' if page < pages else ""
        crumb = f'<ol class="breadcrumb"><li><a href="/">Beranda</a></li><li>{html.escape(category)}</li></ol>'
        return self._wrap(category, f'{crumb}<h1 class="page-title">{html.escape(category)}</h1>'
                          f'<div class="list-berita">{self._items(chunk)}</div><ul class="pagination">{links}{nxt}</ul>')

    def _other_html(self, path: str) -> str:
        """A bulletin as another CMS serves it: WordPress markup, or text in a <div> split by <br>."""
        b = self._other[path]
        if path.startswith("/web/"):
            paras = "".join(f"<p>{html.escape(p)}</p>" for p in b.paragraphs)
            when = f'<time class="entry-date" datetime="{b.date}T08:00:00+07:00">{indonesian_date(b.date)}</time>'
            main = (f'<article class="post"><header class="entry-header"><h1 class="entry-title">{html.escape(b.title)}'
                    f'</h1>{when}</header><div class="entry-content">{paras}</div><footer class="entry-footer">'
                    f'<a href="{IN_SITEMAP[0]}">Berita Terkini</a></footer></article>')
        else:
            text = "<br><br>".join(html.escape(p) for p in b.paragraphs)
            main = f'<div class="konten"><h1>{html.escape(b.title)}</h1><div class="isi">{text}</div></div>'
        return self._wrap(b.title, main)

    def _article_html(self, b: _Bulletin) -> str:
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in b.paragraphs)
        figure = "".join(f'<figure class="image"><img src="/uploads/{b.id}-{i}.jpg" alt=""><figcaption>{html.escape(c)}'
                         f'</figcaption></figure>' for i, c in enumerate(b.captions))
        tags = '<div class="tags"><span>Tag:</span> <a href="/tag/pemilu">Pemilu 2024</a> <a href="/tag/kpu">KPU</a></div>'
        share = ('<div class="share">Bagikan: <a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> '
                 '<a href="https://twitter.com/intent/tweet?url=x">Twitter</a> <a href="https://wa.me/?text=x">WhatsApp</a></div>')
        links = self._hostile_links(b) if "links" in self.faults else ""
        crumb = (f'<ol class="breadcrumb"><li><a href="/">Beranda</a></li><li><a href="{self.listing_path(b.category)}">'
                 f'{html.escape(b.category)}</a></li><li>{html.escape(b.title)}</li></ol>')
        if self.template == "new":
            head = (f'<meta property="og:title" content="{html.escape(b.title)}"><meta property="og:type" content="article">'
                    f'<meta property="article:published_time" content="{b.date.isoformat()}T09:00:00+07:00">')
            main = (f'{crumb}<article class="berita-detail"><h1 class="judul">{html.escape(b.title)}</h1>'
                    f'<div class="meta"><span class="tanggal">{indonesian_date(b.date)}</span> <span class="penulis">'
                    f'oleh Admin</span> <span class="dilihat">Dilihat 123 kali</span></div>{figure}<!--figure-->'
                    f'<div class="isi-berita">{paras}</div>{tags}{share}</article>{links}')
        else:
            head = ""
            main = (f'{crumb}<div class="blog-item blog-single"><h2 class="blog-title">{html.escape(b.title)}</h2>'
                    f'<div class="blog-meta"><span><i class="fa fa-user"></i> admin</span> <span><i class="fa fa-eye"></i> '
                    f'dibaca 98 kali</span></div>{figure}<!--figure--><div class="blog-content">{paras}</div>{tags}{share}'
                    f'</div>{links}')
        return self._wrap(b.title, main, head)

    def _hostile_links(self, b: _Bulletin) -> str:
        first = self._nth_oldest(0) or b
        path = self.article_path(first)
        tail = path.rsplit("/", 2)
        return ('<div class="related"><h4>Berita Terkait</h4><ul>'
                f'<li><a href="../../baca/{first.id}/{first.slug}">relatif</a></li>' if self.template == "new" else
                '<div class="related"><h4>Berita Terkait</h4><ul>'
                f'<li><a href="../{tail[-2]}/{tail[-1]}">relatif</a></li>') + (
                f'<li><a href="{self._origin}{path}">absolut</a></li>'
                f'<li><a href="{path}?utm_source=facebook&amp;utm_medium=share&amp;fbclid=IwAR0abc">pelacak</a></li>'
                f'<li><a href="{path}#komentar">fragmen</a></li>'
                f'<li><a href="{path}/">garis miring</a></li>'
                '<li><a href="https://example.org/berita/baca/1/luar">luar</a></li>'
                '<li><a href="javascript:alert(1)">js</a></li>'
                '<li><a href="mailto:kpu@example.go.id">surel</a></li>'
                f'<li><a href="{path}&quot; onmouseover=&quot;alert(1)">probe</a></li>'
                f'<li><a href="/index.php?id=1%27%20union%20all%20select%201,2,3--">sql</a></li>'
                '<li><a href="/private/rekap-internal">internal</a></li></ul></div>')

    def _not_found(self) -> bytes:
        return self._wrap("Halaman tidak ditemukan", "<h1>404</h1><p>Halaman tidak ditemukan.</p>").encode()


def _http_date(day: date) -> str:
    return format_datetime(datetime.combine(day, datetime.min.time(), timezone.utc), usegmt=True)


def _page_number(query: dict) -> int:
    try:
        return max(1, int(query.get("page", ["1"])[0]))
    except ValueError:
        return 1


class _Handler(BaseHTTPRequestHandler):
    site: KpuSite
    protocol_version = "HTTP/1.1"
    server_version = "KpuSite/1.0"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802
        started = time.time()
        parts = urlsplit(self.path)
        status, aborted = 500, False  # aborted: the client went away before the whole answer was sent
        try:
            if self.site.latency:
                time.sleep(self.site.latency)
            status, headers, body = self.site.respond(parts.path, parse_qs(parts.query), self.headers)
            if status == -1:
                time.sleep(self.site.hang_seconds)
                self.close_connection = True
                return
            truncate = headers.pop("X-Truncate", None)
            dribble = headers.pop("X-Dribble", None)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if truncate:
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
            elif dribble:
                self._dribble(body)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            aborted = True
            self.close_connection = True
        finally:
            with self.site._lock:
                self.site.requests.append({"path": self.path, "status": status, "start": started, "end": time.time(),
                                           "headers": dict(self.headers), "client": self.client_address[0],
                                           "aborted": aborted})

    def _dribble(self, body: bytes, interval: float = 0.05) -> None:
        """Send ``body`` in small pieces spread over ``hang_seconds``."""
        pieces = max(1, int(self.site.hang_seconds / interval))
        size = -(-len(body) // pieces)
        for start in range(0, len(body), size):
            self.wfile.write(body[start:start + size])
            self.wfile.flush()
            time.sleep(interval)


# -- sample bulletins, for the benchmark and the demo ------------------------------------------

_PEOPLE = [("Lukman Hakim", "Ketua KPU"), ("Siti Aminah", "Anggota KPU Divisi Teknis Penyelenggaraan"),
           ("Agus Hariyanto", "Ketua Divisi Sosdiklih, Parmas dan SDM"), ("Dewi Lestari", "Sekretaris KPU"),
           ("Muhammad Zamroni", "Ketua Divisi Perencanaan Data dan Informasi"), ("Rina Wulandari", "Kepala Subbagian Hukum")]
_EVENTS = [("Rapat Koordinasi Persiapan {x}", "melaksanakan rapat koordinasi bersama pemerintah daerah terkait {x}"),
           ("Bimbingan Teknis {x} bagi Badan Adhoc", "menggelar bimbingan teknis tentang {x} bagi anggota PPK dan PPS"),
           ("Sosialisasi {x} kepada Pemilih Pemula", "melakukan sosialisasi {x} kepada pelajar dan pemilih pemula"),
           ("Pelantikan Anggota PPS untuk {x}", "melantik anggota PPS terpilih dalam rangka {x}"),
           ("Rekapitulasi {x} Tingkat Kabupaten", "menggelar rapat pleno terbuka rekapitulasi {x}")]
_TOPICS = ["Pemutakhiran Data Pemilih", "Pencalonan Anggota DPRD", "Pemilu 2024", "Pemilihan Serentak 2024",
           "Logistik Pemilu", "Daftar Pemilih Tetap", "Pembentukan Pantarlih", "Kampanye Pemilu"]


def sample_bulletins(count: int, seed: int = 0, name: str = "kab-contoh.kpu.go.id", region: str = "Kabupaten Contoh",
                     start: date = date(2023, 1, 2)) -> list[dict]:
    """``count`` plausible Indonesian KPU bulletins (synthetic, deterministic for a seed)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        day = date.fromordinal(start.toordinal() + i * 2 + rng.randrange(2))
        title_t, action_t = rng.choice(_EVENTS)
        topic = rng.choice(_TOPICS)
        (speaker, role), (other, other_role) = rng.sample(_PEOPLE, 2)
        host = name.split(".")[0].capitalize() + "." + ".".join(name.split(".")[1:])
        paragraphs = [
            f"{host}, {DAYS[day.weekday()]}, {day.day}-{day.month}-{day.year} KPU {region} {action_t.format(x=topic)} "
            f"yang berlangsung di Aula KPU {region}.",
            f"{role} {region}, {speaker}, menyampaikan bahwa kegiatan ini penting untuk memastikan setiap tahapan "
            f"berjalan sesuai aturan. “Kami ingin seluruh jajaran memahami tugas dan tanggung jawabnya,” ujarnya.",
            f"Sementara itu {other}, {other_role} {region}, menambahkan bahwa koordinasi dengan pemangku kepentingan "
            f"terus dilakukan. “Kerja sama semua pihak sangat kami harapkan,” kata {other.split()[0]}.",
            f"Kegiatan ditutup dengan diskusi dan tanya jawab mengenai {topic.lower()} (bulletin {i + 1}).",
        ]
        out.append({"title": title_t.format(x=topic) + f" ({i + 1})", "date": day.isoformat(), "paragraphs": paragraphs,
                    "category": "Berita Terkini" if i % 4 else "KPU Dalam Berita",
                    "captions": [f"Suasana kegiatan {topic.lower()} di KPU {region}"] if i % 3 == 0 else []})
    return out
