"""A crawl killed with SIGKILL at any moment, started again, ends with every article exactly once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

from crawler.archive import Archive
from warta.kpusite import KpuSite, sample_bulletins


def _crawl(settings, urls, delay="0.05"):
    cmd = [sys.executable, "-m", "warta.cli", "--data", str(settings.data_dir), "crawl", *urls, "--delay", delay]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_sigkill_mid_crawl_then_resume(settings):
    with KpuSite(sample_bulletins(30, seed=4), per_page=4) as one, \
         KpuSite(sample_bulletins(20, seed=5), template="old", host="127.0.0.3") as two:
        sites = [one, two]
        for kill_after in (12, 35):
            proc = _crawl(settings, [one.url, two.url])
            deadline = time.time() + 60
            while sum(len(s.requests) for s in sites) < kill_after and time.time() < deadline and proc.poll() is None:
                time.sleep(0.01)
            assert proc.poll() is None, "the crawl ended before it could be killed"
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        with Archive(settings.archive_path) as archive:
            partial = archive.count_articles()
        proc = _crawl(settings, [one.url, two.url])
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "crawl finished" in out

        with Archive(settings.archive_path) as archive:
            urls = Counter(row[0] for row in archive.conn.execute("SELECT url FROM articles"))
            assert archive.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        expected = set(one.article_urls()) | set(two.article_urls())
        assert 0 < partial < len(expected)
        assert set(urls) == expected and max(urls.values()) == 1


def test_ctrl_c_stops_cleanly_with_a_summary_and_the_next_run_continues(settings):
    with KpuSite(sample_bulletins(20, seed=6)) as site:
        proc = _crawl(settings, [site.url], delay="0.1")
        deadline = time.time() + 60
        while len(site.requests) < 8 and time.time() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err  # interrupted, as a shell would report it
        assert "crawl interrupted" in out and "run the same command again to continue" in out
        out, _ = _crawl(settings, [site.url]).communicate(timeout=120)
        assert "crawl finished" in out
        with Archive(settings.archive_path) as archive:
            assert {a.url for a in archive.iter_articles()} == set(site.article_urls())


def test_a_second_ctrl_c_quits_at_once_even_while_a_server_is_silent(settings):
    with KpuSite(sample_bulletins(4, seed=7), faults={"hang"}, hang_seconds=120) as site:
        cmd = [sys.executable, "-m", "warta.cli", "--data", str(settings.data_dir), "crawl", site.url,
               "--delay", "0.05", "--timeout", "90"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        seen, still = -1, time.time()
        while time.time() - still < 1.5 and proc.poll() is None:  # until only the silent request is left
            if len(site.requests) != seen:
                seen, still = len(site.requests), time.time()
            time.sleep(0.05)
        assert proc.poll() is None and seen >= 3
        proc.send_signal(signal.SIGINT)
        time.sleep(1.0)
        assert proc.poll() is None  # the first Ctrl-C waits for the request under way
        asked = time.time()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130 and time.time() - asked < 10, err
        assert "Ctrl-C again to quit at once" in err and "run the same command again to continue" in err
        out, err = _crawl(settings, [site.url]).communicate(timeout=120)
        assert "crawl finished" in out, err
        with Archive(settings.archive_path) as archive:
            assert {a.url for a in archive.iter_articles()} == set(site.article_urls())
            assert archive.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
