"""Extraction quality on bulletins the extractor was never tuned on.

``heldout.gold.jsonl`` holds 15 bulletins the team wrote in the style of other KPU sites
(other provinces and regencies, dateline forms, quote marks, cue verbs, ALL-CAPS names,
bylines) and annotated by GUIDELINES.md before the pipeline ever ran on them. The floors
sit a little below the scores measured (2026-11-28, pipeline 2026.11.28-10: persons
0.973, roles 0.968, places 0.976, dates 1.000, quotes 1.000, attributed quotes 1.000,
event types 0.810, published 1.000), so a change that loses ground on unseen writing
fails here even when the dev set still passes. Raise them as the extractor improves;
never tune lexicons or rules to these documents.
"""

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from nlp.analyze import analyze_files

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
GOLD = EVAL / "heldout.gold.jsonl"
FLOORS = {
    "persons": 0.95, "roles": 0.93, "places": 0.95, "dates": 0.97, "quotes": 0.97,
    "attributed_quotes": 0.95, "event_types": 0.75,
}
PUBLISHED_FLOOR = 0.93


def _scorer():
    spec = importlib.util.spec_from_file_location("warta_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("heldout")
    src, out = tmp / "in.jsonl", tmp / "out.jsonl"
    with open(GOLD, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as dst:
        for line in fh:
            gold = json.loads(line)
            # Only what a crawler would have: the annotations are never shown to the pipeline.
            dst.write(json.dumps({k: gold.get(k) for k in ("id", "title", "text", "url")}, ensure_ascii=False) + "\n")
    analyze_files(str(src), str(out))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _scorer().main([str(GOLD), str(out), "--json"])
    return json.loads(buf.getvalue())


def test_every_bulletin_scored(scores):
    assert scores["documents"] == 15
    assert scores["missing_predictions"] == 0


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_floor(scores, field):
    assert scores[field]["f1"] >= FLOORS[field], f"{field}: {scores[field]}"


def test_published_accuracy_floor(scores):
    assert scores["published_accuracy"] >= PUBLISHED_FLOOR
