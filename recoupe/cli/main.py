"""`recoupe analyze | events | stories | story | report | export | stats`: thin layers over the package."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..errors import RecoupeError
from ..export import write_events, write_stories
from ..export.claims import CLAIM_FORMATS
from ..export.graph import GRAPH_FORMATS
from ..ingest.sources import count_files
from ..pipeline import Options, analyze
from ..records import EVENT_TYPES, FACTUALITIES
from ..store.sqlite import Store
from .tables import events_table, stats_table, summary_table
from .views import comparison_view, load_comparison, stories_table, story_lines

DEFAULT_DB = "recoupe.db"
err = Console(stderr=True)
# piped or redirected output gets a wide table rather than an 80-column squeeze
out = Console(width=None if sys.stdout.isatty() else 180)


def _open(db: str) -> Store:
    try:
        return Store(db)
    except RecoupeError as e:
        err.print(f"[red]{e.line()}[/red]", highlight=False)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recoupe")
def main() -> None:
    """recoupe: who did what to whom, according to whom, in French news."""
    # trafilatura logs every discarded block of a broken page; recoupe reports one line per file
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


@main.command("analyze")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite file to write")
@click.option("--force", is_flag=True, help="re-analyse documents that are stored unchanged")
@click.option("--max-mb", default=10.0, show_default=True, help="refuse files larger than this")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar and no summary table")
@click.option("--outlet", help="outlet of the documents that name none (.txt files)")
@click.option("--outlet-from-folder", is_flag=True,
              help="outlet of the documents that name none: the name of the folder their file is in")
def analyze_cmd(paths: tuple[Path, ...], db: str, force: bool, max_mb: float, quiet: bool, outlet: str | None,
                outlet_from_folder: bool) -> None:
    """Analyse files and folders of articles (.txt, .html, .jsonl) into the database."""
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err.print(f"{p}: [E100] no such file or folder", highlight=False)
    if outlet is not None and outlet_from_folder:
        raise click.UsageError("give either --outlet or --outlet-from-folder, not both")
    store = _open(db)
    opts = Options(max_bytes=int(max_mb * 1024 * 1024), force=force, outlet=(outlet or "").strip() or None,
                   outlet_from_folder=outlet_from_folder)
    total = count_files([p for p in paths if p.exists()])
    progress = Progress(TextColumn("[bold]analyse"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=err, disable=quiet, transient=True)
    with progress:
        task = progress.add_task("analyse", total=total or None)

        def notify(kind: str, problem: RecoupeError | None) -> None:
            if problem is not None:
                progress.console.print(f"[red]{problem.line()}[/red]", highlight=False)
            progress.advance(task)

        stages: dict[str, object] = {}

        def grouping(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages[stage] = progress.add_task(stage, total=total)
            progress.update(stages[stage], completed=done)  # type: ignore[arg-type]

        try:
            summary = analyze([p for p in paths if p.exists()], store, options=opts, notify=notify,
                              progress=grouping)
        except RecoupeError as e:
            err.print(f"[red]{e.line()}[/red]", highlight=False)
            store.close()
            sys.exit(2)
    store.close()
    if not quiet:
        out.print(summary_table(summary))
    if summary.failed or missing:
        sys.exit(1)


@main.command("events")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--type", "etype", type=click.Choice(EVENT_TYPES, case_sensitive=False))
@click.option("--actor", help="actor code on either side (RUS, PRK, UNSC...)")
@click.option("--factuality", type=click.Choice(FACTUALITIES, case_sensitive=False))
@click.option("--doc", help="one document id")
@click.option("--limit", default=200, show_default=True, help="rows to show (0: all)")
def events_cmd(db: str, etype: str | None, actor: str | None, factuality: str | None, doc: str | None,
               limit: int) -> None:
    """Show stored events as a table."""
    store = _open(db)
    table, n = events_table(store.events(type=etype, actor=actor, factuality=factuality, doc=doc),
                            limit=limit or None)
    out.print(table)
    shown = min(n, limit) if limit else n
    out.print(f"{shown} of {n} events" + ("" if shown == n else " (use --limit 0 to see all)"))
    store.close()


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
        err.print(f"{story_id}: [E310] no such story in {db} (see `recoupe stories`)", highlight=False)
        sys.exit(1)
    out.print(comparison_view(comparison))


@main.command("report")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--out", "out_path", default="report.html", show_default=True, type=click.Path(path_type=Path))
@click.option("--min-docs", default=1, show_default=True, help="leave out stories with fewer documents")
def report_cmd(db: str, out_path: Path, min_docs: int) -> None:
    """Write one self-contained HTML page: every story's claims × outlets grid."""
    from ..report.html import write_report

    store = _open(db)
    lines = [s for s in story_lines(store) if s.docs >= min_docs]
    duplicates = store.duplicates()
    comparisons = (c for s in lines if (c := load_comparison(store, s.story, duplicates)) is not None)
    n = write_report(comparisons, out_path, title=f"recoupe report: {Path(db).name}")
    store.close()
    err.print(f"wrote {out_path} ({n} stories)", highlight=False)


@main.group("export")
def export_grp() -> None:
    """Write stored results for other tools (SPEC section 5)."""


@export_grp.command("events")
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "ftm"]), default="jsonl", show_default=True,
              help="ftm: FollowTheMoney entities for Aleph (needs recoupe[ftm])")
@click.option("--type", "etype", type=click.Choice(EVENT_TYPES, case_sensitive=False))
@click.option("--actor")
@click.option("--factuality", type=click.Choice(FACTUALITIES, case_sensitive=False))
def export_events_cmd(db: str, fmt: str, etype: str | None, actor: str | None, factuality: str | None) -> None:
    """Events, one per line (jsonl) or row (csv), on standard output."""
    store = _open(db)
    if fmt == "ftm":
        from ..export.ftm import write_ftm

        try:
            write_ftm(store.events(type=etype, actor=actor, factuality=factuality), store.documents(), sys.stdout)
        except RecoupeError as e:
            err.print(f"[red]{e.line()}[/red]", highlight=False)
            sys.exit(2)
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
