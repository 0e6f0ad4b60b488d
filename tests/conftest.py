"""Shared fixtures: every test gets its own data directory."""

import pytest

from warta.settings import Settings


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("WARTA_DATA", str(tmp_path / "data"))
    return Settings.from_dir(tmp_path / "data").ensure()
