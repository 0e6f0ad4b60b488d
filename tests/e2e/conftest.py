"""Browser tests: the web app on waitress over a gold archive, driven by Debian's chromium via Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium (which
.ci/run installs). Without it, the tests are skipped with the reason. Each test
keeps a screenshot of its page in test-artifacts/.
"""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "webapp"))
from gold_archive import build_index  # noqa: E402

from warta.settings import Settings  # noqa: E402
from webapp.app import create_app  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Base URL of the web app, served by waitress on a free loopback port."""
    from waitress.server import create_server

    settings = Settings.from_dir(tmp_path_factory.mktemp("e2e") / "data").ensure()
    ids = build_index(settings)
    httpd = create_server(create_app(settings), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.effective_port}", ids
    # Closed from the server's own thread: closing its sockets under its select() raises EBADF there.
    httpd.trigger.pull_trigger(httpd.close)
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.js_errors = errors
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()
