"""Fixtures: one gold archive and index per test session, and Flask test clients over it."""

from __future__ import annotations

import pytest

from gold_archive import build_index
from warta.settings import Settings
from webapp.app import create_app

ADMIN_TOKEN = "test-admin-token-1234"


@pytest.fixture(scope="session")
def gold(tmp_path_factory):
    """``(settings, gold id -> article id)`` of a real archive and index built from the gold data."""
    settings = Settings.from_dir(tmp_path_factory.mktemp("gold") / "data").ensure()
    return settings, build_index(settings)


@pytest.fixture
def app(gold):
    return create_app(gold[0], {"TESTING": True, "ADMIN_TOKEN": ADMIN_TOKEN, "SECRET_KEY": "test"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ids(gold):
    return gold[1]
