"""``warta serve``: the app on waitress, in one process or several.

Python runs one thread at a time, so a single process uses one core however
many threads waitress has. With ``workers`` > 1 the parent binds the socket,
then forks that many processes that all accept on it (the kernel hands each
connection to one of them), and replaces a worker that dies. The app is created
before the fork, so every worker has the same secret key and shares the memory
the parent loaded.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import time

from flask import Flask

from warta.settings import Settings
from webapp.app import create_app

log = logging.getLogger(__name__)

QUICK_DEATH = 2.0  # seconds: a worker dying this soon would die again; stop instead of looping


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8080, threads: int = 8,
          workers: int = 1) -> None:
    """Serve until interrupted; prints the address once it is listening."""
    app = create_app(settings)
    sock = socket.create_server((host, port), backlog=1024)
    workers = workers if hasattr(os, "fork") else 1
    _warm_up(app, settings)
    print(f"Warta is serving {settings.data_dir} at http://{host}:{sock.getsockname()[1]}/  "
          f"({workers} process{'es' if workers > 1 else ''}; Ctrl-C to stop)", flush=True)
    if workers == 1:
        _run(app, sock, threads)
        return
    _supervise(app, sock, threads, workers)


def _warm_up(app: Flask, settings: Settings) -> None:
    """Load once, before forking, what every request needs; then hide it from the garbage collector.

    Browsing the index once loads what every Searcher of a process shares
    (facet arrays, vocabulary, the counts of all bulletins and of all quotes,
    the order by date), and the templates are compiled: the first requests of
    each worker no longer pay for them, and the workers share those pages.
    ``gc.freeze()`` then moves every object alive to a permanent generation. A
    full collection otherwise walks all of them, tens of milliseconds during
    which every thread of the process waits (a tail of slow pages under
    load); it would also write to the shared pages and so copy them per worker.
    """
    from index.analyzer import text_term
    from index.query import KINDS
    from index.search import Searcher

    try:
        with Searcher(settings) as searcher:
            for kind in KINDS:
                searcher.search("", kind=kind, sort="date", per_page=1)
    except Exception as exc:  # no index yet: pages say so (503) until one is built
        log.info("no search index to load yet: %s", exc)
    text_term("pemilihan")  # loads the stemmer's dictionary
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    gc.collect()
    gc.freeze()


def _run(app: Flask, sock: socket.socket, threads: int) -> None:
    from waitress.server import create_server

    server = create_server(app, sockets=[sock], threads=threads, ident="warta")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _supervise(app: Flask, sock: socket.socket, threads: int, workers: int) -> None:
    """Fork the workers and keep them running; Ctrl-C or SIGTERM stops them all."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    children = {_fork(app, sock, threads): time.monotonic() for _ in range(workers)}
    try:
        while children:
            pid, _ = os.wait()
            if time.monotonic() - children.pop(pid, 0.0) < QUICK_DEATH:
                raise RuntimeError("a server process ended as it started (see the messages above)")
            children[_fork(app, sock, threads)] = time.monotonic()  # the others serve meanwhile
    except KeyboardInterrupt:
        pass
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        sock.close()


def _fork(app: Flask, sock: socket.socket, threads: int) -> int:
    pid = os.fork()
    if pid == 0:  # the worker
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            _run(app, sock, threads)
        finally:
            os._exit(0)
    return pid
