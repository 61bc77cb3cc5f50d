"""Where the per-document stage runs: in this process, in a pool of processes, or on Dask.

Every engine maps the same pure function (`analysis.analyse`) over the same chunks of
documents (`pieces.chunks`) and hands the results back in input order, so the one writer,
the main process, stores the same thing whichever engine ran: same ids, events, stories
and claims. Engines keep a bounded number of chunks in flight, so memory does not grow
with the corpus. A chunk whose worker died is analysed again one document at a time, so
only a document that kills its worker on its own is recorded as failed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from types import TracebackType

from recoupe.engines.analysis import Analysis
from recoupe.records import Document

ENGINES = ("local", "dask")

Chunk = list[Document]
WORKER_DIED = "the worker process analysing it died (killed, or out of memory)"


class Engine:
    """Runs `analyse` over chunks of documents. Use as a context manager: entering starts
    the workers and loads the model in each; leaving stops them (at once on an error or
    Ctrl-C)."""

    name = "engine"
    workers = 1

    def start(self) -> None:
        """Get ready to analyse (workers may start and load the model on first use)."""

    def warm_up(self) -> None:
        """Start every worker and load the model in each now, e.g. before a benchmark's clock."""

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Analysis]]]:
        """Each chunk with the Analysis of each of its documents, in input order."""
        raise NotImplementedError

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers; `abort`: without waiting for the work in flight."""

    def __enter__(self) -> Engine:
        try:
            self.start()
        except BaseException:
            self.close(abort=True)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(abort=exc is not None)


def cores() -> int:
    """The cores this process may run on (the default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def open_engine(name: str = "local", *, workers: int = 1, scheduler: str | None = None) -> Engine:
    """The engine called `name` ("local": this process when `workers` is 1, else a pool of
    `workers` processes; "dask": the cluster at `scheduler`, or a LocalCluster of
    `workers` workers)."""
    if name == "dask":
        from recoupe.engines.dask_cluster import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    if name != "local":
        raise ValueError(f"unknown engine {name!r} (one of {', '.join(ENGINES)})")
    if workers <= 1:
        from recoupe.engines.serial import SerialEngine

        return SerialEngine()
    from recoupe.engines.pool import PoolEngine

    return PoolEngine(workers)
