"""Fixtures for part A's NLP tests: one pipeline per test session."""

import pytest

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
