"""`warta serve --workers N`: several processes on one port, a dead one replaced, all stopped together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from webapp.server import QUICK_DEATH


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_workers_share_the_port_a_dead_one_is_replaced_and_sigterm_stops_all(gold):
    settings, _ = gold
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "warta.cli", "--data", str(settings.data_dir), "serve",
                             "--port", str(port), "--workers", "2"], stdout=subprocess.PIPE, text=True)
    try:
        assert "(2 processes" in proc.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        workers = wait_for(lambda: len(children(proc.pid)) == 2 and children(proc.pid))
        assert all(requests.get(f"{base}/api/search?q=pemilu", timeout=10).status_code == 200 for _ in range(20))
        time.sleep(QUICK_DEATH)  # a worker that dies at once is not restarted (it would die again)
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        replaced = wait_for(lambda: (now := children(proc.pid)) and len(now) == 2 and victim not in now and now)
        assert requests.get(f"{base}/search?q=pemilu", timeout=10).status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in replaced)  # no worker left behind
    finally:
        if proc.poll() is None:
            proc.kill()


def test_serve_starts_before_any_index_and_says_so(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "warta.cli", "--data", str(data), "serve", "--port", str(port),
                             "--workers", "1"], stdout=subprocess.PIPE, text=True)
    try:
        assert "Warta is serving" in proc.stdout.readline()
        response = wait_for(lambda: _get(f"http://127.0.0.1:{port}/search"))[0]
        assert response.status_code == 503 and "warta index" in response.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _get(url: str):
    """``[response]``, or None while nothing listens (a response with an error status is false)."""
    try:
        return [requests.get(url, timeout=10)]
    except requests.ConnectionError:
        return None
