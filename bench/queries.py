"""Query-time benchmark on an existing index: phrases, quoted names, OR/NOT, filtered quotes.

    .venv/bin/python bench/queries.py --workdir /tmp/wbench100k [--repeat 10]

Reuses the index ``bench/index.py --workdir`` built (never rebuilds it). Per
query kind prints p50 / p95 in ms, "cold" with the postings and phrase caches
cleared before each run (as after a commit), and "warm" (cached).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.query import Filters  # noqa: E402
from index.search import Searcher  # noqa: E402
from warta.settings import Settings  # noqa: E402


def plan(searcher: Searcher) -> dict:
    people = [searcher.vocab.display[v] for v in searcher.vocab.ids_of_facet["person"][:2]]
    return {
        "phrase": lambda: searcher.search('"daftar pemilih"'),
        "phrase (3 words)": lambda: searcher.search('"komisi pemilihan umum"'),
        "OR": lambda: searcher.search("pemilih OR kampanye"),
        "NOT": lambda: searcher.search("pemilih NOT kampanye"),
        "quoted name": lambda: searcher.search(f'"{people[0]}"'),
        "quotes: phrase + person": lambda: searcher.search('"daftar pemilih"', Filters(person=(people[1],)),
                                                           kind="quotes"),
        "plain words": lambda: searcher.search("daftar pemilih"),
    }


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True, help="a bench/index.py --workdir with its index")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query kind")
    args = parser.parse_args()
    with Searcher(Settings.from_dir(args.workdir / "data")) as searcher:
        print(f"{'':26} {'cold p50 / p95':>18} {'warm p50 / p95':>18}  hits")
        for label, run in plan(searcher).items():
            cold, warm = [], []
            for _ in range(args.repeat):
                searcher.postings.cache.clear()
                started = time.perf_counter()
                result = run()
                cold.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                run()
                warm.append((time.perf_counter() - started) * 1000)
            (c50, c95), (w50, w95) = percentiles(cold), percentiles(warm)
            print(f"{label:26} {f'{c50:.0f} / {c95:.0f} ms':>18} {f'{w50:.0f} / {w95:.0f} ms':>18}  {result.total}")


if __name__ == "__main__":
    main()
