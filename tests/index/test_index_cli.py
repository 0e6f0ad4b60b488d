"""The `warta index`, `warta search` and `warta export` commands, run as a user runs them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]


def warta(settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warta.cli", "--data", str(settings.data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_index_then_search_as_json(settings, gold, fill_archive):
    fill_archive(settings, gold)
    done = warta(settings, "index")
    assert done.returncode == 0 and f"{len(gold)} articles" in done.stdout
    found = warta(settings, "search", "dilantik", "--event-type", "pelantikan", "--limit", "3", "--json")
    assert found.returncode == 0
    payload = json.loads(found.stdout)  # one object
    assert set(payload) >= {"total", "results", "facets"}
    assert payload["total"] >= len(payload["results"]) > 0
    assert all("pelantikan" in r["event_types"] for r in payload["results"])
    assert dict(map(tuple, payload["facets"]["event_type"]))["pelantikan"] == payload["total"]
    text = warta(settings, "search", "", "--quotes", "--person", "Lukman Hakim", "--sort", "date")
    assert text.returncode == 0 and "Lukman Hakim" in text.stdout and "results" in text.stdout
    chairs = json.loads(warta(settings, "search", "--position", "ketua", "--json").stdout)
    assert chairs["total"] == dict(map(tuple, chairs["facets"]["position"]))["Ketua"] > 0
    newest = [r["published"] for r in chairs["results"]]  # no query: newest first
    assert newest == sorted(newest, reverse=True)
    again = warta(settings, "index")
    assert "0 articles" in again.stdout


@pytest.mark.parametrize("args, message", [
    (["search", '"unbalanced'], "quotation mark"),
    (["search", "x", "--person", "Nobody Known"], "unknown person"),
    (["search", "x", "--from", "2024-02-01", "--to", "2024-01-01"], "impossible date range"),
    (["search", "colour:red"], "unknown field"),
    (["export", "people", "(pemilu"], "parentheses"),
])
def test_user_errors_are_one_line_and_exit_non_zero(indexed, args, message):
    done = warta(indexed, *args)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_search_before_any_index_says_what_to_do(settings):
    done = warta(settings, "search", "pemilu")
    assert done.returncode != 0 and "warta index" in done.stderr and "Traceback" not in done.stderr


def test_export_to_file_and_stdout(indexed, tmp_path):
    out = tmp_path / "people.xlsx"
    done = warta(indexed, "export", "people", "--format", "xlsx", "--output", str(out))
    assert done.returncode == 0 and "exported" in done.stderr
    rows = list(openpyxl.load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("person_id", "name") and len(rows) > 10
    lines = warta(indexed, "export", "quotes", "pemilu", "--format", "jsonl").stdout.splitlines()
    assert lines and all(json.loads(line)["text"] for line in lines)


def test_searching_never_loads_spacy(indexed):
    code = ("import sys; from warta.settings import Settings; from index.search import Searcher;"
            f"s = Searcher(Settings.from_dir({str(indexed.data_dir)!r})); s.search('pemilu'); s.close();"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'nlp')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]"


def test_export_to_a_missing_folder_is_one_line(indexed, tmp_path):
    target = tmp_path / "no-such-folder" / "people.csv"
    done = warta(indexed, "export", "people", "--output", str(target))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [f"Error: cannot write {target}: No such file or directory"]


def test_a_page_past_the_end_says_so(indexed):
    total = json.loads(warta(indexed, "search", "pemilu", "--json").stdout)["total"]
    past = warta(indexed, "search", "pemilu", "--limit", "10", "--page", "1000")
    assert past.returncode == 0
    assert past.stdout.splitlines()[0] == f"{total} results; page 1000 is past the last page ({-(-total // 10)})"


def test_one_result_is_singular():
    from index.cli_output import print_results
    from index.query import Hit, SearchResult

    hit = Hit(kind="article", id="7", article_id=7, title="KPU Kota Batu Lantik PPS", url="http://kota-batu.kpu.go.id/b/7",
              site="kota-batu.kpu.go.id", published="2023-01-24", snippet="KPU Kota Batu <mark>melantik</mark>")
    out = io.StringIO()
    print_results(SearchResult(total=1, hits=[hit], facets={}, page=1, per_page=10), as_json=False, out=out)
    assert out.getvalue().splitlines()[0] == "1 result (showing 1-1)"


def test_search_help_explains_every_filter():
    done = subprocess.run([sys.executable, "-m", "warta.cli", "search", "--help"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    for option in ("--person", "--role", "--org", "--place", "--event-type", "--site", "--from", "--to"):
        line = next(l for l in done.stdout.splitlines() if l.strip().startswith(option + " "))
        assert len(line.split()) > 2, f"{option} has no help text"


@pytest.mark.parametrize("start, end, first, last", [
    ("2023", "2023", "2023-01-01", "2023-12-31"),
    ("2023-01", "2023-01", "2023-01-01", "2023-01-31"),
    ("2023-01-26", "2023-01-26", "2023-01-26", "2023-01-26"),
])
def test_a_partial_to_date_means_the_end_of_that_year_or_month(indexed, stored, start, end, first, last):
    done = warta(indexed, "search", "", "--from", start, "--to", end, "--limit", "1000", "--json")
    assert done.returncode == 0, done.stderr
    days = [r["published"] for r in json.loads(done.stdout)["results"]]
    expected = [a.published or r.get("published") for a, r in stored]
    assert len(days) == sum(1 for d in expected if d and first <= d <= last) > 0


@pytest.mark.parametrize("args, message", [
    (["export", "people", "--format", "pdf"], "Invalid value for '--format': 'pdf' is not one of"),
    (["export", "pictures"], "'pictures' is not one of 'articles', 'people'"),
    (["search", "x", "--sort", "foo"], "Invalid value for '--sort': 'foo' is not one of"),
    (["search", "x", "--from", "2024-13-01"], "Invalid value for '--from'"),
    (["search", "x", "--limit", "many"], "Invalid value for '--limit'"),
    (["search", "x", "--sorting", "date"], "--sorting"),
    (["export"], "Missing argument"),
    (["serach", "x"], "No such command 'serach'"),
])
def test_usage_errors_are_one_line_with_exit_status_2(settings, args, message):
    done = warta(settings, *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "--help" in lines[0]


def test_the_command_alone_still_shows_the_help():
    done = subprocess.run([sys.executable, "-m", "warta.cli"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Commands:" in done.stdout + done.stderr and "search" in done.stdout + done.stderr
