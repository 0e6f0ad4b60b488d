"""``warta analyze``: run the pipeline over JSON Lines files or over the archive.

Files: one JSON object a line in (``id``, ``text``, optional ``title``, ``url``,
``published``), one record a line out, same order. The archive: every article
that is new, changed, or analyzed by an older pipeline version, in batches,
on all cores (one pipeline per worker process, loaded once).
"""

from __future__ import annotations

import io
import json
import multiprocessing as mp
import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import IO

from nlp.pipeline import PIPELINE_VERSION, analyze_doc, get_pipeline
from nlp.record import build_record

WORKER_TASKS = 250  # batches a worker analyzes before it is replaced
BATCH = 64


@contextmanager
def _open(path: str, mode: str) -> Iterator[IO[str]]:
    """A text stream on a file, or on stdin/stdout for '-', always UTF-8."""
    if path == "-":
        stream = sys.stdin if "r" in mode else sys.stdout
        if hasattr(stream, "buffer"):
            wrapped = io.TextIOWrapper(stream.buffer, encoding="utf-8", errors="replace" if "r" in mode else "strict")
            try:
                yield wrapped
            finally:
                wrapped.flush()
                wrapped.detach()
        else:
            yield stream
        return
    try:
        fh = open(path, mode, encoding="utf-8", errors="replace" if "r" in mode else "strict")
    except OSError as exc:
        raise ValueError(f"cannot open {path}: {exc.strerror}") from None
    with fh:
        yield fh


def _parse_line(line: str, lineno: int) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise ValueError(f"line {lineno}: expected a JSON object, got {type(item).__name__}")
    if "id" not in item:
        raise ValueError(f"line {lineno}: missing \"id\"")
    text = item.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError(f"line {lineno}: \"text\" must be a string")
    return item


def analyze_item(item: dict) -> dict:
    """The record of one input object (``id``, ``text``, optional ``title``, ``url``, ``published``).

    A bulletin the pipeline fails on gets an empty record saying why (``error``), and the
    run goes on: one odd page must not stop a million, nor be retried on every run.
    """
    meta = {k: item.get(k) if isinstance(item.get(k), str) else None for k in ("title", "url", "published")}
    try:
        return build_record(analyze_doc(item.get("text") or "", meta), item["id"])
    except Exception as exc:  # noqa: BLE001 - reported in the record and on stderr
        reason = f"{type(exc).__name__}: {exc}"
        print(f"warning: bulletin {item['id']!r} could not be analyzed ({reason})", file=sys.stderr, flush=True)
        return {**build_record(analyze_doc("", {}), item["id"]), "error": reason}


def analyze_files(input_path: str, output_path: str) -> int:
    """Analyze a JSON Lines file ('-' = stdin) into another ('-' = stdout); returns the record count.

    Every line is checked before anything is written, so a malformed file
    gives a clear error naming the line and leaves no half-written output.
    """
    with _open(input_path, "r") as fh:
        items = [_parse_line(line, n) for n, line in enumerate(fh, 1) if line.strip()]
    get_pipeline()
    records = (analyze_item(item) for item in items)
    count = 0
    # A file is written beside its target and moved in place at the end: an existing output
    # is never left half-overwritten.
    target = output_path if output_path == "-" else output_path + ".partial"
    try:
        with _open(target, "w") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    except BaseException:
        if target != "-" and os.path.exists(target):
            os.remove(target)
        raise
    if target != "-":
        os.replace(target, output_path)
    return count


# -- the archive -------------------------------------------------------------------------


def _work(payload: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Worker side: analyze one batch of ``(article_id, item)``."""
    return [(article_id, analyze_item(item)) for article_id, item in payload]


def _batches(archive, size: int) -> Iterator[list[tuple[int, dict]]]:
    articles = archive.articles_to_analyze(PIPELINE_VERSION)
    while True:
        chunk = list(islice(articles, size))
        if not chunk:
            return
        yield [(a.id, {"id": a.id, "text": a.text, "title": a.title, "url": a.url, "published": a.published})
               for a in chunk]


def _results(batches: Iterator[list], workers: int, single: bool) -> Iterator[list]:
    """Analyzed batches in order. With several workers, at most two batches per worker are
    in flight, so memory stays bounded however large the archive (``Pool.imap`` would read
    the whole work list ahead), and the archive is only read from this thread."""
    if workers == 1 or single:
        yield from map(_work, batches)
        return
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    # spaCy's vocabulary keeps every new word it meets; recycling a worker now and then
    # (a pipeline load is ~1.5 s) keeps memory flat over a million bulletins.
    with ctx.Pool(workers, initializer=get_pipeline, maxtasksperchild=WORKER_TASKS) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_work, (batch,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def analyze_archive(settings, workers: int | None = None, batch: int = BATCH) -> str:
    """Analyze new, changed and outdated archive articles; store the records; return a summary."""
    from tqdm import tqdm

    from crawler.archive import Archive

    workers = max(1, workers or os.cpu_count() or 1)
    started = time.monotonic()
    done = 0
    with Archive(settings.archive_path) as archive:
        total = archive.count_to_analyze(PIPELINE_VERSION)
        if not total:
            return f"nothing to analyze (pipeline {PIPELINE_VERSION})"
        with tqdm(total=total, unit="doc", desc="analyze", file=sys.stderr) as bar:
            # The work list pages by article id, so saving (which bumps seq) never disturbs it.
            for result in _results(_batches(archive, batch), workers, single=total <= batch):
                archive.save_analyses((article_id, PIPELINE_VERSION, rec) for article_id, rec in result)
                done += len(result)
                bar.update(len(result))
    seconds = time.monotonic() - started
    return f"analyzed {done} articles in {seconds:.1f} s with {workers} worker(s) (pipeline {PIPELINE_VERSION})"
