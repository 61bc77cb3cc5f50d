"""The per-document stage in a pool of worker processes, each loading the model once.

Workers are spawned (not forked: the main process runs a progress-bar thread, and a fork
copies a lock held by another thread) and ignore Ctrl-C, which the main process handles:
it stops them, and every document already stored stays stored. A worker that dies (killed,
out of memory) breaks the pool: it is restarted, and the chunks that were in flight are
analysed again one document at a time with nothing else running, so a document that kills
its worker alone is recorded as failed and every other one is analysed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from typing import TypeVar

from recoupe.engines import WORKER_DIED, Chunk, Engine
from recoupe.engines.analysis import Analysis, analyse, model
from recoupe.errors import AnalysisError, EngineError

# One thread per worker for the numerical libraries, as Dask sets for its workers: N processes
# on N cores, each with a pool of BLAS threads, would only contend. Read when a library loads,
# so it is set in the environment the workers are spawned with.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
T = TypeVar("T")
IN_FLIGHT = 2  # chunks queued per worker: one running, one ready, so no worker waits on the reader
START_TIMEOUT = 300.0  # seconds for the workers to load the model


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    # A model that cannot load is reported by `_ready` and by every document, not as a broken pool.
    with contextlib.suppress(Exception):
        model()


def _check_model() -> None:
    """Fail now, in the main process, if the workers could not load the model."""
    import spacy

    from recoupe.nlp import MODEL

    if not spacy.util.is_package(MODEL):
        raise AnalysisError(f"spaCy model {MODEL!r} is not installed: run `make install`")


def _ready(pause: float) -> int:
    model()  # raises here, in start(), if the model cannot load
    time.sleep(pause)  # hold this worker so that the others take the other probes
    return os.getpid()


class PoolEngine(Engine):
    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._environ: dict[str, str | None] = {}
        # Every worker process ever started: a pool broken by a dead worker does not always
        # stop the others, and a live one left behind would hang the interpreter's exit.
        self._spawned: dict[int, BaseProcess] = {}

    def start(self) -> None:
        # Workers are spawned as chunks arrive, up to `workers`: a batch of two articles
        # loads the model once, not once per core.
        _check_model()
        # Workers are spawned (now, and after a crash) with this environment; restored in close().
        self._environ = {name: os.environ.get(name) for name in SINGLE_THREADED}
        os.environ.update(SINGLE_THREADED)
        self._executor = self._new_pool()

    def warm_up(self) -> None:
        seen: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT
        # A worker takes a task only once its initializer has loaded the model: probe until
        # every worker has answered one.
        while len(seen) < self.workers and time.monotonic() < deadline:
            probes = [self._submit(_ready, 0.05) for _ in range(self.workers)]
            try:
                seen.update(p.result(timeout=max(1.0, deadline - time.monotonic())) for p in probes)
            except BrokenProcessPool as exc:
                raise EngineError(f"the {self.workers} worker processes could not start: {exc}") from exc

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Analysis]]]:
        todo = iter(chunks)
        pending: deque[tuple[Chunk, Future[list[Analysis]]]] = deque()

        def fill() -> None:
            while len(pending) < IN_FLIGHT * self.workers and (chunk := next(todo, None)) is not None:
                pending.append((chunk, self._submit(analyse, chunk)))

        fill()
        while pending:
            chunk, future = pending[0]
            try:
                results = future.result()
            except BrokenProcessPool:
                stranded = [c for c, _ in pending]  # every chunk in flight died with the pool
                pending.clear()
                self._restart()
                for c in stranded:
                    yield c, self._alone(c)
            except Exception:  # e.g. a result that would not pickle: find the document at fault
                pending.popleft()
                yield chunk, self._alone(chunk)
            else:
                pending.popleft()
                yield chunk, results
            fill()

    def close(self, *, abort: bool = False) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            # Never shutdown(wait=True): after a worker was killed while the pool sat idle, the
            # executor's manager thread waits forever on a live worker that never gets its stop
            # sentinel. Every result has been taken by now; healthy workers exit on the sentinel
            # within the grace period, the others are stopped.
            executor.shutdown(wait=False, cancel_futures=True)
        self._stop_workers(grace=0.0 if abort else 10.0)
        for name, value in self._environ.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._environ = {}

    @property
    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            raise EngineError("the worker pool is not started")
        return self._executor

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker)

    def _submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        future = self._pool.submit(fn, *args)
        # The executor starts its processes in submit(); ProcessPoolExecutor (before Python
        # 3.14's terminate_workers) offers no public way to reach them.
        self._spawned.update(getattr(self._pool, "_processes", None) or {})
        return future

    def _restart(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._stop_workers()
        self._executor = self._new_pool()

    def _stop_workers(self, grace: float = 0.0) -> None:
        """Stop every worker still running after `grace` seconds: the chunks they hold are abandoned."""
        deadline = time.monotonic() + grace
        for process in self._spawned.values():
            process.join(timeout=max(0.0, deadline - time.monotonic()))
        running = [p for p in self._spawned.values() if p.is_alive()]
        for process in running:
            process.terminate()
        for process in running:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        self._spawned = {pid: p for pid, p in self._spawned.items() if p.is_alive()}

    def _alone(self, chunk: Chunk) -> list[Analysis]:
        """Each document of `chunk` in a task of its own, one at a time: a document whose
        worker dies now, with nothing else running, is the one that killed it."""
        out = []
        for document in chunk:
            try:
                out.append(self._submit(analyse, [document]).result()[0])
            except BrokenProcessPool:
                self._restart()
                out.append(Analysis(document.id, error=WORKER_DIED))
            except Exception as exc:
                out.append(Analysis.failed(document, exc))
        return out
