"""``warta demo``: the whole pipeline, offline, on a small built-in KPU-like site family.

It starts local KPU-like sites (``warta/kpusite.py``) serving the bulletins of
``warta/demo_site/bulletins.json`` in both page templates, crawls them, analyzes
and indexes what it archived (under the sites' real KPU host names),
then serves the web app. The demo keeps its data
in a ``demo`` folder of the data directory, apart from any real archive, and
starts that folder afresh on every run (the local sites get new ports).
"""

from __future__ import annotations

import json
import shutil
import time
from contextlib import ExitStack
from pathlib import Path

from warta.settings import Settings

BULLETINS = Path(__file__).with_name("demo_site") / "bulletins.json"
MARKER = ".warta-demo"  # only a folder carrying this file is ever wiped


def demo_settings(settings: Settings) -> Settings:
    """A fresh demo data folder under the user's data directory."""
    folder = settings.data_dir / "demo"
    if folder.exists() and (folder / MARKER).exists():
        shutil.rmtree(folder)
    elif folder.exists() and any(folder.iterdir()):
        raise RuntimeError(f"{folder} exists and is not a Warta demo folder; move it away first")
    demo = Settings.from_dir(folder).ensure()
    (folder / MARKER).write_text("Created by `warta demo`; wiped on the next run.\n", encoding="utf-8")
    return demo


def load_sites(path: Path = BULLETINS) -> list[dict]:
    """The demo's sites: ``{"name", "template", "bulletins": [...]}`` each."""
    return json.loads(path.read_text(encoding="utf-8"))["sites"]


def build_demo(settings: Settings, delay: float = 0.05) -> Settings:
    """Crawl, analyze and index the demo sites into a fresh demo folder; returns its settings."""
    from crawler.crawl import run_crawl
    from index.writer import update_index
    from nlp.analyze import analyze_archive
    from warta.kpusite import KpuSite

    demo = demo_settings(settings)
    sites = load_sites()
    with ExitStack() as stack:
        servers = [stack.enter_context(KpuSite(site["bulletins"], template=site["template"], name=site["name"]))
                   for site in sites]
        for site, server in zip(sites, servers):
            _step(f"local site {site['name']} ({site['template']} template, {len(site['bulletins'])} bulletins) "
                  f"at {server.url}")
        started = time.monotonic()
        # The crawler connects to the local servers but archives under the real KPU host names,
        # so links, site facets and citations look as they would after a real crawl.
        hosts = {site["name"]: server.url for site, server in zip(sites, servers)}
        _step("crawling", run_crawl(demo, [f"http://{host}/" for host in hosts], delay=delay, resolve=hosts))
    _step("analyzing", analyze_archive(demo))
    _step("indexing", update_index(demo))
    _step(f"built in {time.monotonic() - started:.0f} s; data in {demo.data_dir}")
    return demo


def run_demo(settings: Settings, port: int = 8080, serve: bool = True) -> Settings:
    """Build the demo, then serve the web app on 127.0.0.1:``port`` unless ``serve`` is False."""
    demo = build_demo(settings)
    print(f"Try it on the command line too: warta --data {demo.data_dir} search pelantikan", flush=True)
    if serve:
        from webapp.server import serve as serve_app

        serve_app(demo, host="127.0.0.1", port=port)
    return demo


def _step(title: str, summary: object = None) -> None:
    line = f"[demo] {title}"
    if summary not in (None, ""):
        line += f": {summary}"
    print(line, flush=True)
