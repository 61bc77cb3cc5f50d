"""`watch`: analyse feeds again and again, on a schedule, ingesting only what is new.

One cycle is one `analyze` over the feeds' URL sources, with the seen-ledger deciding what
is new; the ledger is committed only once the cycle's documents are stored (see
`ingest/seen.py`). Between cycles the loop sleeps until the next slot; Ctrl-C (or SIGTERM)
anywhere ends it cleanly: the cycle under way is dropped from the ledger and redone by the
next run, and the store keeps every document committed so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pytimeparse import parse as parse_duration

from .grouping import Progress
from .ingest.fetch import Fetcher
from .ingest.ratelimit import Clock
from .ingest.seen import SeenLedger
from .ingest.web import UrlSource, url_sources
from .pipeline import Notify, Options, Summary, analyze
from .store.sqlite import Store

Sleep = Callable[[float], None]


@dataclass(slots=True)
class Cycle:
    """What one cycle did, for its line in the terminal."""

    number: int
    summary: Summary
    listed: int = 0  # items the feeds list
    seen: int = 0  # of which ingested in an earlier cycle (or twice in this one)
    marked: int = 0  # keys added to the ledger


def every_seconds(text: str) -> float:
    """`--every 15m` in seconds ("90s", "15m", "1h30m", "1d"); ValueError if unreadable or not positive."""
    seconds = parse_duration(text.strip())
    if seconds is None:
        raise ValueError(f"cannot read the interval {text!r}: give a number and a unit, e.g. 90s, 15m, 1h")
    if seconds <= 0:
        raise ValueError(f"the interval must be positive, got {text!r}")
    return float(seconds)


def run_cycle(number: int, urls: Sequence[str], store: Store, fetcher: Fetcher, ledger: SeenLedger, *,
              options: Options | None = None, notify: Notify | None = None, progress: Progress | None = None,
              found: Callable[[int], None] | None = None) -> Cycle:
    """One pass over `urls`: new items analysed and stored, then marked seen in the ledger."""
    sources = url_sources(urls, fetcher, ledger=ledger, found=found)
    try:
        summary = analyze(sources, store, options=options, notify=notify, progress=progress)
    except BaseException:
        ledger.discard()  # nothing of an interrupted cycle is marked: the next run redoes it
        raise
    marked = ledger.commit()
    return Cycle(number, summary, listed=_total(sources, "listed"), seen=_total(sources, "seen"), marked=marked)


def repeat(cycle: Callable[[int], object], *, every: float, cycles: int | None = None,
           clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> int:
    """Call `cycle(1)`, `cycle(2)`... one every `every` seconds, start to start; how many ran.

    A cycle that overruns its slot is followed at once by the next, without catching up
    on the slots it missed. `cycles` bounds the count (None: until interrupted).
    """
    done = 0
    next_start = clock()
    while cycles is None or done < cycles:
        cycle(done + 1)
        done += 1
        if cycles is not None and done >= cycles:
            break
        next_start += every
        now = clock()
        if next_start <= now:  # overran: start now, and keep the rhythm from here
            next_start = now
            continue
        sleep(next_start - now)
    return done


def _total(sources: Sequence[UrlSource], field: str) -> int:
    return sum(getattr(s.counts, field) for s in sources)
