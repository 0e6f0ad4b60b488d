"""The crawl loop: KPU sites into the archive, politely, incrementally and resumably.

State lives in the archive (``frontier``), so a crawl killed at any moment and
started again continues where it stopped: an item's response, its article, the
links it offered and its "done" mark are committed in one transaction.

A run starts by fetching each site's entry pages again (home, sitemap, feeds,
first listing pages) with conditional requests (ETag, Last-Modified); pages that
did not change answer 304 and cost nothing more. A listing page fetched before
stops the paging as soon as it shows articles an earlier run archived.

One worker thread serves one host at a time (so requests to a host never
overlap), and ``concurrency`` hosts are crawled in parallel.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawler.archive import Archive
from crawler.discover import (LAST_PAGE, Link, as_page, classify, feed_link, feed_links, host_of, page_links,
                              sitemap_links)
from crawler.extract import extract_article, extract_listing, listing_heading
from crawler.fetch import Budget, Exchange, HostClient, Policy, WarcLog
from crawler.sites import all_sites, resolve_target
from warta.settings import Settings

MAX_ERRORS_SHOWN = 15
log = logging.getLogger(__name__)


@dataclass
class Stats:
    """Counters of one run, shared by the workers."""

    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    not_modified: int = 0
    articles: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0
    tried: set = field(default_factory=set)      # hosts with a page (or robots.txt) fetched or failed
    answered: set = field(default_factory=set)   # hosts where a page was archived, gone, or skipped by robots.txt
    lock: threading.Lock = field(default_factory=threading.Lock)

    error_count: int = 0

    def error(self, message: str) -> None:
        log.warning("%s", message)
        with self.lock:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS_SHOWN:  # the fetch log keeps them all; memory stays bounded
                self.errors.append(message)

    def outcome(self, host: str, answered: bool) -> None:
        with self.lock:
            self.tried.add(host)
            if answered:
                self.answered.add(host)

    def failed_hosts(self) -> set[str]:
        """Hosts tried in this run that gave nothing: unreachable, robots.txt unavailable, every page failed."""
        with self.lock:
            return self.tried - self.answered


@dataclass(frozen=True)
class CrawlResult:
    """What a crawl did: the summary to print, and what a caller needs to choose its exit status."""

    summary: str
    interrupted: bool = False   # Ctrl-C or SIGTERM: what was fetched is stored, the next run continues
    all_failed: bool = False    # no site could be crawled (unreachable, robots.txt unavailable, every page failed)
    fetch_seconds: float = 0.0  # the fetching phase, story grouping left out

    def __str__(self) -> str:
        return self.summary


def start_links(targets: list[str], all_sites_: bool) -> list[Link]:
    """Entry links for what the user asked: a site's home and sitemap, or the given URL itself."""
    urls = [site.url for site in all_sites()] if all_sites_ else []
    urls += [resolve_target(t) for t in targets]
    links: dict[str, Link] = {}
    for url in urls:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        given = as_page(url)
        if given is None:
            raise ValueError(f"cannot crawl {url!r}: not an http(s) URL")
        for link in (given, classify(origin + "/"), classify(origin + "/sitemap.xml")):
            links.setdefault(link.key, link)
    return list(links.values())


def run_crawl(settings: Settings, targets: list[str], all_sites: bool = False, delay: float | None = None,
              max_pages: int | None = None, concurrency: int = 8, *, timeout: float = 20.0, deadline: float = 120.0,
              retries: int = 3, backoff: float = 1.0, max_bytes: int = 8 << 20, progress: bool | None = None,
              resolve: dict[str, str] | None = None) -> CrawlResult:
    """Crawl the targets (site names, host names or URLs; or every KPU site) into the archive.

    ``resolve`` maps host names to the address to connect to instead ("kab-x.kpu.go.id" ->
    "127.0.0.1:8001"), like curl's --resolve: URLs and the archive keep the host's name.
    """
    links = start_links(targets, all_sites)
    resolve = {_host_name(host): _address(addr) for host, addr in (resolve or {}).items()}
    if delay is not None and delay < 0:
        raise ValueError("--delay must be zero or more")
    policy = Policy(delay=1.0 if delay is None else delay, timeout=timeout, deadline=deadline, retries=retries,
                    backoff=backoff, max_bytes=max_bytes)
    archive = Archive(settings.archive_path)
    warc = WarcLog(settings.warc_dir)
    try:
        crawler = Crawler(archive, warc, policy, max_pages=max_pages, concurrency=concurrency, progress=progress,
                          resolve=resolve)
        return crawler.run(links, targets or ["--all"])
    finally:
        warc.close()
        archive.close()


class Crawler:
    def __init__(self, archive: Archive, warc: WarcLog, policy: Policy, max_pages: int | None = None,
                 concurrency: int = 8, progress: bool | None = None, resolve: dict[str, str] | None = None) -> None:
        self.archive, self.warc, self.policy = archive, warc, policy
        self.resolve = resolve or {}
        self.max_pages, self.concurrency = max_pages, max(1, concurrency)
        self.progress = progress
        self.stop = threading.Event()
        self.budget = Budget(max_pages)  # every request counts, robots.txt included
        self.stats = Stats()
        self.run_id = 0
        self._bar = None

    # -- the run -------------------------------------------------------------------------

    def run(self, links: list[Link], targets: list[str]) -> CrawlResult:
        from tqdm import tqdm

        self.run_id = self.archive.start_run(targets)
        hosts = sorted({host_of(link.url) for link in links})
        origins = {host_of(link.url): f"{urlsplit(link.url).scheme}://{host_of(link.url)}" for link in links}
        self.archive.enqueue(links, self.run_id, refresh=True)
        self.archive.refresh_hosts(hosts, self.run_id)
        todo: queue.Queue[str] = queue.Queue()
        for host in hosts:
            todo.put(host)
        # progress None: a bar only when stderr is a terminal.
        self._bar = tqdm(total=self.archive.count_pending(hosts), unit="page", desc="crawl", dynamic_ncols=True,
                         disable=None if self.progress is None else not self.progress)
        self._hosts = hosts
        interrupted = False
        previous = _install_sigterm()
        pool = ThreadPoolExecutor(max_workers=min(self.concurrency, len(hosts)), thread_name_prefix="crawl")
        futures = [pool.submit(self._worker, todo, origins) for _ in range(min(self.concurrency, len(hosts)))]
        try:
            while any(not f.done() for f in futures):
                time.sleep(0.2)
            for f in futures:
                f.result()
        except KeyboardInterrupt:
            interrupted = True
            self.stop.set()
            print("\nstopping: finishing the requests under way (Ctrl-C again to quit at once)…",
                  file=sys.stderr, flush=True)
            try:
                pool.shutdown(wait=True)
            except KeyboardInterrupt:
                _quit_at_once()
        finally:
            pool.shutdown(wait=True)
            _restore_sigterm(previous)
            self._bar.close()
        self.fetch_seconds = time.monotonic() - self.stats.started
        grouping = time.monotonic()
        grouped = 0
        if not interrupted:
            from crawler.stories import assign_new_stories

            try:
                grouped = assign_new_stories(self.archive)
            except KeyboardInterrupt:
                interrupted = True  # articles are stored; those not grouped yet are grouped by the next run
        self.group_seconds = time.monotonic() - grouping
        summary = self._summary(hosts, interrupted, grouped)
        self.archive.finish_run(self.run_id, summary)
        return CrawlResult(summary, interrupted=interrupted, all_failed=self._all_failed(hosts),
                           fetch_seconds=self.fetch_seconds)

    def _worker(self, todo: queue.Queue, origins: dict[str, str]) -> None:
        while not self.stop.is_set():
            try:
                host = todo.get_nowait()
            except queue.Empty:
                return
            try:
                self._crawl_host(host, origins[host])
            except Exception as exc:  # noqa: BLE001 - one broken host must not end the crawl of the others
                self.stats.error(f"{host}: crawl of this host stopped: {type(exc).__name__}: {exc}")
                self.stats.outcome(host, answered=False)

    # -- one host -------------------------------------------------------------------------

    def _crawl_host(self, host: str, origin: str) -> None:
        client = HostClient(origin, self.policy, self.warc, self.stop, connect_to=self.resolve.get(host),
                            budget=self.budget)
        try:
            for ex in client.load_robots():
                if ex.sent:
                    self.archive.save_response(ex.record())
            if self.stop.is_set():
                return  # stopped while robots.txt was on its way: the host is not at fault
            if client.robots_error:
                self.stats.error(f"{host}: {client.robots_error}")
                self.stats.outcome(host, answered=False)
                return
            sitemaps = [feed_link(url, origin + "/") for url in client.sitemaps()]
            scheme = urlsplit(origin).scheme
            sitemaps = [Link(f"{scheme}://{s.url.split('://', 1)[1]}", s.kind, s.key) for s in sitemaps
                        if s and host_of(s.url) == host]
            self.archive.enqueue(sitemaps, self.run_id, refresh=True)
            while not self.stop.is_set():
                item = self.archive.next_pending(host)
                if item is None:
                    return
                self._fetch_item(client, item)
        finally:
            client.close()

    def _fetch_item(self, client: HostClient, item: dict) -> None:
        if not client.allowed(item["url"]):
            self.archive.complete_fetch(item["id"], self.run_id, "skipped", error="disallowed by robots.txt")
            with self.stats.lock:
                self.stats.skipped += 1
            self.stats.outcome(item["host"], answered=True)
            return
        headers = {}
        if item["etag"]:
            headers["If-None-Match"] = item["etag"]
        if item["last_modified"]:
            headers["If-Modified-Since"] = item["last_modified"]
        exchanges = client.get(item["url"], headers)
        final = exchanges[-1]
        if self.stop.is_set() and final.status is None:
            return  # interrupted mid-request: the item stays pending for the next run
        for ex in exchanges[:-1]:
            if ex.status is not None or ex.error:
                self.archive.save_response(ex.record())
        self._complete(item, final)
        self.stats.outcome(item["host"], answered=_answered(final))
        self._tick()

    def _complete(self, item: dict, ex: Exchange) -> None:
        record = ex.record() if (ex.status is not None or ex.error) else None
        if ex.status is None or ex.error:
            self._fail(item, ex, record, "failed")
        elif ex.status == 304:
            with self.stats.lock:
                self.stats.not_modified += 1
            self.archive.complete_fetch(item["id"], self.run_id, "done", record)
        elif ex.status in (404, 410):
            self._fail(item, ex, record, "gone")
        elif not 200 <= ex.status < 300:
            self._fail(item, ex, record, "failed")
        else:
            self._process_page(item, ex, record)

    def _fail(self, item: dict, ex: Exchange, record: dict | None, state: str) -> None:
        reason = ex.error or f"HTTP {ex.status}"
        self.stats.error(f"{item['url']}: {reason}")
        self.archive.complete_fetch(item["id"], self.run_id, state, record, error=reason)

    def _process_page(self, item: dict, ex: Exchange, record: dict) -> None:
        kind = item["kind"]
        links: list[Link] = []
        refresh: list[Link] = []
        article = None
        shown: list = []  # bulletins a listing shows in full
        error = None
        try:
            if kind == "sitemap":
                links = _found_on(sitemap_links(ex.body, ex.url), LAST_PAGE)
            elif kind == "feed":
                links = _found_on(feed_links(ex.body, ex.url), LAST_PAGE)
            else:
                tree = LexborHTMLParser(_text(ex))
                links = page_links(tree, ex.url, permalinks=kind in ("home", "listing"))
                if kind in ("home", "listing"):
                    links = _found_on(links, 0 if kind == "home" else item["page"])
                if kind == "listing":
                    links = _with_category(links, listing_heading(tree))
                    if not any(link.kind == "article" for link in links):
                        shown = extract_listing(ex.body, item["url"], ex.content_type)
                    links, refresh = self._paging(item, links, shown)
                if kind in ("article", "page"):
                    hints = json.loads(item["hints"]) if item["hints"] else {}
                    article = extract_article(ex.body, self._article_url(item, ex), ex.content_type, hints)
                    if article is None:
                        error = "no article text found on the page"
                        if "found" not in hints:  # a page only guessed to be a bulletin may well not be one
                            self.stats.error(f"{item['url']}: {error}")
        except Exception as exc:  # noqa: BLE001 - hostile page: log it, keep the response, go on
            error = f"could not read the page: {type(exc).__name__}: {exc}"
            self.stats.error(f"{item['url']}: {error}")
        also_done = []
        final_link = classify(ex.url)
        if final_link and final_link.key != item["key"]:
            also_done.append(final_link.key)  # reached by a redirect: the target is archived too
            links = [link for link in links if link.key != final_link.key]
            self.archive.enqueue([final_link], self.run_id)
        _, statuses = self.archive.complete_fetch(
            item["id"], self.run_id, "done", record, article=article, links=links, refresh_links=refresh,
            etag=ex.header("ETag"), last_modified=ex.header("Last-Modified"), error=error, also_done=also_done,
            articles=shown)
        with self.stats.lock:
            self.stats.articles.update(statuses)

    def _paging(self, item: dict, links: list[Link], shown: list) -> tuple[list[Link], list[Link]]:
        """Split a listing page's links; the next page is fetched again unless this page, seen in an
        earlier run, already shows articles archived before (linked, or shown in full)."""
        listing_id = item["key"].rsplit("p", 1)[0]
        nxt = [l for l in links if l.kind == "listing" and l.page == item["page"] + 1 and l.key.startswith(listing_id + "p")]
        others = [l for l in links if l not in nxt]
        article_keys = [l.key for l in links if l.kind == "article"]
        seen_before = item["fetched_at"] is not None
        with self.archive.lock:
            known = self.archive.known_before(article_keys, self.run_id) or any(
                self.archive.has_article(a.url) for a in shown)
        if seen_before and known:
            return [l for l in others if l.kind != "listing" or l.page <= item["page"]], []
        return others, nxt

    def _article_url(self, item: dict, ex: Exchange) -> str:
        """The canonical URL, as the site itself names the article once redirects are followed."""
        final = classify(ex.url)
        return final.url if final is not None and final.kind == item["kind"] else item["url"]

    # -- progress and summary --------------------------------------------------------------

    def _tick(self) -> None:
        with self.stats.lock:
            self.stats.pages += 1
            errors = self.stats.error_count
            new = self.stats.articles["new"]
        if self._bar is not None and not self._bar.disable:
            self._bar.total = self.stats.pages + self.archive.count_pending(self._hosts)
            self._bar.set_postfix(articles=new, errors=errors, refresh=False)
            self._bar.update(1)

    def _all_failed(self, hosts: list[str]) -> bool:
        return bool(hosts) and len(self.stats.failed_hosts()) == len(hosts)

    def _outcome(self, hosts: list[str], interrupted: bool) -> str:
        """The summary's first words: how the crawl ended, and why if early."""
        if interrupted:
            return "crawl interrupted"
        if self.budget.refused:
            return f"crawl stopped at --max-pages {self.max_pages}"
        if self._all_failed(hosts):
            return "crawl failed: no site could be crawled"
        if failed := len(self.stats.failed_hosts()):
            return f"crawl finished; {failed} of {len(hosts)} sites could not be crawled"
        return "crawl finished"

    def _summary(self, hosts: list[str], interrupted: bool, grouped: int) -> str:
        s = self.stats
        elapsed = self.fetch_seconds
        pending = self.archive.count_pending(hosts)
        lines = [
            f"{self._outcome(hosts, interrupted)} (run {self.run_id}): {len(hosts)} site(s), {self.budget.used} requests, "
            f"{s.pages} pages ({s.not_modified} not modified) in {elapsed:.1f} s, "
            f"{s.pages / elapsed if elapsed else 0:.1f} pages/s",
            f"articles: {s.articles['new']} new, {s.articles['changed']} changed, {s.articles['unchanged']} unchanged; "
            f"{grouped} grouped into stories ({self.group_seconds:.1f} s); {self.archive.count_articles()} in the archive",
            f"skipped by robots.txt: {s.skipped}; errors: {s.error_count}; still to fetch: {pending}"
            + (" (run the same command again to continue)" if pending else ""),
        ]
        for message in s.errors[:MAX_ERRORS_SHOWN]:
            lines.append(f"  error: {message}")
        if s.error_count > MAX_ERRORS_SHOWN:
            lines.append(f"  … and {s.error_count - MAX_ERRORS_SHOWN} more errors (see the responses table)")
        return "\n".join(lines)


def _answered(ex: Exchange) -> bool:
    """The site gave an answer that settles the page: archived, not modified, or gone."""
    return ex.status is not None and not ex.error and (200 <= ex.status < 300 or ex.status in (304, 404, 410))


def _host_name(name: str) -> str:
    """A host for --resolve: a KPU site name ("kab-probolinggo"), a host name or a URL."""
    name = name.strip()
    return host_of(resolve_target(name)) if "." not in name else host_of(name if "://" in name else f"http://{name}")


def _address(addr: str) -> str:
    """'127.0.0.1:8001' or 'http://127.0.0.1:8001' -> 'http://127.0.0.1:8001'."""
    addr = addr.strip().rstrip("/")
    if not addr.startswith(("http://", "https://")):
        addr = "http://" + addr
    if not urlsplit(addr).hostname:
        raise ValueError(f"not an address to connect to: {addr!r}")
    return addr


def _found_on(links: list[Link], page: int) -> list[Link]:
    """Article (and page) links remember the listing page they were found on; it sets their turn."""
    return [replace(l, page=page) if l.kind in ("article", "page") else l for l in links]


def _with_category(links: list[Link], category: str | None) -> list[Link]:
    """Article (and page) links of a listing carry the listing's heading as their category hint."""
    if not category:
        return links
    return [Link(l.url, l.kind, l.key, l.page, {**l.hints, "category": category}) if l.kind in ("article", "page")
            else l for l in links]


def _text(ex: Exchange) -> str:
    from crawler.extract import decode_html

    return decode_html(ex.body, ex.content_type)


def _quit_at_once() -> None:
    """A second Ctrl-C: leave without waiting for a silent server's read timeout. Every stored
    article and frontier entry is committed, as after kill -9 (which the archive is built to
    survive); the requests under way are simply asked again by the next run."""
    print("quitting: what was stored is kept; run the same command again to continue", file=sys.stderr, flush=True)
    os._exit(130)  # the pool's threads are blocked in socket reads: a normal exit would wait for them


def _install_sigterm():
    """SIGTERM stops the crawl as cleanly as Ctrl-C (only possible from the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_sigterm(previous) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)
