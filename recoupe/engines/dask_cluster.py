"""The per-document stage on a Dask distributed cluster.

The client (this process) reads the documents, sends chunks of them to the workers as
tasks, and writes the results to the store itself, in input order: workers need recoupe
installed but no access to the files or the database. Each worker loads the model once,
when it joins (`ModelLoader`, a worker plugin), and keeps it for every task.

Without a scheduler address, a LocalCluster of worker processes (one thread each) runs on
this machine. On a real cluster, start one thread per worker process
(`dask worker tcp://HOST:8786 --nworkers N --nthreads 1`): a spaCy pipeline runs one
document batch at a time, and threads of one worker would only take turns on its model.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from distributed import Client, Future, KilledWorker, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from recoupe.engines import WORKER_DIED, Chunk, Engine
from recoupe.engines.analysis import Analysis, analyse, model
from recoupe.errors import EngineError

if TYPE_CHECKING:
    from distributed import Worker

IN_FLIGHT = 2  # tasks queued per worker thread
CONNECT_TIMEOUT = 30  # seconds to reach a scheduler
START_TIMEOUT = 300  # seconds for the first worker to join


class ModelLoader(WorkerPlugin):
    """Loads recoupe's spaCy pipeline in each worker as it joins the cluster."""

    name = "recoupe-model"

    async def setup(self, worker: Worker) -> None:
        # In a thread: loading takes seconds, and the worker's event loop must keep answering
        # the scheduler meanwhile. Tasks wait for it on the model's lock.
        await asyncio.get_running_loop().run_in_executor(None, model)


class DaskEngine(Engine):
    name = "dask"

    def __init__(self, *, scheduler: str | None = None, workers: int = 2) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None

    def start(self) -> None:
        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            self._client.wait_for_workers(1, timeout=START_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            where = self.scheduler or "LocalCluster"
            raise EngineError(f"cannot start Dask: {exc}", path=where) from exc
        # Registering waits for the plugin's setup on every worker: the models are loaded.
        self._client.register_plugin(ModelLoader())
        self.workers = sum(self._client.nthreads().values())

    def warm_up(self) -> None:
        """Every worker has loaded the model once `start` returns."""

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Analysis]]]:
        client = self._connected
        todo = iter(chunks)
        pending: deque[tuple[Chunk, Future[Any]]] = deque()

        def fill() -> None:
            window = IN_FLIGHT * max(1, sum(client.nthreads().values()))
            while len(pending) < window and (chunk := next(todo, None)) is not None:
                pending.append((chunk, client.submit(analyse, chunk, pure=False)))

        fill()
        while pending:
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except Exception:  # KilledWorker (the task's workers died), or the task itself failed
                results = self._alone(chunk)
            yield chunk, results
            fill()

    def close(self, *, abort: bool = False) -> None:
        client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    @property
    def _connected(self) -> Client:
        if self._client is None:
            raise EngineError("the Dask client is not started")
        return self._client

    def _alone(self, chunk: Chunk) -> list[Analysis]:
        """Each document of `chunk` in a task of its own: only one that fails on its own
        (or kills every worker that tries it) is recorded as failed."""
        client = self._connected
        out = []
        for document in chunk:
            try:
                out.append(client.submit(analyse, [document], pure=False).result()[0])
            except KilledWorker:
                out.append(Analysis(document.id, error=WORKER_DIED))
            except Exception as exc:
                out.append(Analysis.failed(document, exc))
        return out
