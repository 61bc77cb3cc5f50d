"""The command line's side of URLs and feeds: fetch options, URL inputs, and the `watch` loop."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from ..errors import RecoupeError
from ..ingest.fetch import Fetcher, FetchOptions
from ..ingest.seen import SeenLedger, ledger_path
from ..ingest.sources import Source
from ..ingest.urls import is_url
from ..ingest.web import UrlSource
from ..pipeline import Options
from ..store.sqlite import Store
from ..watch import Cycle, every_seconds, repeat, run_cycle

F = TypeVar("F", bound=Callable[..., Any])
_DEFAULTS = FetchOptions()


def fetch_options(command: F) -> F:
    """The options of commands that fetch URLs (`analyze`, `watch`)."""
    for option in reversed((
        click.option("--timeout", default=_DEFAULTS.timeout, show_default=True,
                     help="seconds to wait for a server (to connect, and between bytes)"),
        click.option("--retries", default=_DEFAULTS.retries, show_default=True,
                     help="further attempts after a timeout, 429 or 5xx, waiting 1, 2, 4... s (or Retry-After)"),
        click.option("--delay", default=_DEFAULTS.delay, show_default=True,
                     help="seconds between two requests to the same host (robots.txt Crawl-delay can raise it)"),
        click.option("--user-agent", default=_DEFAULTS.user_agent, show_default=True,
                     help="the User-Agent header; name yourself and a contact"),
    )):
        command = option(command)
    return command


def fetch_settings(timeout: float, retries: int, delay: float, user_agent: str, max_bytes: int) -> FetchOptions:
    return FetchOptions(user_agent=user_agent, timeout=timeout, retries=retries, delay=delay, max_bytes=max_bytes)


def inputs_of(given: Sequence[str], fetcher: Fetcher, ledger: SeenLedger,
              found: Callable[[int], None]) -> list[Path | Source]:
    """Command-line inputs in their order: URLs as URL sources, the rest as paths."""
    return [UrlSource(g, fetcher, ledger=ledger, found=found) if is_url(g) else Path(g) for g in given]


def run_watch(feeds: Sequence[str], store: Store, *, db: str, seen: str | None, every: str, cycles: int | None,
              fetching: FetchOptions, quiet: bool, out: Console, err: Console) -> int:
    """The `watch` command once its store is open; its exit status."""
    try:
        interval = every_seconds(every)
    except ValueError as exc:
        err.print(f"--every: {escape(str(exc))}", highlight=False, soft_wrap=True)
        return 2
    bad = [f for f in feeds if not is_url(f)]
    for name in bad:
        err.print(f"{escape(name)}: [E120] not an http(s) URL: watch follows feeds and pages on the web",
                  highlight=False, soft_wrap=True)
    feeds = [f for f in feeds if is_url(f)]
    if not feeds:
        return 2
    try:
        ledger = SeenLedger(seen or ledger_path(db))
    except RecoupeError as exc:
        err.print(escape(exc.line()), highlight=False, soft_wrap=True)
        return 2
    failed = bool(bad)
    done = 0

    def cycle(number: int) -> None:
        nonlocal failed, done
        result = _cycle(number, feeds, store, fetcher, ledger, quiet=quiet, err=err)
        done = number  # before the line is shown: whoever reads it may stop us right away
        failed = failed or result.summary.failed > 0
        last = cycles is not None and number >= cycles
        out.print(_cycle_line(result, None if last else interval), highlight=False, soft_wrap=True)

    # `kill` and service managers stop it as Ctrl-C does (only the main thread may set handlers).
    previous = signal.signal(signal.SIGTERM, _stop) if _main_thread() else None
    try:
        with Fetcher(fetching) as fetcher:
            repeat(cycle, every=interval, cycles=cycles)
    except RecoupeError as exc:  # the store failed: nothing more can be kept
        err.print(f"[red]{escape(exc.line())}[/red]", highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        err.print(f"watch stopped after {done} cycle{'s' * (done != 1)}; "
                  f"the store and {ledger.path} hold everything ingested", highlight=False, soft_wrap=True)
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        ledger.close()
    return 1 if failed else 0


def _cycle(number: int, feeds: Sequence[str], store: Store, fetcher: Fetcher, ledger: SeenLedger, *,
           quiet: bool, err: Console) -> Cycle:
    progress = Progress(TextColumn(f"[bold]cycle {number}"), BarColumn(), MofNCompleteColumn(), console=err,
                        disable=quiet, transient=True)
    with progress:
        task = progress.add_task("watch", total=len(feeds))

        def notify(kind: str, problem: RecoupeError | None) -> None:
            if problem is not None:
                progress.console.print(f"[red]{escape(problem.line())}[/red]", highlight=False, soft_wrap=True)
            progress.advance(task)

        return run_cycle(number, feeds, store, fetcher, ledger, options=Options(max_bytes=fetcher.options.max_bytes),
                         notify=notify, found=_grow(progress, task))


def _cycle_line(result: Cycle, interval: float | None) -> str:
    s = result.summary
    now = datetime.now()
    following = "" if interval is None else f"; next about {now + timedelta(seconds=interval):%H:%M:%S}"
    return (f"{now:%Y-%m-%d %H:%M:%S} cycle {result.number}: {s.analysed} new analysed ({s.events} events), "
            f"{result.seen} already seen, {s.unchanged} unchanged, {s.other_language} other language, "
            f"{s.failed} failed{following}")


def _grow(progress: Progress, task: TaskID) -> Callable[[int], None]:
    # A feed counts as one step until fetched; then its new items replace it in the total.
    def found(items: int) -> None:
        total = progress.tasks[task].total or 0
        progress.update(task, total=max(total + items - 1, 0))
    return found


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt

