"""`warta demo`: local KPU-like sites, crawl, analyze, index and serve, offline, as a user runs it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import requests

from warta.demo import BULLETINS, MARKER, demo_settings, load_sites


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_bulletins_cover_both_templates_and_several_sites():
    sites = load_sites()
    assert {s["template"] for s in sites} == {"new", "old"} and len(sites) >= 3
    bulletins = [b for s in sites for b in s["bulletins"]]
    assert len(bulletins) >= 24
    assert all(b["title"] and b["date"] and len(b["paragraphs"]) >= 2 for b in bulletins)
    # Quotes with speakers are what the quote finder needs.
    assert sum("“" in p for b in bulletins for p in b["paragraphs"]) >= 24
    assert json.loads(BULLETINS.read_text(encoding="utf-8"))["note"]


def test_demo_folder_is_fresh_each_run_and_never_wipes_foreign_data(settings):
    first = demo_settings(settings)
    (first.data_dir / "leftover").write_text("x")
    second = demo_settings(settings)
    assert not (second.data_dir / "leftover").exists() and (second.data_dir / MARKER).exists()
    (second.data_dir / MARKER).unlink()
    try:
        demo_settings(settings)
    except RuntimeError as exc:
        assert "not a Warta demo folder" in str(exc)
    else:
        raise AssertionError("a folder without the marker was wiped")


def test_warta_demo_serves_the_crawled_bulletins(tmp_path):
    port = free_port()
    env = {**os.environ, "WARTA_DATA": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "warta.cli", "demo", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line)
            if f"http://127.0.0.1:{port}/" in line:
                break
        else:
            raise AssertionError("the demo ended without serving:\n" + "".join(lines))
        base = f"http://127.0.0.1:{port}"
        data = requests.get(f"{base}/api/search", params={"per_page": 100}, timeout=60).json()
        expected = sum(len(s["bulletins"]) for s in load_sites())
        assert data["total"] == expected
        assert len(data["facets"]["site"]) == len(load_sites())
        page = requests.get(f"{base}/search", params={"q": "pelantikan"}, timeout=60)
        assert page.status_code == 200 and "Lantik" in page.text
        article = requests.get(f"{base}/articles/{data['hits'][0]['article_id']}/archived", timeout=60)
        assert article.status_code == 200 and "&lt;html" in article.text.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert (Path(tmp_path) / "data" / "demo" / MARKER).exists()
