"""``warta ingest``: local HTML pages, WARC files and plain-text listing dumps into the archive.

What a file is comes from its content (a WARC header, gzip magic, an HTML tag)
before its name. Directories are walked. A file that cannot be read is reported
in the summary and skipped; whatever was stored before stays as it was, since
each file is saved in its own transaction. A Ctrl-C keeps what was stored too.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from crawler.archive import Archive, Article
from crawler.discover import as_page, classify, host_of, looks_like_permalink, page_links
from crawler.extract import decode_html, extract_article, extract_listing
from crawler.fetch import decode_content
from crawler.textdump import dateline_site, parse_text_dump
from warta.settings import Settings

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".php", ".asp", ".aspx"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
MAX_FILE_BYTES = 64 << 20  # for HTML and text files; WARC files are streamed


class PartlyRead(Exception):
    """A file broken part-way (a WARC cut short by a crash): what came before it is kept."""

    def __init__(self, saved: list[tuple[int, str]], message: str) -> None:
        super().__init__(message)
        self.saved = saved


def ingest_files(settings: Settings, paths: list[Path]) -> tuple[str, int, bool]:
    """Ingest files and directories; returns a summary, how many files were skipped, and
    whether Ctrl-C stopped it.

    Ctrl-C ends the ingest with a summary: every file stored before it stays stored (each
    file is its own transaction), and stories not grouped yet are grouped by the next run.
    """
    counts: Counter = Counter()
    errors: list[str] = []
    interrupted = False
    grouped = 0
    with Archive(settings.archive_path) as archive:
        try:
            _ingest_all(archive, paths, counts, errors)
            from crawler.stories import assign_new_stories

            grouped = assign_new_stories(archive)
        except KeyboardInterrupt:
            interrupted = True
        total = archive.count_articles()
    head = "ingest interrupted (run the same command again to finish): " if interrupted else ""
    lines = [f"{head}ingested {counts['files']} file(s): {counts['new']} new, {counts['changed']} changed, "
             f"{counts['unchanged']} unchanged articles; {grouped} grouped into stories; {total} in the archive"]
    if errors:
        lines.append(f"skipped {len(errors)} file(s):")
        lines += [f"  error: {e}" for e in errors]
    return "\n".join(lines), len(errors), interrupted


def _ingest_all(archive: Archive, paths: list[Path], counts: Counter, errors: list[str]) -> None:
    """Each file in its own transaction; a file that cannot be read goes to ``errors``.

    Progress (on a terminal) is in bytes read, since one WARC file may hold thousands of pages.
    """
    files = [(path, _size(path)) for path in _files(paths, errors)]
    with tqdm(total=sum(size for _, size in files), unit="B", unit_scale=True, desc="ingest", disable=None,
              file=sys.stderr, dynamic_ncols=True) as bar:
        for path, size in files:
            _ingest_one(archive, path, counts, errors)
            bar.update(size)
            bar.set_postfix(articles=counts["new"] + counts["changed"] + counts["unchanged"], errors=len(errors),
                            refresh=False)


def _ingest_one(archive: Archive, path: Path, counts: Counter, errors: list[str]) -> None:
    try:
        saved = _ingest_file(archive, path)
    except PartlyRead as exc:
        errors.append(f"{path}: {exc}")
        saved = exc.saved
    except (OSError, ValueError, EOFError, gzip.BadGzipFile) as exc:
        errors.append(f"{path}: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the others
        errors.append(f"{path}: unreadable ({type(exc).__name__}: {exc})")
        return
    counts["files"] += 1
    for _, status in saved:
        counts[status] += 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _files(paths: list[Path], errors: list[str]):
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            yield path
        else:
            errors.append(f"{path}: no such file or directory")


def _kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"WARC/") or path.name.lower().endswith(WARC_SUFFIXES):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as fh:
            return "warc" if fh.read(5) == b"WARC/" else "unknown"
    lowered = head.lower()
    if path.suffix.lower() in HTML_SUFFIXES or b"<html" in lowered or b"<!doctype html" in lowered:
        return "html"
    if b"\x00" in head:
        return "unknown"
    return "text"


def _ingest_file(archive: Archive, path: Path) -> list[tuple[int, str]]:
    kind = _kind(path)
    if kind == "warc":
        return _ingest_warc(archive, path)
    if kind == "unknown":
        raise ValueError("not an HTML page, a WARC file or a text dump")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES >> 20} MB")
    data = path.read_bytes()
    if kind == "html":
        return _ingest_html(archive, path, data)
    text = decode_html(data)
    _, articles = parse_text_dump(text, source_name=path.name)
    return archive.save_articles(articles)


def _ingest_html(archive: Archive, path: Path, data: bytes) -> list[tuple[int, str]]:
    url = _page_url(data) or path.resolve().as_uri()
    articles = _listing_bulletins(data, url) or [extract_article(data, url, source="ingest")]
    if articles[0] is None:
        raise ValueError("no article text found in the page")
    # Keep the page itself, so the archived copy can be shown like a fetched one.
    response_id = archive.save_response({"url": url, "host": host_of(url) or "local", "status": 200,
                                         "headers": [["Content-Type", "text/html"]], "content_type": "text/html",
                                         "body": data})
    for article in articles:
        article.response_id = response_id
        if url.startswith("file:"):
            article.site = dateline_site(article.text) or "local"
    return archive.save_articles(articles)


def _listing_bulletins(data: bytes, url: str) -> list[Article]:
    """The bulletins of a saved listing page that shows them in full (and links no page of their own)."""
    text = decode_html(data)
    base = url if url.startswith(("http://", "https://")) else "http://saved.invalid/"
    if any(link.kind == "article" for link in page_links(text, base)):
        return []
    found = extract_listing(text, url, source="ingest")
    return found if len(found) >= 2 else []


def _page_url(data: bytes) -> str | None:
    """The URL a saved page names for itself (canonical link or og:url), if it is a web URL."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(decode_html(data[:200_000]))
    for selector, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(selector)
        href = node.attributes.get(attr) if node is not None else None
        if href and href.startswith(("http://", "https://")):
            link = classify(href)
            return link.url if link else href.split("#")[0]
    return None


def _ingest_warc(archive: Archive, path: Path) -> list[tuple[int, str]]:
    """Article pages among a WARC file's 200 HTML responses (streamed record by record)."""
    from warcio.archiveiterator import ArchiveIterator

    saved: list[tuple[int, str]] = []
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        try:
            _read_warc(archive, path, iterator, saved)
        except Exception as exc:  # noqa: BLE001 - warcio and gzip raise many types on a damaged file
            if not saved:
                raise
            raise PartlyRead(saved, f"damaged after {len(saved)} article(s), the rest skipped "
                                    f"({type(exc).__name__}: {exc})") from exc
    return saved


def _read_warc(archive: Archive, path: Path, iterator, saved: list[tuple[int, str]]) -> None:
    """Article pages among the 200 HTML responses, record by record."""
    for record in iterator:
        if record.rec_type != "response" or record.http_headers is None:
            continue
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if status != "200" or "html" not in content_type.lower() or record.rec_headers.get_header("WARC-Truncated"):
            continue
        link = classify(url) or as_page(url)
        # KPU article templates, and bulletins at permalinks of other shapes ("/web/rapat-pleno-terbuka/")
        # as the crawl archives them; never listings, menus or home pages.
        if link is None or not (link.kind == "article" or link.kind == "page" and looks_like_permalink(link)):
            continue
        raw = record.raw_stream.read()
        if record.length is not None and record.http_headers.total_len + len(raw) < record.length:
            raise ValueError(f"the record of {link.url} is cut short")  # a crash mid-write: never half an article
        body = decode_content(raw, record.http_headers.get_header("Content-Encoding"), MAX_FILE_BYTES)
        article = extract_article(body, link.url, content_type, source="ingest")
        if article is None:
            continue
        article.response_id = archive.save_response({
            "url": link.url, "host": host_of(link.url), "status": int(status),
            "headers": record.http_headers.headers, "content_type": content_type, "body": body,
            "warc_file": str(path), "warc_offset": iterator.get_record_offset()})
        saved += archive.save_articles([article])
