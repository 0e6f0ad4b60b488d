"""Fixtures for the NLP tests: one pipeline per test session, and gold-file scoring."""

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from nlp.analyze import analyze_files

from nlp.pipeline import analyze_doc, get_pipeline


@pytest.fixture(scope="session")
def nlp():
    return get_pipeline()


@pytest.fixture
def analyze(nlp):
    """Analyze a text and return the ``warta`` annotations."""

    def run(text, **meta):
        return analyze_doc(text, meta, nlp).user_data["warta"]

    return run


EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"


@pytest.fixture(scope="session")
def score_gold(tmp_path_factory):
    """``score_gold(path)``: the score.py summary of the pipeline's output on a gold file."""
    return lambda gold: _score_gold(gold, tmp_path_factory.mktemp("gold"))


def _score_gold(gold: Path, tmp: Path) -> dict:
    src, out = tmp / "in.jsonl", tmp / "out.jsonl"
    with open(gold, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as dst:
        for line in fh:
            record = json.loads(line)
            # Only what a crawler would have: the annotations are never shown to the pipeline.
            dst.write(json.dumps({k: record.get(k) for k in ("id", "title", "text", "url")}, ensure_ascii=False) + "\n")
    analyze_files(str(src), str(out))
    spec = importlib.util.spec_from_file_location("warta_eval_score", EVAL / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main([str(gold), str(out), "--json"])
    return json.loads(buf.getvalue())
