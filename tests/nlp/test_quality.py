"""Extraction quality on the dev gold bulletins, scored by the project's scorer.

The floors are the targets of the issue. The pipeline runs on id/title/text/url
only (the gold annotations are never shown to it).
"""

import importlib.util
import json
from pathlib import Path

import pytest

from nlp.analyze import analyze_files

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
FLOORS = {
    "persons": 0.95, "roles": 0.85, "places": 0.90, "dates": 0.95, "quotes": 0.95,
    "attributed_quotes": 0.90, "event_types": 0.80,
}
PUBLISHED_FLOOR = 0.95


def _scorer():
    spec = importlib.util.spec_from_file_location("warta_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quality")
    src, out = tmp / "in.jsonl", tmp / "out.jsonl"
    with open(EVAL / "dev.gold.jsonl", encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as dst:
        for line in fh:
            gold = json.loads(line)
            dst.write(json.dumps({k: gold.get(k) for k in ("id", "title", "text", "url")}, ensure_ascii=False) + "\n")
    analyze_files(str(src), str(out))
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _scorer().main([str(EVAL / "dev.gold.jsonl"), str(out), "--json"])
    return json.loads(buf.getvalue())


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_floor(scores, field):
    assert scores["missing_predictions"] == 0
    assert scores[field]["f1"] >= FLOORS[field], f"{field}: {scores[field]}"


def test_published_accuracy_floor(scores):
    assert scores["published_accuracy"] >= PUBLISHED_FLOOR
