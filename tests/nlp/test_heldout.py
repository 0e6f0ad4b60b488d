"""Extraction quality on bulletins the extractor was never tuned on.

``heldout.gold.jsonl`` holds 15 bulletins the team wrote in the style of other KPU sites
(other provinces and regencies, dateline forms, quote marks, cue verbs, ALL-CAPS names,
bylines) and annotated by GUIDELINES.md before the pipeline ever ran on them. The floors
sit a little below the scores measured (2026-11-28, pipeline 2026.11.28-10: persons
0.973, roles 0.968, places 0.976, dates 1.000, quotes 1.000, attributed quotes 1.000,
event types 0.950 since pipeline 2026.11.28-11, published 1.000), so a change that loses ground on unseen writing
fails here even when the dev set still passes. Raise them as the extractor improves;
never tune lexicons or rules to these documents.
"""

from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"

GOLD = EVAL / "heldout.gold.jsonl"
FLOORS = {
    "persons": 0.95, "roles": 0.93, "organizations": 0.91, "places": 0.95, "dates": 0.97, "quotes": 0.97,
    "attributed_quotes": 0.95, "event_types": 0.90,
}
PUBLISHED_FLOOR = 0.93


@pytest.fixture(scope="module")
def scores(score_gold):
    return score_gold(GOLD)


def test_every_bulletin_scored(scores):
    assert scores["documents"] == 15
    assert scores["missing_predictions"] == 0


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_floor(scores, field):
    assert scores[field]["f1"] >= FLOORS[field], f"{field}: {scores[field]}"


def test_published_accuracy_floor(scores):
    assert scores["published_accuracy"] >= PUBLISHED_FLOOR
