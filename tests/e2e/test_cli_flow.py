"""The whole command line, as a user runs it: ingest, analyze, index, search, export.

Each step runs the installed ``warta`` command in a subprocess against one data
directory, so the stages meet only through the archive and the index.
"""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).parents[1] / "data" / "seed-berita-terkini.txt"


def warta(data: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warta.cli", "--data", str(data), *args],
        capture_output=True, text=True, timeout=300, check=check,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("flow")
    warta(data, "ingest", str(SEED))
    warta(data, "analyze", "--workers", "1")
    warta(data, "index")
    return data


def test_search_finds_the_seed_bulletins_with_facets(data_dir):
    out = json.loads(warta(data_dir, "search", "pelantikan", "--json").stdout)
    titles = [r["title"] for r in out["results"]]
    assert "990 Anggota PPS Dilantik" in titles  # "dilantik" meets "pelantikan" through the stemmer
    assert out["facets"]["event_type"], "facet counts come with the results"


def test_quotes_by_speaker(data_dir):
    out = json.loads(warta(data_dir, "search", "--quotes", "--person", "Lukman Hakim", "--json").stdout)
    assert out["total"] >= 2
    assert {r["speaker"] for r in out["results"]} == {"Lukman Hakim"}


def test_export_quotes_csv_names_speaker_and_url(data_dir):
    text = warta(data_dir, "export", "quotes", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert any(r["speaker"] == "Lukman Hakim" for r in rows)
    assert all(r["text"] for r in rows)


def test_reanalysis_and_reindex_change_nothing(data_dir):
    before = json.loads(warta(data_dir, "search", "", "--json", "--limit", "50").stdout)["total"]
    assert "nothing to analyze" in warta(data_dir, "analyze").stdout
    warta(data_dir, "index")
    after = json.loads(warta(data_dir, "search", "", "--json", "--limit", "50").stdout)["total"]
    assert before == after == 6


def test_bad_query_is_one_clear_line(data_dir):
    result = warta(data_dir, "search", "--from", "2024-01-01", "--to", "2023-01-01", check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["serve"], ["demo"]])
def test_a_port_in_use_is_one_line_before_any_work(tmp_path, command):
    import socket

    (tmp_path / "d").mkdir()  # serve refuses a data folder that does not exist before it looks at the port
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = warta(tmp_path / "d", *command, "--port", str(port), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use; choose another --port"]
