"""Web benchmark: concurrent clients on loopback against ``warta serve`` over a large synthetic index.

    .venv/bin/python bench/web.py --articles 100000 --users 10 --requests 400

1. builds (once, then reuses) a data folder with N synthetic bulletins and
   their analyses, indexed by ``index.writer.update_index``;
2. starts ``warta serve`` (waitress) on a free loopback port;
3. replays search pages (random words, facets, dates, sorts, pages), quote
   finder pages and person pages, first with 1 client (the baseline) and then
   with ``--users`` concurrent clients, and prints requests/s and p50/p95/p99
   latency for each page kind.

The synthetic bulletins are deterministic for a seed: sites, people with roles,
places, event types, dates from 2013 to 2026, and quotes with speakers, with
mention offsets as the analyzer gives them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.archive import Archive, Article  # noqa: E402
from warta.settings import Settings  # noqa: E402

EVENT_TYPES = ["rapat_koordinasi", "rapat_pleno", "pelantikan", "bimtek", "sosialisasi", "rekrutmen", "data_pemilih",
               "pencalonan", "kampanye", "pemungutan_suara", "rekapitulasi", "hukum_etik", "kelembagaan"]
FIRST = ["Ahmad", "Siti", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Nur", "Dwi", "Eko", "Fajar", "Lilik", "Made",
         "Putu", "Wayan", "Yusuf", "Rudi", "Sri", "Teguh", "Indah", "Arif", "Bambang", "Hadi", "Rizky", "Fitri",
         "Joko", "Lukman", "Aulia", "Dedi", "Ratna", "Slamet", "Yuni", "Gede", "Komang", "Ilham", "Rahmat"]
LAST = ["Hidayat", "Kusumawati", "Santoso", "Wijaya", "Lestari", "Prasetyo", "Hartono", "Maulana", "Rahmawati",
        "Purnomo", "Setiawan", "Handayani", "Ramadhan", "Sutrisno", "Kurniawan", "Aini", "Saputra", "Wibowo",
        "Nugroho", "Susanti", "Firmansyah", "Hakim", "Suryani", "Gunawan", "Pratama", "Utami", "Syahputra"]
PROVINCES = ["Jawa Timur", "Jawa Tengah", "Jawa Barat", "Sumatera Barat", "Sumatera Utara", "Bali", "Banten",
             "Nusa Tenggara Timur", "Kalimantan Tengah", "Daerah Istimewa Yogyakarta", "Lampung", "Riau", "Papua"]
REGION_WORDS = ["Malang", "Batu", "Sleman", "Jepara", "Probolinggo", "Denpasar", "Buleleng", "Kupang", "Padang",
                "Bantul", "Kediri", "Blitar", "Jember", "Banyuwangi", "Gresik", "Sidoarjo", "Magelang", "Klaten",
                "Bogor", "Bekasi", "Garut", "Cirebon", "Medan", "Binjai", "Tabanan", "Gianyar", "Serang", "Lebak"]
ROLES = ["Ketua KPU {r}", "Anggota KPU {r} Divisi Teknis Penyelenggaraan", "Sekretaris KPU {r}",
         "Anggota KPU {r} Divisi Perencanaan, Data dan Informasi", "Ketua Bawaslu {r}",
         "Anggota KPU {r} Divisi Sosialisasi dan Partisipasi Masyarakat", "Kepala Dinas Kependudukan {r}"]
WORDS = ("pemilih data tahapan pemilu rapat koordinasi pleno pelantikan anggota panitia pemungutan suara desa "
         "kelurahan kecamatan logistik surat kotak bilik tps kpps pps ppk pantarlih coklit daftar tetap sementara "
         "partai politik calon legislatif dprd verifikasi dokumen sosialisasi pendidikan masyarakat partisipasi "
         "pemilih pemula disabilitas kampanye alat peraga zona rekapitulasi hasil penghitungan saksi keberatan "
         "bawaslu pengawasan netralitas integritas anggaran arsip pegawai bimbingan teknis simulasi aplikasi sirekap "
         "silon sidalih jadwal evaluasi laporan dana hibah pengamanan distribusi gudang percetakan").split()
SYLLABLES = "ba be bi bo bu da de di do du ga gi gu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu " \
            "pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu wa wi ya yu ng an in un".split()
QUERY_WORDS = ["pemilih", "pelantikan", "logistik", "rekapitulasi", "kampanye", "sosialisasi", "coklit", "bawaslu",
               "anggaran", "verifikasi", "tps", "pantarlih", '"daftar pemilih"', "partai politik", "sirekap"]


# -- synthetic archive -----------------------------------------------------------------


class World:
    """The fixed cast of a synthetic KPU: sites, regions, people with roles, and a Zipf vocabulary."""

    def __init__(self, seed: int, people: int = 6000, sites: int = 550, vocabulary: int = 12000) -> None:
        rng = random.Random(seed)
        # KPU words first (the most frequent), then made-up words, with Zipf frequencies.
        made_up = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(vocabulary)}
        self.words = WORDS + sorted(made_up - set(WORDS))
        weights, total = [], 0.0
        for rank in range(len(self.words)):
            total += 1.0 / (rank + 3)
            weights.append(total)
        self.cum_weights = weights
        self.regions = []
        for i in range(sites):
            province = PROVINCES[i % len(PROVINCES)]
            word = REGION_WORDS[i % len(REGION_WORDS)] + ("" if i < len(REGION_WORDS) else f" {i // len(REGION_WORDS)}")
            kind = "Kota" if i % 5 == 0 else "Kabupaten"
            host = f"{'kota' if kind == 'Kota' else 'kab'}-{re.sub(r'[^a-z0-9]', '', word.lower())}.kpu.go.id"
            self.regions.append((host, f"{kind} {word}", province))
        self.people = []
        for i in range(people):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}" + (f" {rng.choice(LAST)}" if i % 3 == 0 else "")
            region = rng.randrange(len(self.regions))
            self.people.append((name, rng.choice(ROLES), region))
        self.people = list({p[0]: p for p in self.people}.values())
        self.by_region: dict[int, list[int]] = {}
        for idx, (_, _, region) in enumerate(self.people):
            self.by_region.setdefault(region, []).append(idx)

    def text(self, rng: random.Random, k: int) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.cum_weights, k=k))


def synthetic_articles(world: World, count: int, seed: int) -> Iterator[tuple[Article, dict]]:
    rng = random.Random(seed + 1)
    start, span = date(2013, 1, 1).toordinal(), date(2026, 10, 31).toordinal() - date(2013, 1, 1).toordinal()
    for n in range(count):
        region = rng.randrange(len(world.regions))
        host, region_name, province = world.regions[region]
        day = date.fromordinal(start + rng.randrange(span))
        local = world.by_region.get(region) or [rng.randrange(len(world.people))]
        cast = {rng.choice(local) for _ in range(rng.randint(1, 3))} | {rng.randrange(len(world.people))}
        events = rng.sample(EVENT_TYPES, rng.randint(1, 2))
        text, record = _bulletin(rng, world, host, region_name, province, day, sorted(cast), events, n)
        yield (Article(url=f"https://{host}/berita/baca/{n + 1}/bench-{n + 1}", site=host, text=text,
                       title=f"KPU {region_name} {' '.join(rng.sample(WORDS, 5)).title()}", published=day.isoformat(),
                       category="Berita Terkini", source="ingest"), record)


def _bulletin(rng, world, host, region_name, province, day, cast, events, n) -> tuple[str, dict]:
    parts: list[str] = []
    pos = 0
    mentions: dict[str, list[list[int]]] = {}

    def add(piece: str, mention: str | None = None) -> None:
        nonlocal pos
        if mention:
            mentions.setdefault(mention, []).append([pos, pos + len(piece)])
        parts.append(piece)
        pos += len(piece)

    quotes = []
    add(f"{host.capitalize()}, {day.day}-{day.month}-{day.year} KPU ")
    add(region_name, region_name)
    add(" " + world.text(rng, 30) + ". ")
    for i, idx in enumerate(cast):
        name, role, region = world.people[idx]
        role = role.format(r=world.regions[region][1])
        add(f"{role}, ")
        add(name, name)
        add(", " + world.text(rng, 25) + ". ")
        if i < 2 and rng.random() < 0.45:
            words = world.text(rng, rng.randint(10, 25)).capitalize()
            add("“")
            start = pos
            add(words)
            quotes.append({"text": words, "speaker": name, "role": role, "cue": "ujar", "start": start, "end": pos})
            add("” ujarnya. ")
    add(world.text(rng, 40) + f" di {province}.")
    mentions.setdefault(province, []).append([pos - len(province) - 1, pos - 1])
    persons = [{"name": world.people[i][0], "aliases": [], "titles": [],
                "roles": [world.people[i][1].format(r=world.regions[world.people[i][2]][1])],
                "mentions": mentions.get(world.people[i][0], [])} for i in cast]
    record = {
        "id": str(n + 1), "published": day.isoformat(), "persons": persons,
        "organizations": [{"name": f"KPU {region_name}", "mentions": []}, {"name": "Bawaslu", "mentions": []}],
        "places": [{"name": region_name, "kind": region_name.split()[0].lower(), "code": None, "province": province,
                    "regency": region_name, "mentions": mentions.get(region_name, [])},
                   {"name": province, "kind": "provinsi", "code": None, "province": province, "regency": None,
                    "mentions": mentions.get(province, [])}],
        "dates": [{"date": day.isoformat(), "text": f"{day.day}-{day.month}-{day.year}", "mentions": []}],
        "quotes": quotes, "event_types": events,
    }
    return "".join(parts), record


def build(settings: Settings, count: int, seed: int) -> World:
    """Archive and index ``count`` synthetic bulletins, unless the folder already holds them."""
    from index.writer import update_index

    world = World(seed)
    settings.ensure()
    with Archive(settings.archive_path) as archive:
        have = archive.count_articles()
        if have < count:
            print(f"archiving {count - have} synthetic bulletins ...", flush=True)
            started = time.monotonic()
            batch: list[tuple[Article, dict]] = []
            for item in synthetic_articles(world, count, seed):
                if len(batch) == 0 and archive.has_article(item[0].url):
                    continue
                batch.append(item)
                if len(batch) == 2000:
                    _save(archive, batch)
                    batch = []
            _save(archive, batch)
            print(f"  archived in {time.monotonic() - started:.0f} s", flush=True)
    print("indexing ...", flush=True)
    print(" ", update_index(settings), flush=True)
    return world


def _save(archive: Archive, batch: list[tuple[Article, dict]]) -> None:
    if not batch:
        return
    saved = archive.save_articles([a for a, _ in batch])
    archive.save_analyses([(article_id, "bench", record) for (article_id, _), (_, record) in zip(saved, batch)])


# -- load generation ---------------------------------------------------------------------


def search_urls(rng: random.Random, world: World, n: int) -> list[str]:
    from urllib.parse import urlencode

    urls = []
    for _ in range(n):
        params: list[tuple[str, str]] = []
        if rng.random() < 0.8:
            params.append(("q", rng.choice(QUERY_WORDS)))
        if rng.random() < 0.4:
            params.append(("event_type", rng.choice(EVENT_TYPES)))
        if rng.random() < 0.2:
            params.append(("site", rng.choice(world.regions)[0]))
        if rng.random() < 0.2:
            year = rng.randint(2014, 2025)
            params += [("from", f"{year}-01"), ("to", f"{year + rng.randint(0, 2)}-12")]
        if rng.random() < 0.3:
            params.append(("sort", "date"))
        if rng.random() < 0.2:
            params.append(("page", str(rng.randint(2, 5))))
        urls.append("/search?" + urlencode(params))
    return urls


def quote_urls(rng: random.Random, world: World, n: int) -> list[str]:
    from urllib.parse import urlencode

    urls = []
    for _ in range(n):
        params = [("q", rng.choice(QUERY_WORDS))] if rng.random() < 0.6 else []
        if rng.random() < 0.5:
            params.append(("person", rng.choice(world.people)[0]))
        urls.append("/quotes?" + urlencode(params))
    return urls


def person_urls(rng: random.Random, world: World, n: int) -> list[str]:
    from index.search import person_id

    return [f"/people/{person_id(rng.choice(world.people)[0])}" for _ in range(n)]


def run_load(base: str, urls: list[str], users: int, think: float = 0.0, seed: int = 0) -> dict:
    """GET every URL with ``users`` concurrent clients; latency percentiles and throughput.

    ``think``: mean seconds a user waits between two pages (exponential); 0 makes
    every client a saturating one.
    """
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = list(reversed(urls))

    def client(n: int) -> None:
        session = requests.Session()
        pause = random.Random(seed * 1000 + n)
        while True:
            if think:
                time.sleep(pause.expovariate(1 / think))
            with lock:
                if not queue:
                    return
                url = queue.pop()
            started = time.perf_counter()
            try:
                response = session.get(base + url, timeout=120)
                ok = response.status_code < 500  # a 400 (unknown facet value) is an answer too
                response.content
            except requests.RequestException as exc:
                ok, response = False, exc
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(f"{url}: {getattr(response, 'status_code', response)}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"requests": len(latencies), "rps": len(latencies) / wall, "p50": pct(0.50), "p95": pct(0.95),
            "p99": pct(0.99), "mean": statistics.fmean(ordered) * 1000, "errors": errors}


def start_server(settings: Settings, workers: int | None = None) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    processes = ["--workers", str(workers)] if workers else []
    proc = subprocess.Popen([sys.executable, "-m", "warta.cli", "--data", str(settings.data_dir), "serve",
                             "--port", str(port), *processes], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=ROOT)
    for line in proc.stdout:
        if f":{port}/" in line:
            break
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
    return proc, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="/tmp/warta-bench-web", help="data folder (reused between runs)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--requests", type=int, default=400, help="requests per page kind and run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds each user waits between pages (0: clients never pause)")
    parser.add_argument("--workers", type=int, default=None,
                        help="server processes (default: warta serve's own, one per core)")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args()

    settings = Settings.from_dir(args.data)
    world = build(settings, args.articles, args.seed)
    if args.build_only:
        return
    from crawler.archive import Archive as _Archive

    with _Archive(settings.archive_path, readonly=True) as archive:
        indexed = archive.count_articles()
    proc, base = start_server(settings, args.workers)
    rng = random.Random(args.seed)
    figures = {}
    try:
        run_load(base, search_urls(rng, world, 5) + person_urls(rng, world, 5), 1)  # warm the server's caches
        kinds = {"search": search_urls, "quotes": quote_urls, "person": person_urls}
        print(f"\n{indexed} bulletins; warta serve (waitress) at {base}; "
              f"{'no pause between pages' if not args.think else f'users pause {args.think} s on average'}")
        print(f"{'page':8} {'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
        for users in (1, args.users):
            for name, make in kinds.items():
                count = max(20, args.requests // (4 if users == 1 else 1))
                result = run_load(base, make(rng, world, count), users, think=args.think if users > 1 else 0.0,
                                  seed=args.seed)
                figures[f"{name}@{users}"] = {k: v for k, v in result.items() if k != "errors"}
                print(f"{name:8} {users:>7} {result['requests']:>8} {result['rps']:>7.1f} {result['p50']:>7.0f} "
                      f"{result['p95']:>7.0f} {result['p99']:>7.0f} {len(result['errors']):>6}", flush=True)
                for error in result["errors"][:3]:
                    print("   error:", error)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if args.json:
        print(json.dumps({"articles": indexed, "figures": figures}))


if __name__ == "__main__":
    main()
