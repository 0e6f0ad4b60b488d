"""Fixtures for the crawler tests: local KPU-like sites on 127.0.0.1."""

import pytest

from warta.kpusite import KpuSite, sample_bulletins


@pytest.fixture
def make_site():
    """Start KpuSite instances for a test and stop them afterwards."""
    started = []

    def factory(count=12, seed=0, **kwargs):
        site = KpuSite(sample_bulletins(count, seed=seed), **kwargs).start()
        started.append(site)
        return site

    yield factory
    for site in started:
        site.stop()


# Tiny delays keep the tests fast; the default stays 1 s per host.
FAST = dict(delay=0.05, timeout=1.0, deadline=10.0, backoff=0.1, progress=False)


@pytest.fixture
def fast() -> dict:
    """Crawl options for tests: tiny politeness delay, short timeouts, no progress bar."""
    return dict(FAST)
