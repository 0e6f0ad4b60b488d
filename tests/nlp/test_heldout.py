"""Extraction quality on bulletins written apart from the dev set, in the style of other KPU sites.

- ``heldout.gold.jsonl``: 15 bulletins the team wrote (other provinces and regencies,
  dateline forms, quote marks, cue verbs, ALL-CAPS names, bylines) and annotated by
  GUIDELINES.md before the pipeline ever ran on them. First measured 2026-11-28
  (pipeline 2026.11.28-10): persons 0.973, roles 0.968, places 0.976, dates 1.000,
  quotes 1.000, attributed quotes 1.000, event types 0.950, published 1.000.
- ``blind.gold.jsonl``: 24 bulletins of 24 other sites, written and annotated on
  2026-12-07 by a helper that never saw the code or its output. First measured before
  any change (pipeline 2026.12.07-22): persons 0.918, roles 0.922, organizations 0.855,
  places 0.948, dates 1.000, quotes 0.990, attributed quotes 0.857, event types 0.939,
  published 1.000.
- ``blind2.gold.jsonl``: 24 more, of 24 other sites and in deliberately uneven styles
  (run-on leads, passive voice, lists of officials, Q&A, names that are also places),
  written the same way after the fixes the first blind set prompted. First measured
  (pipeline 2026.12.07-26): persons 0.910, roles 0.836, organizations 0.887, places
  0.970, dates 1.000, quotes 1.000, attributed quotes 0.845, event types 0.954,
  published 0.917.

- ``blind3.gold.jsonl``: 20 more, of 20 other sites (rivers, towns off the region list,
  forms of address, priests), written the same way after the fixes the second set
  prompted. First measured (pipeline 2026.12.07-31): persons 0.915, roles 0.879,
  organizations 0.887, places 0.893, dates 0.974, quotes 1.000, attributed quotes
  0.909, event types 0.912, published 0.950.

- ``blind4.gold.jsonl``: 20 more, of 20 other sites, written the same way and left
  unread until the next session. First measured (pipeline 2026.12.07-34): persons
  0.919, roles 0.881, organizations 0.883, places 0.948, dates 1.000, quotes 1.000,
  attributed quotes 0.923, event types 0.909, published 1.000.

- ``blind6.gold.jsonl``: 20 more, of 20 other sites, written the same way while the
  fixes the fourth set prompted were being made. First measured (pipeline 2026.12.07-38):
  persons 0.960, roles 0.876, organizations 0.928, places 0.980, dates 1.000, quotes
  0.982, attributed quotes 0.946, event types 0.964, published 0.900.

- ``blind7.gold.jsonl``: 20 more, of 20 other sites, in the messier style of real
  regional pages (run-on leads, missing spaces, lower-case names and bodies), written
  while the sixth set's fixes were being made. First measured (pipeline 2026.12.07-46):
  persons 0.949, roles 0.867, organizations 0.940, places 0.955, dates 1.000, quotes
  1.000, attributed quotes 0.909, event types 0.877, published 0.900.

- ``blind8.gold.jsonl``: 20 more, of 20 other sites (Madurese, Butonese, Mandar, Timorese,
  Aru and highland Papuan names, nicknames, nobility), written the same way. First measured
  (pipeline 2026.12.07-52): persons 0.913, roles 0.805, organizations 0.890, places 0.945,
  dates 0.986, quotes 1.000, attributed quotes 0.902, event types 0.833, published 1.000.

- ``blind9.gold.jsonl``: 20 more, of 20 other sites (Sundanese, Karo, Tolaki, Sasak and
  Sikka names, forms of address, nicknames, announcements), written the same way. First
  measured (pipeline 2026.12.07-55): persons 0.896, roles 0.886, organizations 0.937,
  places 0.934, dates 0.986, quotes 1.000, attributed quotes 0.872, event types 0.929,
  published 0.900.

- ``blind10.gold.jsonl``: 20 more, of 20 other sites, written the same way. First measured
  (pipeline 2026.12.07-57): persons 0.912, roles 0.840, organizations 0.921, places 0.945,
  dates 1.000, quotes 1.000, attributed quotes 0.870, event types 0.847, published 1.000.

- ``blind11.gold.jsonl``: 20 more, of 20 other sites, written at the end of the session and
  scored once before any fix (pipeline 2026.12.07-58): persons 0.943, roles 0.896,
  organizations 0.928, places 0.961, dates 0.992, quotes 1.000, attributed quotes 0.952,
  event types 0.893, published 0.900; its misses were then read like the others'.

- ``blind5.gold.jsonl``: 20 bulletins of 20 other sites, written alongside ``blind6`` and
  held back, unread, through every fix of the session, then scored once (pipeline
  2026.12.07-58): persons 0.995, roles 0.954, organizations 0.933, places 0.925, dates
  1.000, quotes 1.000, attributed quotes 1.000, event types 0.862, published 1.000.

These sets have since been read for the patterns the extractor missed (religious
honorifics, Batak and Minangkabau names, numbered schools and commands, "X menjabat
Role", "demikian ditegaskan", offices of a territory, quotations of several paragraphs),
and the fixes were made as general rules and lexicon entries with tests of their own:
they are regression sets now, no longer unseen. The floors sit a little below the scores
today, so a change that loses ground on writing of other regions fails here even when
the dev set still passes. A new blind set, written the same way and scored once, is the
honest measure of generalization; ``blind5`` was one until it was scored, and its floors now
guard it like the others.
"""

from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"

SETS = {
    "blind11.gold.jsonl": (20, {"persons": 0.96, "roles": 0.90, "organizations": 0.90, "places": 0.93,
                                "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.94, "event_types": 0.86}),
    "blind5.gold.jsonl": (20, {"persons": 0.97, "roles": 0.93, "organizations": 0.91, "places": 0.90,
                               "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.96, "event_types": 0.83}),
    "blind10.gold.jsonl": (20, {"persons": 0.97, "roles": 0.89, "organizations": 0.90, "places": 0.92,
                                "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.92, "event_types": 0.82}),
    "blind9.gold.jsonl": (20, {"persons": 0.97, "roles": 0.94, "organizations": 0.91, "places": 0.92,
                               "dates": 0.96, "quotes": 0.97, "attributed_quotes": 0.93, "event_types": 0.90}),
    "blind8.gold.jsonl": (20, {"persons": 0.97, "roles": 0.88, "organizations": 0.87, "places": 0.92,
                               "dates": 0.96, "quotes": 0.97, "attributed_quotes": 0.92, "event_types": 0.80}),
    "blind7.gold.jsonl": (20, {"persons": 0.97, "roles": 0.92, "organizations": 0.92, "places": 0.93,
                               "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.96, "event_types": 0.85}),
    "blind6.gold.jsonl": (20, {"persons": 0.97, "roles": 0.91, "organizations": 0.95, "places": 0.95,
                               "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.95, "event_types": 0.93}),
    "blind4.gold.jsonl": (20, {"persons": 0.97, "roles": 0.93, "organizations": 0.90, "places": 0.92,
                               "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.94, "event_types": 0.90}),
    "blind3.gold.jsonl": (20, {"persons": 0.93, "roles": 0.91, "organizations": 0.88, "places": 0.89,
                               "dates": 0.95, "quotes": 0.97, "attributed_quotes": 0.94, "event_types": 0.90}),
    "blind2.gold.jsonl": (24, {"persons": 0.96, "roles": 0.95, "organizations": 0.91, "places": 0.94,
                               "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.92, "event_types": 0.92}),
    "heldout.gold.jsonl": (15, {"persons": 0.95, "roles": 0.93, "organizations": 0.91, "places": 0.95,
                                "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.95, "event_types": 0.90}),
    "blind.gold.jsonl": (24, {"persons": 0.96, "roles": 0.96, "organizations": 0.92, "places": 0.95,
                              "dates": 0.97, "quotes": 0.97, "attributed_quotes": 0.97, "event_types": 0.92}),
}
PUBLISHED_FLOOR = 0.93
# One bulletin of 20 is 0.05: blind11 has two whose day the pipeline misreads (a yearless dateline
# of a coklit a year before the election it names; a plenary "sejak Kamis (29/2)" that ended on 2/3).
PUBLISHED_FLOORS = {"blind11.gold.jsonl": 0.88}


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request, score_gold):
    return request.param, score_gold(EVAL / request.param)


def test_every_bulletin_scored(scored):
    name, scores = scored
    assert scores["documents"] == SETS[name][0]
    assert scores["missing_predictions"] == 0


def test_f1_floors(scored):
    name, scores = scored
    below = {field: scores[field]["f1"] for field, floor in SETS[name][1].items() if scores[field]["f1"] < floor}
    assert not below, f"{name}: below the floor: {below}"


def test_published_accuracy_floor(scored):
    name, scores = scored
    assert scores["published_accuracy"] >= PUBLISHED_FLOORS.get(name, PUBLISHED_FLOOR), name
