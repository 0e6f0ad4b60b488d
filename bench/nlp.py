"""Benchmark of the NLP pipeline: docs/s and words/s next to stock spaCy tokenization.

    python bench/nlp.py [--repeat N] [--input FILE.jsonl]

Runs on the gold bulletins (tests/data/eval/*.gold.jsonl) unless --input is given.
In one process and on the same texts it measures: the start-up of Warta's
pipeline (every lexicon and gazetteer loaded), the full pipeline's throughput,
the throughput of stock ``spacy.blank("id")`` tokenization alone (and its
start-up), and peak memory (RSS high-water mark). Throughput is given per
second of wall time and per second of CPU time: on a shared machine the CPU
figure is the one-core speed, undisturbed by other processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_texts(paths: list[Path]) -> list[dict]:
    items = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    items.append({"id": r.get("id"), "text": r.get("text") or "", "title": r.get("title")})
    return items


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="passes over the texts (default 5)")
    ap.add_argument("--input", type=Path, action="append", help="JSON Lines with a 'text' field")
    a = ap.parse_args(argv)
    paths = a.input or sorted((ROOT / "tests" / "data" / "eval").glob("*.gold.jsonl"))
    items = load_texts(paths) * a.repeat
    words = sum(len(i["text"].split()) for i in items)

    t0 = time.perf_counter()
    import spacy  # noqa: F401  (import time is shared by both and reported apart)
    t_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    from nlp.analyze import analyze_item
    from nlp.pipeline import get_pipeline
    nlp = get_pipeline()
    analyze_item({"id": "warm-up", "text": "Ketua KPU Budi Santoso membuka rapat, Senin (2/1/2023)."})
    t_start = time.perf_counter() - t0
    mem_loaded = peak_mb()

    # The first pass meets every word for the first time (as an archive run mostly does);
    # later passes find them in spaCy's vocabulary. Both are reported.
    unique = len(items) // a.repeat
    t0, c0 = time.perf_counter(), time.process_time()
    for i, item in enumerate(items):
        analyze_item(item)
        if i == unique - 1:
            c_first = time.process_time() - c0
    t_full, c_full = time.perf_counter() - t0, time.process_time() - c0
    first_words = sum(len(i["text"].split()) for i in items[:unique])
    mem_full = peak_mb()

    t0 = time.perf_counter()
    stock = spacy.blank("id")
    t_stock_start = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    for doc in stock.pipe((i["text"] for i in items), batch_size=64):
        pass
    t_stock, c_stock = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    for doc in nlp.tokenizer.pipe((i["text"] for i in items), batch_size=64):
        pass
    t_tok, c_tok = time.perf_counter() - t0, time.process_time() - c0

    # Where the time goes: each component over the same texts.
    from nlp.pipeline import prepare_doc
    per_component = {name: 0.0 for name in nlp.pipe_names}
    t_make = 0.0
    for item in items:
        t0 = time.process_time()
        doc = prepare_doc(nlp, item["text"], {"title": item.get("title")})
        t_make += time.process_time() - t0
        for name, proc in nlp.pipeline:
            t0 = time.process_time()
            doc = proc(doc)
            per_component[name] += time.process_time() - t0

    n = len(items)
    print(f"texts: {n} bulletins ({len(items) // a.repeat} x {a.repeat}), {words} words")
    print(f"spacy import:                          {t_import:8.2f} s")
    print(f"warta pipeline start-up (all lexicons): {t_start:8.2f} s   components: {', '.join(nlp.pipe_names)}")
    print(f"stock spacy.blank('id') start-up:       {t_stock_start:8.2f} s")
    print(f"{'':40} {'docs/s':>10} {'words/s':>12} {'words/CPU s':>12}")
    for label, wall, cpu in (("warta full pipeline", t_full, c_full),
                             ("warta tokenizer only (curated exc.)", t_tok, c_tok),
                             ("stock spacy.blank(id) tokenization", t_stock, c_stock)):
        print(f"{label:40} {n / wall:10.1f} {words / wall:12.0f} {words / cpu:12.0f}")
    print(f"warta full pipeline, first pass only (every word new): {first_words / c_first:.0f} words/CPU s")
    # On a shared machine every figure moves with the load; their ratio to the yardstick,
    # measured in the same run, moves much less.
    print(f"relative to stock tokenization (words/CPU s): full pipeline {c_stock / c_full:.2f}, "
          f"first pass {(first_words / c_first) / (words / c_stock):.2f}")
    print("CPU seconds per component (same texts):", f"tokenizer {t_make:.2f}",
          *(f"{name.removeprefix('warta_')} {sec:.2f}" for name, sec in per_component.items()))
    print(f"peak RSS: {mem_loaded:.0f} MB after start-up, {mem_full:.0f} MB after the full run (stock tokenizer loaded later)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
