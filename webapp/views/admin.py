"""Admin actions: start a crawl, re-analyze, reindex.

Each action runs the ``warta`` command line as a background process (the web
app never imports the crawler or the analyzer). Admin needs the configured
token (``WARTA_ADMIN_TOKEN``); with none configured it is disabled. Every form
carries a CSRF token, and the session cookie is SameSite=Strict.
"""

from __future__ import annotations

import hmac
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for

from webapp.backend import settings
from webapp.i18n import message, translate
from webapp.security import check_csrf

bp = Blueprint("admin", __name__, url_prefix="/admin")

# A crawl target is a KPU host name or an http(s) URL; nothing that could read as an option.
_TARGET = re.compile(r"^(https?://[^\s\"'<>]+|[a-z0-9][a-z0-9.-]{0,100})$", re.IGNORECASE)
MAX_TARGETS = 50


@dataclass
class Job:
    id: int
    action: str
    argv: list[str]
    log_path: str
    started: float = field(default_factory=time.time)
    process: subprocess.Popen | None = None

    @property
    def status(self) -> str:
        code = self.process.poll() if self.process else None
        return "running" if code is None else f"exit {code}"

    def output_tail(self, limit: int = 4000) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(0, 2)
                fh.seek(max(0, fh.tell() - limit))
                return fh.read().decode("utf-8", errors="replace")
        except OSError:
            return ""


def _jobs() -> list[Job]:
    return current_app.extensions.setdefault("warta_jobs", [])


def _token() -> str | None:
    return current_app.config.get("ADMIN_TOKEN") or None


def is_admin() -> bool:
    return bool(_token()) and session.get("admin_token_ok") is True


def _require_admin() -> None:
    if not _token():
        abort(403, description=translate("Admin is disabled: no admin token is configured (WARTA_ADMIN_TOKEN)."))
    if not is_admin():
        abort(403, description=translate("Log in with the admin token first."))


@bp.get("/")
def index():
    if not _token():
        abort(403, description=translate("Admin is disabled: no admin token is configured (WARTA_ADMIN_TOKEN)."))
    return render_template("admin.html", admin=is_admin(), jobs=list(reversed(_jobs())))


@bp.post("/login")
def login():
    if not _token():
        abort(403, description=translate("Admin is disabled: no admin token is configured (WARTA_ADMIN_TOKEN)."))
    check_csrf()
    sent = request.form.get("token", "")
    if not hmac.compare_digest(sent.encode(), _token().encode()):
        abort(403, description=translate("Wrong token."))
    session["admin_token_ok"] = True
    return redirect(url_for("admin.index"), code=303)


@bp.post("/logout")
def logout():
    check_csrf()
    session.pop("admin_token_ok", None)
    return redirect(url_for("admin.index"), code=303)


@bp.post("/actions/<action>")
def run_action(action: str):
    _require_admin()
    check_csrf()
    if action == "crawl":
        targets = request.form.get("targets", "").split()
        if not targets or len(targets) > MAX_TARGETS or not all(_TARGET.match(t) for t in targets):
            abort(400, description=message("Give 1 to {limit} KPU site names (kab-probolinggo) or http(s) URLs, "
                                           "separated by spaces.", limit=MAX_TARGETS))
        argv = ["crawl", "--", *targets]
    elif action == "analyze":
        argv = ["analyze"]
    elif action == "reindex":
        argv = ["index", "--rebuild"] if request.form.get("rebuild") else ["index"]
    else:
        abort(404, description=message("unknown action {action!r}", action=action[:40]))
    start_job(action, argv)
    flash(translate("Job started."))
    return redirect(url_for("admin.index"), code=303)


def start_job(action: str, argv: list[str]) -> Job:
    """Run ``warta --data DIR <argv>`` in the background, its output going to a log file."""
    jobs = _jobs()
    log_dir = settings().data_dir / "admin-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    job = Job(id=len(jobs) + 1, action=action, argv=argv,
              log_path=str(log_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-{len(jobs) + 1}-{action}.log"))
    command = [sys.executable, "-m", "warta.cli", "--data", str(settings().data_dir), *argv]
    with open(job.log_path, "wb") as log:
        job.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    # Reap the process when it ends, so no zombie is left behind.
    threading.Thread(target=job.process.wait, name=f"admin-job-{job.id}", daemon=True).start()
    jobs.append(job)
    return job
