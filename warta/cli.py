"""The ``warta`` command line. It only parses options and calls the stages.

Each command imports its stage lazily, so ``warta search`` never pays for
loading spaCy and ``warta crawl`` never loads Whoosh.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from warta.settings import Settings

if TYPE_CHECKING:
    from index.query import Filters


class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit status 1."""


class UsageError(click.UsageError):
    """A mistyped command, option or value: one line (not click's usage block) and exit status 2."""

    def show(self, file=None) -> None:
        hint = f" (see '{self.ctx.command_path} --help')" if self.ctx else ""
        message = " ".join(self.message.split())  # click lists a missing argument's choices one per line
        click.echo(f"Error: {message}{hint}", file=file, err=True)


# click 8.2+ shows the help for `warta` alone by raising this usage error; it stays as it is.
_HELP_ERROR = getattr(click.exceptions, "NoArgsIsHelpError", ())


@contextmanager
def _one_line_usage_errors():
    try:
        yield
    except _HELP_ERROR:
        raise
    except click.UsageError as exc:
        raise UsageError(exc.format_message(), exc.ctx) from None


class Commands(click.Group):
    """The ``warta`` group: its own and its commands' usage errors are printed as one line."""

    def make_context(self, *args, **kwargs) -> click.Context:
        with _one_line_usage_errors():  # the group's options (warta --bad)
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        with _one_line_usage_errors():  # the command's name, options and arguments
            return super().invoke(ctx)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data_dir", type=click.Path(file_okay=False), envvar="WARTA_DATA",
              help="Where the archive and index live (env WARTA_DATA; default ~/.local/share/warta).")
@click.version_option(package_name="warta")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None) -> None:
    """Warta: archive and search the press bulletins of Indonesia's election commission."""
    ctx.obj = Settings.from_dir(data_dir)


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings).ensure()


# -- crawl and ingest ----------------------------------------------------------------


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every known KPU site.")
@click.option("--delay", type=float, default=None, help="Seconds between requests to one host (default 1, or robots.txt Crawl-delay).")
@click.option("--max-pages", type=int, default=None, help="Stop after this many fetched pages.")
@click.option("--concurrency", type=int, default=8, show_default=True, help="Hosts crawled in parallel.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a connection or for any one read of a response.")
@click.option("--resolve", "resolve", multiple=True, metavar="HOST=ADDR",
              help="Reach HOST at ADDR (e.g. a local copy: kab-probolinggo=127.0.0.1:8001), like curl --resolve.")
@click.pass_context
def crawl(ctx: click.Context, targets: tuple[str, ...], all_sites: bool, delay: float | None,
          max_pages: int | None, concurrency: int, timeout: float, resolve: tuple[str, ...]) -> None:
    """Crawl KPU sites (host names like kab-probolinggo, or URLs) into the archive."""
    from crawler.crawl import run_crawl

    if not targets and not all_sites:
        raise UserError("give site names or URLs to crawl, or --all")
    try:
        pairs = [item.split("=", 1) for item in resolve]
        if any(len(pair) != 2 for pair in pairs):
            raise UserError("--resolve takes HOST=ADDR, e.g. kab-probolinggo=127.0.0.1:8001")
        result = run_crawl(_settings(ctx), list(targets), all_sites=all_sites, delay=delay,
                           max_pages=max_pages, concurrency=concurrency, timeout=timeout, resolve=dict(pairs))
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    click.echo(result.summary)
    if result.interrupted:
        ctx.exit(130)  # 128 + SIGINT, as shells report it; what was fetched is stored and the next run goes on
    if result.all_failed:
        raise UserError("no site could be crawled (the summary above says why)")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Add local HTML pages, WARC files or text dumps of listing pages to the archive."""
    from crawler.ingest import ingest_files

    summary, skipped, interrupted = ingest_files(_settings(ctx), [Path(p) for p in paths])
    click.echo(summary)
    if interrupted:
        ctx.exit(130)  # as crawl: what was read is stored, the same command finishes the rest
    if skipped:  # like cp: the readable files are stored, but a script must learn that some were not
        raise UserError(f"{skipped} file(s) could not be ingested (listed above); the others were stored")


# -- analyze ---------------------------------------------------------------------------


@main.command()
@click.option("--input", "input_path", type=click.Path(allow_dash=True), help="JSON Lines to analyze ('-' for stdin).")
@click.option("--output", "output_path", type=click.Path(allow_dash=True), help="Where to write results ('-' for stdout).")
@click.option("--workers", type=int, default=None, help="Processes for archive analysis (default: all cores).")
@click.pass_context
def analyze(ctx: click.Context, input_path: str | None, output_path: str | None, workers: int | None) -> None:
    """Find people, roles, places, dates, quotes and event types in bulletins."""
    from nlp.analyze import analyze_archive, analyze_files

    if input_path or output_path:
        try:
            count = analyze_files(input_path or "-", output_path or "-")
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        click.echo(f"analyzed {count} records", err=True)
    else:
        click.echo(analyze_archive(_settings(ctx), workers=workers))


# -- index, search, export -------------------------------------------------------------


class PeriodDate(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, read as the web app reads them: ``end`` makes a partial date the
    last day of its year or month, so ``--from 2023 --to 2023`` is all of 2023."""

    name = "date"

    def __init__(self, end: bool) -> None:
        self.end = end

    def convert(self, value, param, ctx):
        from index.query import QueryError, parse_date

        if isinstance(value, date):
            return value
        try:
            return parse_date(value, param.opts[0] if param else "date", end=self.end)
        except QueryError as exc:
            self.fail(str(exc), param, ctx)


def filter_options(func):
    """The facet filters shared by ``search`` and ``export``."""
    def any_of(name: str, what: str):
        return click.option(name, multiple=True, help=f"{what}; repeat for any of several.")

    opts = [
        any_of("--person", "Person's name, e.g. 'Nurul Aini'"),
        any_of("--role", "Role as written, e.g. 'Ketua KPU Kota Batu'"),
        any_of("--position", "Position of a role, e.g. 'Ketua'"),
        any_of("--body", "Body of a role, e.g. 'KPU Kota Batu'"),
        any_of("--org", "Organization, e.g. 'Bawaslu Kota Batu'"),
        any_of("--place", "Province, regency or smaller place, e.g. 'Jawa Timur'"),
        any_of("--event-type", "Event type, e.g. pelantikan, rekapitulasi"),
        any_of("--site", "Site host, e.g. kota-batu.kpu.go.id"),
        click.option("--from", "date_from", type=PeriodDate(end=False),
                     help="Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--to", "date_to", type=PeriodDate(end=True),
                     help="Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD: the end of that year or month)."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _filters(**options) -> Filters:
    """The ``Filters`` of the options that ``filter_options`` added."""
    from index.query import Filters, QueryError

    try:
        return Filters(**options)
    except QueryError as exc:
        raise UserError(str(exc)) from exc


@main.command("index")
@click.option("--rebuild", is_flag=True, help="Start the index over from the archive.")
@click.pass_context
def index_cmd(ctx: click.Context, rebuild: bool) -> None:
    """Bring the search index up to date with the archive."""
    from index.writer import update_index

    click.echo(update_index(_settings(ctx), rebuild=rebuild))


@main.command()
@click.argument("query", required=False, default="")
@filter_options
@click.option("--quotes", is_flag=True, help="Search quotes instead of bulletins.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="'date': newest first (as a search without words always is).")
@click.option("--limit", type=int, default=10, show_default=True, help="Results per page.")
@click.option("--page", type=int, default=1, show_default=True, help="Page of results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def search(ctx, query, quotes, sort, limit, page, as_json, **filter_options):
    """Search the index from the terminal."""
    from index.cli_output import print_results
    from index.query import QueryError
    from index.search import Searcher

    filters = _filters(**filter_options)
    try:
        with Searcher(_settings(ctx)) as searcher:
            result = searcher.search(query, filters, kind="quotes" if quotes else "articles",
                                     sort=sort, page=page, per_page=limit)
    except QueryError as exc:
        raise UserError(str(exc)) from exc
    print_results(result, as_json=as_json, out=sys.stdout)


@main.command()
@click.argument("kind", type=click.Choice(["articles", "people", "roles", "organizations", "places", "quotes", "events"]))
@click.argument("query", required=False, default="")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "xlsx"]), default="csv", show_default=True)
@click.option("--output", "output_path", type=click.Path(allow_dash=True), default="-", help="File to write ('-': stdout).")
@click.option("--sort", type=click.Choice(["relevance", "date"]),
              help="Rows of bulletins, roles, quotes and events in this order. Default: the archive's order (fastest).")
@click.pass_context
def export(ctx, kind, query, fmt, output_path, sort, **filter_options):
    """Export a table (articles, people, roles, ...) for any search, without a row cap."""
    from index.export import export_to
    from index.query import QueryError

    filters = _filters(**filter_options)
    try:
        count = export_to(_settings(ctx), kind, query, filters, fmt, output_path, sort)
    except QueryError as exc:
        raise UserError(str(exc)) from exc
    click.echo(f"exported {count} {kind}", err=True)


# -- serve and demo --------------------------------------------------------------------


def _check_port(host: str, port: int) -> None:
    """Fail with one line, before any work, when the address cannot be served (in use, not allowed)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise UserError(f"cannot serve on {host}:{port}: {os.strerror(exc.errno) if exc.errno else exc}; choose another --port") from exc


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=min(os.cpu_count() or 1, 8), show_default=True,
              help="Server processes (one per core uses them all).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """Serve the web app on a production WSGI server (waitress)."""
    from webapp.server import serve as serve_app

    settings = ctx.find_object(Settings)
    if not settings.data_dir.is_dir():  # a mistyped --data would otherwise serve an empty, new folder
        raise UserError(f"no Warta data folder at {settings.data_dir}: check --data (or WARTA_DATA), "
                        "or run `warta demo` / `warta crawl` first")
    _check_port(host, port)
    serve_app(settings, host=host, port=port, workers=workers)


@main.command()
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the demo archive and index, then exit.")
@click.pass_context
def demo(ctx: click.Context, port: int, no_serve: bool) -> None:
    """Crawl, analyze, index and serve a built-in KPU-like site, all offline."""
    from warta.demo import run_demo

    if not no_serve:
        _check_port("127.0.0.1", port)
    run_demo(_settings(ctx), port=port, serve=not no_serve)


if __name__ == "__main__":
    main()
