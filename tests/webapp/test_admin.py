"""Admin actions: refused anonymously, need the token and a CSRF token, run `warta` in the background."""

from __future__ import annotations

import re
import time

import pytest

from webapp.app import create_app
from webapp.views.admin import list_jobs


def csrf(client, path="/admin/") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def admin_token(client) -> str:
    return client.application.config["ADMIN_TOKEN"]


def jobs(client) -> list:
    """The jobs as any server process would list them (they are kept on disk)."""
    return list_jobs(client.application.config["WARTA_SETTINGS"].data_dir / "admin-logs")


def login(client) -> str:
    token = csrf(client)
    assert client.post("/admin/login", data={"token": admin_token(client), "csrf_token": token}).status_code == 303
    return token


def test_admin_is_disabled_without_a_configured_token(gold, monkeypatch):
    monkeypatch.delenv("WARTA_ADMIN_TOKEN", raising=False)
    client = create_app(gold[0], {"TESTING": True}).test_client()
    response = client.get("/admin/")
    assert response.status_code == 403 and "WARTA_ADMIN_TOKEN" in response.get_data(as_text=True)
    assert client.post("/admin/actions/reindex").status_code == 403


@pytest.mark.parametrize("action", ["crawl", "analyze", "reindex"])
def test_actions_are_refused_anonymously(client, action):
    token, before = csrf(client), len(jobs(client))  # even with a valid CSRF token
    response = client.post(f"/admin/actions/{action}", data={"csrf_token": token, "targets": "jatim"})
    assert response.status_code == 403
    assert len(jobs(client)) == before


def test_login_needs_the_right_token_and_csrf(client):
    token = csrf(client)
    assert client.post("/admin/login", data={"token": admin_token(client)}).status_code == 400  # no CSRF
    assert client.post("/admin/login", data={"token": "guess", "csrf_token": token}).status_code == 403
    assert client.post("/admin/login", data={"token": admin_token(client), "csrf_token": "forged"}).status_code == 400
    assert client.post("/admin/actions/analyze", data={"csrf_token": token}).status_code == 403


def test_logged_in_actions_still_need_csrf(client):
    login(client)
    before = len(jobs(client))
    assert client.post("/admin/actions/reindex").status_code == 400
    assert len(jobs(client)) == before


def test_crawl_targets_that_look_like_options_are_refused(client):
    token = login(client)
    for targets in ("--all", "-h", "", "jatim; rm -rf /", "javascript:alert(1)"):
        response = client.post("/admin/actions/crawl", data={"csrf_token": token, "targets": targets})
        assert response.status_code == 400, targets


def test_reindex_runs_warta_in_the_background(client):
    token = login(client)
    response = client.post("/admin/actions/reindex", data={"csrf_token": token})
    assert response.status_code == 303
    job = jobs(client)[0]  # the newest
    assert job.argv == ["index"] and job.status in ("running", "exit 0")
    deadline = time.time() + 120
    while job.status == "running" and time.time() < deadline:
        time.sleep(0.1)
    assert job.status == "exit 0", job.output_tail()
    html = client.get("/admin/").get_data(as_text=True)
    assert "warta index" in html and "exit 0" in html
    # Another server process (here: another app over the same data) lists the same job.
    other = create_app(client.application.config["WARTA_SETTINGS"],
                       {"TESTING": True, "ADMIN_TOKEN": admin_token(client), "SECRET_KEY": "other"}).test_client()
    login(other)
    assert job.id in other.get("/admin/").get_data(as_text=True)
    # After logout, actions are refused again.
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 303
    assert client.post("/admin/actions/reindex", data={"csrf_token": token}).status_code == 403
