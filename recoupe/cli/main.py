"""`recoupe analyze | watch | events | actors | stories | story | report | serve | export | stats`: thin layers over
the package."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..engines import ENGINES, cores
from ..errors import IngestError, InputWarning, RecoupeError
from ..export import write_events, write_stories
from ..export.claims import CLAIM_FORMATS
from ..export.events import json_line
from ..export.graph import GRAPH_FORMATS
from ..ingest.fetch import Fetcher
from ..ingest.seen import SeenLedger
from ..ingest.sources import count_files
from ..ingest.urls import is_url
from ..pipeline import Options, analyze
from ..records import EVENT_TYPES, FACTUALITIES
from ..store import Store
from .actors import actor_lines, actors_table, resolve_actor
from .feeds import fetch_options, fetch_settings, inputs_of, run_watch
from .tables import events_table, stats_table, summary_table
from .text import error_line, one_line
from .views import comparison_view, load_comparison, stories_table, story_lines

DEFAULT_DB = "recoupe.db"
err = Console(stderr=True, highlight=False)
# piped or redirected output gets a wide table rather than an 80-column squeeze
out = Console(width=None if sys.stdout.isatty() else 180, highlight=False)


def say(problem: RecoupeError | str, console: Console = err, style: str = "red") -> None:
    """One line on stderr, never wrapped (soft_wrap) and never read as markup: a grep or a log
    keeps `path: [E100] reason` whole whatever the width of a terminal or its absence."""
    console.print(error_line(problem, style), soft_wrap=True)


def _fail(problem: RecoupeError | str, status: int = 2) -> NoReturn:
    say(problem)
    sys.exit(status)


def _open(db: str, *, write: bool = False) -> Store:
    """Read commands open the store read-only, and a missing store is an error (a mistyped --db
    creates nothing); `analyze` (write) creates it."""
    try:
        return Store(db, readonly=not write, create=write)
    except RecoupeError as e:
        _fail(e)


class _Warnings(logging.Handler):
    """Prints what the readers log on the `recoupe` logger (a date stored as unknown, an id made
    unique) as one line each, above the progress bar, and counts them for the summary."""

    def __init__(self, console: Console) -> None:
        super().__init__(logging.WARNING)
        self.console = console
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        problem = getattr(record, "problem", None)
        self.count += 1
        say(problem if isinstance(problem, InputWarning) else record.getMessage(), self.console, "yellow")


def _missing(path: Path) -> str | None:
    """Why a path given on the command line is not there; None when it is (even unreadable:
    the reader then reports why it cannot read it, as for any file of the batch)."""
    try:
        path.lstat()
    except FileNotFoundError:
        return "no such file or folder"
    except NotADirectoryError:
        return "no such file or folder (a parent is a file)"
    except OSError:  # permission denied on a parent folder, a name too long...: read_file says which
        return None
    return None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recoupe")
def main() -> None:
    """recoupe: who did what to whom, according to whom, in French news."""
    # trafilatura logs every discarded block of a broken page; recoupe reports one line per file
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


@main.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True,
              help="SQLite file, or postgresql://user@host:port/dbname")
@click.option("--force", is_flag=True, help="re-analyse documents that are stored unchanged")
@click.option("--max-mb", default=10.0, show_default=True, help="refuse files (and pages) larger than this")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar and no summary table")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=cores, show_default="number of cores",
              help="processes that parse and extract (the main process alone writes)")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="local: this machine; dask: a Dask cluster (see --scheduler)")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="with --engine dask: the cluster's scheduler (default: a LocalCluster of --workers workers)")
@click.option("--outlet", help="outlet of the documents from files that name none (.txt files)")
@click.option("--outlet-from-folder", is_flag=True,
              help="outlet of the documents from files that name none: the name of the folder their file is in")
@fetch_options
def analyze_cmd(paths: tuple[str, ...], db: str, force: bool, max_mb: float, quiet: bool, workers: int,
                engine: str, scheduler: str | None, outlet: str | None, outlet_from_folder: bool,
                timeout: float, retries: int, delay: float, user_agent: str) -> None:
    """Analyse files and folders of articles (.txt, .html, .jsonl), article URLs and RSS/Atom feeds."""
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if outlet is not None and outlet_from_folder:
        raise click.UsageError("give either --outlet or --outlet-from-folder, not both")
    absent = {p: why for p in paths if not is_url(p) and (why := _missing(Path(p))) is not None}
    for p, why in absent.items():
        say(IngestError(why, path=str(p)))
    given = [p for p in paths if p not in absent]
    store = _open(db, write=True)
    opts = Options(max_bytes=int(max_mb * 1024 * 1024), force=force, engine=engine, workers=workers,
                   scheduler=scheduler, outlet=(outlet or "").strip() or None, outlet_from_folder=outlet_from_folder)
    total = count_files([Path(p) for p in given if not is_url(p)]) + sum(map(is_url, given))
    progress = Progress(TextColumn("[bold]analyse"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, disable=quiet, transient=True)
    warnings = _Warnings(progress.console)
    logger = logging.getLogger("recoupe")
    logger.addHandler(warnings)
    logger.propagate = False  # printed once, by the handler, not again by Python's last resort
    with progress, Fetcher(fetch_settings(timeout, retries, delay, user_agent, opts.max_bytes)) as fetcher, \
            SeenLedger(":memory:") as ledger:  # one run fetches an article listed by two feeds once
        task = progress.add_task("analyse", total=total or None)

        def notify(kind: str, problem: RecoupeError | None) -> None:
            if problem is not None:
                say(problem, progress.console)
            progress.advance(task)

        def found(items: int) -> None:  # a feed's items replace it in the total
            progress.update(task, total=max((progress.tasks[task].total or 0) + items - 1, 0))

        stages: dict[str, object] = {}

        def grouping(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages[stage] = progress.add_task(stage, total=total)
            progress.update(stages[stage], completed=done)  # type: ignore[arg-type]

        try:
            summary = analyze(inputs_of(given, fetcher, ledger, found), store, options=opts, notify=notify,
                              progress=grouping)
        except RecoupeError as e:
            store.close()
            _fail(e)
        except KeyboardInterrupt:  # every document stored so far is committed; the re-run goes on
            store.close()
            say("interrupted: the documents analysed so far are stored; run the same command again "
                "to finish the batch", style="")
            sys.exit(130)
        finally:
            logger.removeHandler(warnings)
            logger.propagate = True
    store.close()
    if not quiet:
        out.print(summary_table(summary, warnings=warnings.count))
    if summary.failed or absent:
        sys.exit(1)


@main.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="time between two cycles: 90s, 15m, 1h...")
@click.option("--db", default=DEFAULT_DB, show_default=True,
              help="SQLite file, or postgresql://user@host:port/dbname")
@click.option("--seen", help="the seen-ledger file  [default: beside --db, e.g. recoupe.seen.db]")
@click.option("--cycles", type=click.IntRange(min=1), help="stop after this many cycles  [default: until Ctrl-C]")
@click.option("--max-mb", default=10.0, show_default=True, help="refuse pages larger than this")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
@fetch_options
def watch_cmd(feeds: tuple[str, ...], every: str, db: str, seen: str | None, cycles: int | None, max_mb: float,
              quiet: bool, timeout: float, retries: int, delay: float, user_agent: str) -> None:
    """Analyse RSS/Atom feeds (and article URLs) every --every, skipping what was already ingested."""
    store = _open(db, write=True)
    fetching = fetch_settings(timeout, retries, delay, user_agent, int(max_mb * 1024 * 1024))
    try:
        status = run_watch(feeds, store, db=db, seen=seen, every=every, cycles=cycles, fetching=fetching,
                           quiet=quiet, out=out, err=err)
    finally:
        store.close()
    sys.exit(status)


@main.command("events")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--type", "etype", type=click.Choice(EVENT_TYPES, case_sensitive=False))
@click.option("--actor", help="actor on either side: a code (RUS, PRK, UNSC...) or a name (Russie, Moscou, russes)")
@click.option("--factuality", type=click.Choice(FACTUALITIES, case_sensitive=False))
@click.option("--doc", help="one document id")
@click.option("--limit", default=200, show_default=True, help="rows to show (0: all)")
def events_cmd(db: str, etype: str | None, actor: str | None, factuality: str | None, doc: str | None,
               limit: int) -> None:
    """Show stored events as a table."""
    store = _open(db)
    code = _actor_code(store, actor)
    table, n = events_table(store.events(type=etype, actor=code, factuality=factuality, doc=doc),
                            limit=limit or None)
    out.print(table)
    shown = min(n, limit) if limit else n
    asked = " ".join((actor or "").split())
    named = f" with actor {code} ({asked})" if code and code != asked.upper() else ""  # a name resolved
    out.print(one_line(f"{shown} of {n} events{named}" + ("" if shown == n else " (use --limit 0 to see all)")),
              soft_wrap=True)
    store.close()


def _actor_code(store: Store, actor: str | None) -> str | None:
    """The code `--actor` stands for (a code or a name); an actor nobody knows ends the command
    with one line and status 1, as an unknown story does."""
    if actor is None:
        return None
    try:
        return resolve_actor(store, actor)
    except RecoupeError as e:
        store.close()
        _fail(e, 1)


@main.command("actors")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--search", metavar="WORD", help="actors whose code or a name holds WORD (Russie, russ, Kremlin, PRK)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True,
              help="json: one array; jsonl: one actor per line")
@click.option("--limit", default=200, show_default=True, help="rows of the table to show (0: all)")
def actors_cmd(db: str, search: str | None, fmt: str, limit: int) -> None:
    """List the actor codes of the stored events: name, kind, events as source and as target, kinds of actor."""
    store = _open(db)
    try:
        lines = actor_lines(store, search)
    finally:
        store.close()
    if fmt == "json":
        sys.stdout.write(json_line([line.as_row() for line in lines]))
        return
    if fmt == "jsonl":
        for line in lines:
            sys.stdout.write(json_line(line.as_row()))
        return
    if search and not lines:
        out.print(one_line(f"no actor of the stored events matches {search.strip()!r}"), soft_wrap=True)
        return
    out.print(actors_table(lines, limit=limit or None))
    shown = min(len(lines), limit) if limit else len(lines)
    out.print(f"{shown} of {len(lines)} actors" + ("" if shown == len(lines) else " (use --limit 0 to see all)"))


@main.command("stories")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--limit", default=50, show_default=True, help="rows to show (0: all)")
def stories_cmd(db: str, limit: int) -> None:
    """List stories: documents, outlets, claims, contested claims, dates, title."""
    store = _open(db)
    table, n = stories_table(story_lines(store), limit=limit or None)
    out.print(table)
    shown = min(n, limit) if limit else n
    out.print(f"{shown} of {n} stories" + ("" if shown == n else " (use --limit 0 to see all)"))
    store.close()


@main.command("story")
@click.argument("story_id")
@click.option("--db", default=DEFAULT_DB, show_default=True)
def story_cmd(story_id: str, db: str) -> None:
    """One story compared across outlets: who agrees, who adds, who contradicts."""
    store = _open(db)
    comparison = load_comparison(store, story_id)
    store.close()
    if comparison is None:
        _fail(f"{story_id}: [E310] no such story in {db} (see `recoupe stories`)", 1)
    out.print(comparison_view(comparison))


@main.command("report")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--out", "out_path", default="report.html", show_default=True, help="file to write; - for stdout")
@click.option("--min-docs", default=1, show_default=True, help="leave out stories with fewer documents")
def report_cmd(db: str, out_path: str, min_docs: int) -> None:
    """Write one self-contained HTML page: every story's claims × outlets grid."""
    from ..report.html import render_report

    store = _open(db)
    lines = [s for s in story_lines(store) if s.docs >= min_docs]
    duplicates = store.duplicates()
    stories = [c for s in lines if (c := load_comparison(store, s.story, duplicates)) is not None]
    store.close()
    page = render_report(stories, title=f"recoupe report: {Path(db).name}")
    if out_path == "-":
        sys.stdout.write(page)
        return
    try:
        with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
    except OSError as e:
        _fail(f"{out_path}: [E400] cannot write the report: {(e.strerror or str(e)).lower()}")
    err.print(one_line(f"wrote {out_path} ({len(stories)} stories)"), soft_wrap=True)


@main.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True,
              help="the store to browse, opened read-only: a SQLite file or a postgresql:// URL")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve_cmd(db: str, host: str, port: int) -> None:
    """Browse the database in a web browser: stories, comparisons, claims, documents, actors, events."""
    import uvicorn

    from ..web.app import create_app

    try:
        app = create_app(db)
    except RecoupeError as e:
        _fail(e)
    shown = f"[{host}]" if ":" in host else host
    label = app.state.db.label  # a URL's password is not printed
    err.print(one_line(f"recoupe: serving {label} read-only at http://{shown}:{port}/  (Ctrl-C stops)"),
              soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group("export")
def export_grp() -> None:
    """Write stored results for other tools (SPEC section 5)."""


@export_grp.command("events")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "ftm"]), default="jsonl", show_default=True,
              help="ftm: FollowTheMoney entities for Aleph (needs recoupe[ftm])")
@click.option("--type", "etype", type=click.Choice(EVENT_TYPES, case_sensitive=False))
@click.option("--actor", help="actor on either side: a code or a name")
@click.option("--factuality", type=click.Choice(FACTUALITIES, case_sensitive=False))
def export_events_cmd(db: str, fmt: str, etype: str | None, actor: str | None, factuality: str | None) -> None:
    """Events, one per line (jsonl) or row (csv), on standard output, with their document's title,
    outlet, publication date and URL."""
    store = _open(db)
    actor = _actor_code(store, actor)
    if fmt == "ftm":
        from ..export.ftm import write_ftm

        try:
            write_ftm(store.events(type=etype, actor=actor, factuality=factuality), store.documents(), sys.stdout)
        except RecoupeError as e:
            _fail(e)
    else:
        write_events(store, sys.stdout, format=fmt, type=etype, actor=actor, factuality=factuality)
    store.close()


@export_grp.command("claims")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(CLAIM_FORMATS), default="jsonl", show_default=True)
@click.option("--story", help="one story's claims")
def export_claims_cmd(db: str, fmt: str, story: str | None) -> None:
    """Claims, one per line, with their mentions, outlets, speakers and factualities."""
    from ..export.claims import write_claims

    store = _open(db)
    write_claims(store.claims(story=story), sys.stdout, format=fmt)
    store.close()


@export_grp.command("graph")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="gexf", show_default=True)
@click.option("--type", "etype", type=click.Choice(EVENT_TYPES, case_sensitive=False))
def export_graph_cmd(db: str, fmt: str, etype: str | None) -> None:
    """The actor graph (actors, source -> target edges per event type) for Gephi."""
    from ..export.graph import write_graph

    store = _open(db)
    write_graph(store.events(type=etype), sys.stdout, format=fmt)
    store.close()


@export_grp.command("stories")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
def export_stories_cmd(db: str, fmt: str) -> None:
    """Stories, one per line: {"story": ID, "docs": [...]}."""
    store = _open(db)
    write_stories(store, sys.stdout, format=fmt)
    store.close()


@main.command("stats")
@click.option("--db", default=DEFAULT_DB, show_default=True)
def stats_cmd(db: str) -> None:
    """Counts of what the database holds."""
    store = _open(db)
    out.print(stats_table(store.stats(), store.distinct_actors()))
    store.close()


if __name__ == "__main__":
    main()
