"""The server keeps Searchers open between requests, and still sees every index update."""

from __future__ import annotations

from crawler.archive import Archive
from gold_archive import build_archive, load_gold
from index.writer import update_index
from webapp.app import create_app


def test_pages_see_new_bulletins_and_rebuilds_without_restart(settings):
    gold = load_gold(limit_dev=3)
    build_archive(settings, gold[:-1])
    update_index(settings)
    client = create_app(settings, {"TESTING": True}).test_client()
    assert client.get("/api/search").json["total"] == len(gold) - 1
    first_searcher = client.get("/api/search?q=kpu").json["total"]

    # A new bulletin is archived and indexed while the server runs.
    with Archive(settings.archive_path) as archive:
        before = archive.count_articles()
    build_archive(settings, gold[-1:])
    update_index(settings)
    assert client.get("/api/search").json["total"] == len(gold) == before + 1
    assert client.get("/api/search?q=kpu").json["total"] >= first_searcher

    # A rebuild switches to a new generation of the index; pages follow it.
    update_index(settings, rebuild=True)
    assert client.get("/api/search").json["total"] == len(gold)
    assert client.get("/search?q=kpu").status_code == 200


def test_a_server_started_before_the_first_index_sees_it_once_built(settings):
    client = create_app(settings, {"TESTING": True}).test_client()
    assert client.get("/api/search").status_code == 503
    gold = load_gold(limit_dev=2)
    build_archive(settings, gold)
    update_index(settings)
    assert client.get("/api/search").json["total"] == len(gold)
    build_archive(settings, load_gold(limit_dev=3)[-1:])
    update_index(settings)
    assert client.get("/api/search").json["total"] == len(gold) + 1
