"""Crawl benchmark: a farm of local KPU-like hosts against the politeness bound, and extraction cost.

    .venv/bin/python bench/crawl.py [--hosts 20] [--pages 40] [--delay 0.2] [--latency 0.02]

The farm runs in its own process (so its threads do not share the crawler's GIL),
one KpuSite per host on 127.0.0.x addresses. The crawler may not start requests to
one host closer than ``delay`` apart, so it can never do better than hosts / delay
pages per second: the run prints the rate reached against that bound. Then it
times Warta's extraction (selectolax) and trafilatura's on the same archived
article pages, in CPU milliseconds per page.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.archive import Archive  # noqa: E402
from crawler.crawl import run_crawl  # noqa: E402
from crawler.extract import extract_article  # noqa: E402
from warta.kpusite import KpuSite, sample_bulletins  # noqa: E402
from warta.settings import Settings  # noqa: E402


def long_bulletins(count: int, seed: int) -> list[dict]:
    """Bulletins of about the length of real ones (pages of ~11 KB with the site's chrome)."""
    out = []
    for b in sample_bulletins(count, seed=seed, name=f"kab-uji{seed}.kpu.go.id"):
        extra = [p.replace("“", "").replace("”", "") for p in b["paragraphs"][1:]]
        b["paragraphs"] = b["paragraphs"] + extra * 4
        out.append(b)
    return out


def serve_farm(hosts: int, pages: int, latency: float, ports: mp.Queue, stop: mp.Event) -> None:
    sites = [KpuSite(long_bulletins(pages, seed=i), host=f"127.0.0.{10 + i}", latency=latency,
                     name=f"kab-uji{i}.kpu.go.id", per_page=10).start() for i in range(hosts)]
    ports.put([s.url for s in sites])
    stop.wait()
    for s in sites:
        s.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--pages", type=int, default=40, help="bulletins per host")
    ap.add_argument("--delay", type=float, default=0.2, help="politeness delay per host (scaled down from 1 s)")
    ap.add_argument("--latency", type=float, default=0.02, help="simulated server latency per response")
    args = ap.parse_args()

    ports: mp.Queue = mp.Queue()
    stop = mp.Event()
    farm = mp.Process(target=serve_farm, args=(args.hosts, args.pages, args.latency, ports, stop), daemon=True)
    farm.start()
    urls = ports.get(timeout=60)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.from_dir(tmp).ensure()
            started = time.perf_counter()
            cpu0 = time.process_time()
            result = run_crawl(settings, urls, delay=args.delay, concurrency=args.hosts, progress=False)
            total = time.perf_counter() - started
            wall = result.fetch_seconds  # story grouping runs after the fetch phase
            summary = result.summary
            cpu = time.process_time() - cpu0
            with Archive(settings.archive_path) as archive:
                requests = archive.count_responses()
                articles = archive.count_articles()
                bodies = [(row[0], archive.get_response(row[1])) for row in
                          archive.conn.execute("SELECT url, response_id FROM articles ORDER BY id LIMIT 300")]
            bound = args.hosts / args.delay
            rate = requests / wall
            print(summary.splitlines()[0])
            print(f"\nfarm: {args.hosts} hosts x {args.pages} bulletins, latency {args.latency * 1000:.0f} ms, "
                  f"delay {args.delay} s per host")
            print(f"crawl: {requests} requests, {articles} articles; fetching {wall:.1f} s, whole command {total:.1f} s "
                  f"(story grouping included), crawler CPU {cpu:.1f} s")
            print(f"rate: {rate:.1f} pages/s; politeness bound hosts/delay = {bound:.1f} pages/s; "
                  f"{100 * rate / bound:.0f}% of the bound")
            bench_extraction(bodies)
    finally:
        stop.set()
        farm.join(timeout=10)


def bench_extraction(pages: list[tuple[str, dict]]) -> None:
    import trafilatura

    bodies = [(url, r["body"], r["content_type"]) for url, r in pages if r and r["body"]]
    size = statistics.mean(len(b) for _, b, _ in bodies) / 1024
    for _, body, ctype in bodies[:5]:  # warm up both
        extract_article(body, "https://x.kpu.go.id/berita/baca/1/x", ctype)
        trafilatura.extract(body.decode("utf-8"))

    def per_page(fn) -> float:
        rounds = 3
        start = time.process_time()
        for _ in range(rounds):
            for url, body, ctype in bodies:
                fn(url, body, ctype)
        return (time.process_time() - start) / (rounds * len(bodies)) * 1000

    ours = per_page(lambda u, b, c: extract_article(b, u, c))
    theirs = per_page(lambda u, b, c: trafilatura.extract(b.decode("utf-8"), url=u))
    print(f"\nextraction on {len(bodies)} archived article pages of {size:.1f} KB on average (CPU ms per page):")
    print(f"  warta (selectolax): {ours:.2f} ms/page")
    print(f"  trafilatura:        {theirs:.2f} ms/page ({theirs / ours:.1f}x)")


if __name__ == "__main__":
    main()
