"""Admin actions: start a crawl, re-analyze, reindex.

Each action runs the ``warta`` command line as a background process (the web
app never imports the crawler or the analyzer). Admin needs the configured
token (``WARTA_ADMIN_TOKEN``); with none configured it is disabled. Every form
carries a CSRF token, and the session cookie is SameSite=Strict.
"""

from __future__ import annotations

import hmac
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for

from webapp.backend import settings
from webapp.i18n import message, translate
from webapp.security import check_csrf

bp = Blueprint("admin", __name__, url_prefix="/admin")

# A crawl target is a KPU host name or an http(s) URL; nothing that could read as an option.
_TARGET = re.compile(r"^(https?://[^\s\"'<>]+|[a-z0-9][a-z0-9.-]{0,100})$", re.IGNORECASE)
MAX_TARGETS = 50
_numbers = itertools.count(1)


@dataclass
class Job:
    """A background ``warta`` command, kept on disk so that every server process (and a restarted
    server) lists the same jobs: ``<id>.json`` when it starts, ``<id>.exit`` when it ends, ``<id>.log``."""

    id: str
    action: str
    argv: list[str]
    started: float
    pid: int
    folder: Path

    @property
    def log_path(self) -> Path:
        return self.folder / f"{self.id}.log"

    @property
    def status(self) -> str:
        try:
            return f"exit {int((self.folder / f'{self.id}.exit').read_text())}"
        except (OSError, ValueError):
            return "running" if _alive(self.pid) else "ended"

    def output_tail(self, limit: int = 4000) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(0, 2)
                fh.seek(max(0, fh.tell() - limit))
                return fh.read().decode("utf-8", errors="replace")
        except OSError:
            return ""


def job_folder() -> Path:
    return settings().data_dir / "admin-logs"


def list_jobs(folder: Path, limit: int = 50) -> list[Job]:
    """The latest jobs, newest first."""
    jobs = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit]:
        try:
            fields = json.loads(path.read_text(encoding="utf-8"))
            jobs.append(Job(id=path.stem, folder=folder, **fields))
        except (OSError, ValueError, TypeError):
            continue  # a job file being written, or damaged: not worth an error page
    return jobs


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
    return render_template("admin.html", admin=is_admin(), jobs=list_jobs(job_folder()))


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
    folder = job_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # Sortable by time, unique across the server's processes.
    job_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{next(_numbers)}-{action}"
    command = [sys.executable, "-m", "warta.cli", "--data", str(settings().data_dir), *argv]
    with open(folder / f"{job_id}.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    fields = {"action": action, "argv": argv, "started": time.time(), "pid": process.pid}
    (folder / f"{job_id}.json").write_text(json.dumps(fields), encoding="utf-8")

    def reap() -> None:
        # The exit status is written while the ended process is still a zombie (WNOWAIT), so that
        # no reader ever sees a job neither alive nor with its status; only then is it reaped.
        ended = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        code = ended.si_status if ended.si_code == os.CLD_EXITED else -ended.si_status
        partial = folder / f"{job_id}.exit.part"
        partial.write_text(str(code), encoding="ascii")
        os.replace(partial, folder / f"{job_id}.exit")  # whole or absent, never half-written
        process.wait()

    threading.Thread(target=reap, name=f"admin-job-{job_id}", daemon=True).start()
    return Job(id=job_id, folder=folder, **fields)
