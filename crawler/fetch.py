"""Polite HTTP for one KPU host at a time, with every exchange written to WARC.

Politeness, in the spirit of Scrapy's settings: robots.txt is obeyed as RFC 9309
reads it (longest match wins, ``*`` and ``$`` wildcards; Protego, Scrapy's parser),
Crawl-delay included; requests to one host start at least ``delay`` seconds apart
(1 s by default) and never overlap; the User-Agent names Warta and a contact URL;
every read has a timeout and every response a deadline; timeouts, connection errors,
429 and 5xx are retried with exponential backoff and jitter, and a Retry-After header
is honoured; bodies are capped in size; redirects are followed only on the same host
and only to allowed paths, so no other host is ever contacted.

Every HTTP exchange goes to a WARC file (warcio), with the body exactly as sent
(still Content-Encoded), so the archive replays in standard web-archive tools.
"""

from __future__ import annotations

import io
import os
import random
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.discover import host_of
from warta.settings import USER_AGENT

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ROBOTS_AGENT = "Warta"
WARC_ROTATE_BYTES = 1 << 30
READ_CHUNK = 64 * 1024
STOPPING = "not complete: the crawl is stopping"
NOT_SENT = "not sent: the crawl is stopping"


@dataclass
class Policy:
    """Politeness and robustness settings for a crawl."""

    delay: float = 1.0              # seconds between request starts on one host (robots Crawl-delay may raise it)
    timeout: float = 20.0           # connect timeout, and the longest wait for any one read
    deadline: float = 120.0         # a whole response (headers and body) must come within this: else a timeout
    retries: int = 3                # extra attempts on timeouts, connection errors, 429 and 5xx
    backoff: float = 1.0            # first backoff wait; doubles per attempt, with jitter
    max_retry_wait: float = 300.0   # a longer Retry-After means "come back another day"
    max_bytes: int = 8 << 20        # response body cap (after decompression too)
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass
class Exchange:
    """One HTTP request and what came back (or the error that came instead)."""

    url: str
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    raw_body: bytes = b""           # as sent on the wire (Content-Encoding kept)
    body: bytes = b""               # Content-Encoding removed
    truncated: str | None = None    # why the body is incomplete: "length" (cap) or "disconnect"
    error: str | None = None
    fetched_at: float = 0.0
    elapsed: float = 0.0
    request_headers: dict = field(default_factory=dict)
    warc_file: str | None = None
    warc_offset: int | None = None
    sent: bool = True               # False: stopped (Ctrl-C, --max-pages) or refused before sending

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    def record(self) -> dict:
        """The fetch-log row for the archive."""
        return {"url": self.url, "host": host_of(self.url), "status": self.status, "headers": self.headers,
                "content_type": self.content_type, "body": self.body, "truncated": bool(self.truncated),
                "fetched_at": self.fetched_at, "elapsed": self.elapsed, "warc_file": self.warc_file,
                "warc_offset": self.warc_offset, "error": self.error}


class WarcLog:
    """A thread-safe WARC writer: one gzip member per record, flushed at once, rotated by size."""

    def __init__(self, warc_dir: Path, prefix: str = "warta") -> None:
        self.dir = Path(warc_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.lock = threading.Lock()
        self._file = None
        self._writer: WARCWriter | None = None
        self.path: Path | None = None

    def _open(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        self.path = self.dir / f"{self.prefix}-{stamp}-{os.getpid()}.warc.gz"
        self._file = open(self.path, "ab")
        self._writer = WARCWriter(self._file, gzip=True)

    def write(self, ex: Exchange) -> None:
        """Write the request and response records of ``ex``; sets its warc_file and warc_offset."""
        if ex.status is None:
            return  # no HTTP response to archive; the fetch log keeps the error
        date = datetime.fromtimestamp(ex.fetched_at, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = [(k, v) for k, v in ex.headers if k.lower() != "transfer-encoding"]
        http = StatusAndHeaders(f"{ex.status} {ex.reason}".strip(), headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if ex.truncated:
            warc_headers["WARC-Truncated"] = ex.truncated
        with self.lock:
            if self._writer is None or (self._file.tell() > WARC_ROTATE_BYTES):
                self.close()
                self._open()
            offset = self._file.tell()
            response = self._writer.create_warc_record(ex.url, "response", payload=io.BytesIO(ex.raw_body),
                                                       http_headers=http, warc_headers_dict=warc_headers)
            self._writer.write_record(response)
            path = urlsplit(ex.url)
            target = (path.path or "/") + (f"?{path.query}" if path.query else "")
            req = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", path.netloc), *ex.request_headers.items()],
                                   is_http_request=True)
            request = self._writer.create_warc_record(ex.url, "request", http_headers=req,
                                                      warc_headers_dict={"WARC-Date": date,
                                                                         "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
            self._writer.write_record(request)
            self._file.flush()
            ex.warc_file, ex.warc_offset = self.path.name, offset

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file, self._writer = None, None


class Budget:
    """Requests allowed to a whole crawl, over all its hosts (--max-pages); no limit if None. Thread-safe."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.used = 0
        self.refused = False  # a request was held back: the crawl stopped at the limit
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Count one request about to be sent; False when the budget is spent."""
        with self._lock:
            if self.limit is not None and self.used >= self.limit:
                self.refused = True
                return False
            self.used += 1
            return True


class HostClient:
    """Polite HTTP to one host. Not shared between threads: one host, one worker."""

    def __init__(self, origin: str, policy: Policy, warc: WarcLog, stop: threading.Event | None = None,
                 connect_to: str | None = None, budget: Budget | None = None) -> None:
        self.origin = origin.rstrip("/")
        self.host = host_of(origin)
        # Like curl --resolve: talk to this address (e.g. a local copy of the site) under the host's name.
        self.connect_to = connect_to.rstrip("/") if connect_to else None
        self.policy = policy
        self.warc = warc
        self.stop = stop or threading.Event()
        self.budget = budget or Budget()
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate",
                                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
        self.delay = policy.delay
        self.robots: Protego | None = None
        self.robots_error: str | None = None
        self._last_start = float("-inf")
        self._blocked_until = 0.0  # set by Retry-After and backoff

    # -- robots.txt ----------------------------------------------------------------

    def load_robots(self) -> list[Exchange]:
        """Fetch and parse robots.txt. Per RFC 9309: 4xx means no rules, 5xx or no answer means
        "disallow everything" for now."""
        exchanges = self.get(self.origin + "/robots.txt", check_robots=False)
        final = exchanges[-1]
        if final.status is not None and 200 <= final.status < 300:
            rules = final.body.decode("utf-8", "replace")
        elif final.status is not None and 400 <= final.status < 500:
            rules = ""
        else:
            rules = "User-agent: *\nDisallow: /\n"
            self.robots_error = f"robots.txt unavailable ({final.error or final.status}): host skipped"
        self.robots = Protego.parse(rules)
        crawl_delay = self.robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay:
            self.delay = max(self.delay, crawl_delay)
        return exchanges

    def allowed(self, url: str) -> bool:
        if host_of(url) != self.host:
            return False
        return self.robots is None or self.robots.can_fetch(url, ROBOTS_AGENT)

    def sitemaps(self) -> list[str]:
        """Sitemap URLs named by robots.txt, as written there."""
        return list(self.robots.sitemaps) if self.robots else []

    # -- requests --------------------------------------------------------------------

    def get(self, url: str, headers: dict | None = None, check_robots: bool = True) -> list[Exchange]:
        """GET with retries and same-host redirects; every exchange made, the final one last.

        Each exchange is already written to WARC. Never raises for network trouble: the
        final exchange carries the error instead.
        """
        exchanges: list[Exchange] = []
        for _ in range(self.policy.max_redirects + 1):
            if check_robots and not self.allowed(url):
                exchanges.append(Exchange(url, error="disallowed by robots.txt or another host", fetched_at=time.time(),
                                          sent=False))
                return exchanges
            ex = self._get_with_retries(url, headers or {}, exchanges)
            if ex.status not in REDIRECT_STATUSES or not ex.header("Location"):
                return exchanges
            url = urljoin(url, ex.header("Location"))
            if host_of(url) != self.host:
                ex.error = f"redirect to another host ({host_of(url)}) not followed"
                return exchanges
            headers = {}
        exchanges[-1].error = "too many redirects"
        return exchanges

    def _get_with_retries(self, url: str, headers: dict, exchanges: list[Exchange]) -> Exchange:
        for attempt in range(self.policy.retries + 1):
            ex = self._request(url, headers)
            exchanges.append(ex)
            retryable = ex.status in RETRY_STATUSES or (
                ex.error is not None and ex.truncated != "length" and "NameResolutionError" not in ex.error)
            if not retryable or attempt == self.policy.retries or self.stop.is_set():
                return ex
            wait = self.policy.backoff * (2 ** attempt) * random.uniform(0.5, 1.5)
            retry_after = _retry_after(ex.header("Retry-After"))
            if retry_after is not None:
                if retry_after > self.policy.max_retry_wait:
                    ex.error = f"Retry-After {retry_after:.0f}s is beyond the {self.policy.max_retry_wait:.0f}s limit"
                    return ex
                wait = max(retry_after, wait if ex.status is None else 0.0)
            # The wait applies to the whole host, not only to this URL.
            self._blocked_until = max(self._blocked_until, time.monotonic() + wait)
        return ex

    def _wait_turn(self) -> None:
        while not self.stop.is_set():
            remaining = max(self._last_start + self.delay, self._blocked_until) - time.monotonic()
            if remaining <= 0:
                break
            self.stop.wait(min(remaining, 0.5))

    def _request(self, url: str, headers: dict) -> Exchange:
        self._wait_turn()
        if self.stop.is_set() or not self.budget.take():
            self.stop.set()  # a spent budget stops the whole crawl, as Ctrl-C does
            return Exchange(url, error=NOT_SENT, fetched_at=time.time(), sent=False)
        started = time.monotonic()
        self._last_start = started
        ex = Exchange(url, fetched_at=time.time(), request_headers={**self.session.headers, **headers})
        target = url
        if self.connect_to:
            parts = urlsplit(url)
            target = self.connect_to + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            headers = {**headers, "Host": parts.netloc}
        try:
            with self.session.get(target, headers=headers, timeout=self.policy.timeout, stream=True,
                                  allow_redirects=False) as resp:
                ex.status, ex.reason = resp.status_code, resp.reason or ""
                ex.headers = list(resp.raw.headers.items())
                self._read_body(resp, ex, started + self.policy.deadline)
        except requests.Timeout:
            ex.error = f"timeout after {self.policy.timeout:g}s"
        except requests.RequestException as exc:
            # Keep the root cause's name (e.g. NameResolutionError: no such host, not worth retrying).
            cause = exc.args[0] if exc.args else exc
            reason = getattr(cause, "reason", None)
            ex.error = f"{type(exc).__name__}: {type(reason).__name__ + ': ' if reason else ''}{str(exc)[:300]}"
        ex.elapsed = time.monotonic() - started
        if ex.status is not None and ex.error and not ex.truncated:
            ex.truncated = "disconnect"
        if ex.error and ex.status is not None and (not ex.raw_body or ex.error == STOPPING):
            # Headers came but the body did not (or the crawl stopped reading it): treat it as no
            # answer, so it is retried, or fetched again by the next run.
            ex.status = None
        self.warc.write(ex)
        return ex

    def _read_body(self, resp: requests.Response, ex: Exchange, deadline: float) -> None:
        """Read the body up to the size cap, until ``deadline`` (monotonic), while the crawl goes on.

        The requests timeout bounds each socket read only, so a server sending a few bytes
        now and then would hold the worker for ever. read1 returns what one read brings,
        so the clock and the stop flag are looked at between reads.
        """
        cap = self.policy.max_bytes
        chunks, size = [], 0
        try:
            while chunk := resp.raw.read1(READ_CHUNK, decode_content=False):
                chunks.append(chunk)
                size += len(chunk)
                if size > cap:
                    ex.truncated = "length"
                    ex.error = f"response larger than {cap} bytes: truncated"
                    break
                if self.stop.is_set():
                    ex.truncated, ex.error = "disconnect", STOPPING
                    break
                if time.monotonic() > deadline:
                    # Retried and backed off like any timeout (WARC's own word for this cut is "time").
                    ex.truncated = "time"
                    ex.error = f"timeout: the response took more than {self.policy.deadline:g}s"
                    break
        except Exception as exc:  # noqa: BLE001 - urllib3 raises several types for a connection cut short
            ex.error = f"incomplete body: {type(exc).__name__}"
            ex.truncated = "disconnect"
        ex.raw_body = b"".join(chunks)[: cap + 1]
        ex.body = decode_content(ex.raw_body, ex.header("Content-Encoding"), cap)

    def close(self) -> None:
        self.session.close()


def decode_content(raw: bytes, encoding: str | None, cap: int) -> bytes:
    """Undo gzip/deflate Content-Encoding, never inflating beyond ``cap`` (zip bombs)."""
    encoding = (encoding or "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return raw
    try:
        wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
        inflater = zlib.decompressobj(wbits)
        return inflater.decompress(raw, cap)
    except zlib.error:
        try:
            return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, cap)
        except zlib.error:
            return raw


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
