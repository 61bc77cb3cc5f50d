"""Scaling out, in one run: throughput of bare spaCy (1 process), recoupe with 1 and 2 worker
processes and on a 2-worker Dask LocalCluster, as ratios; peak memory per worker.

Each phase runs in its own spawned process (its workers are its children); workers are
started and their models loaded before the clock starts, in every phase. Memory is each
process's peak RSS (VmHWM), sampled over the phase: "per worker" is the largest worker's.
Only public entry points are used (`recoupe.engines.open_engine`, `recoupe.pipeline.analyze`),
so the benchmark does not depend on how the extractor works inside.

    .venv/bin/python bench/scale.py [--corpus DIR] [--limit N] [--workers 2] [--rounds N] [--db URL] [--json]

`--db URL`: the store the recoupe phases write to (default: a fresh SQLite file per phase),
e.g. a throwaway PostgreSQL database once that store lands; it is reused by every phase.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, _baseline, _fastest, _files  # bench/ is not a package

TARGET_TWO_WORKERS = 1.3  # 2 workers against 1, on a 2-core machine (issue 13)


class _PeakMemory:
    """The peak RSS (VmHWM) of this process and of every process it starts, sampled in a thread."""

    def __init__(self, every: float = 0.25) -> None:
        self.every = every
        self.peaks: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        import psutil

        me = psutil.Process()
        for process in [me, *me.children(recursive=True)]:
            try:
                peak = _vmhwm_mib(process.pid)
                if process.pid not in self.names:
                    self.names[process.pid] = " ".join(process.cmdline())
            except (OSError, psutil.Error):  # ended between the listing and the read
                continue
            self.peaks[process.pid] = max(peak, self.peaks.get(process.pid, 0.0))

    def workers(self) -> list[float]:
        """Peaks of the processes that ran analyses (not the resource tracker, not the main process)."""
        own = os.getpid()
        return sorted((peak for pid, peak in self.peaks.items()
                       if pid != own and "resource_tracker" not in self.names.get(pid, "")), reverse=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)
        self.sample()


def _vmhwm_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _recoupe(corpus: Path, limit: int | None, engine: str, workers: int, db: str | None) -> dict[str, Any]:
    from recoupe.engines import open_engine
    from recoupe.pipeline import Options, analyze
    from recoupe.store import Store

    paths: list[Path] = [corpus] if limit is None else _files(corpus, limit)
    with _PeakMemory() as memory, tempfile.TemporaryDirectory() as tmp, \
            open_engine(engine, workers=workers) as running:
        running.warm_up()
        memory.sample()
        loaded = dict(memory.peaks)
        with Store(db or Path(tmp) / "bench.db") as store:
            start = time.perf_counter()
            summary = analyze(paths, store, options=Options(force=True), engine=running)
            seconds = time.perf_counter() - start
        memory.sample()
    own = memory.peaks.get(os.getpid(), 0.0)
    workers_peak = memory.workers() or [own]  # one process: the main process is the worker
    return {"docs": summary.analysed, "failed": summary.failed, "events": summary.events, "seconds": seconds,
            "docs_per_s": summary.analysed / seconds, "workers": workers,
            "main_after_load_mib": loaded.get(os.getpid(), 0.0), "main_peak_mib": own,
            "worker_peak_mib": max(workers_peak), "worker_peaks_mib": workers_peak,
            "peak_mib": own + sum(memory.workers())}


PHASES: dict[str, tuple[str, int] | None] = {
    "spacy": None,  # bare spaCy, one process (throughput.py's baseline)
    "recoupe-1": ("local", 1),
    "recoupe-N": ("local", 0),  # 0: --workers
    "dask-N": ("dask", 0),
}


def _phase(name: str, corpus: Path, limit: int | None, workers: int, db: str | None) -> dict[str, Any]:
    spec = PHASES[name]
    if spec is None:
        return _baseline(corpus, limit)
    engine, n = spec
    return _recoupe(corpus, limit, engine, n or workers, db)


def _in_child(name: str, corpus: Path, limit: int | None, workers: int, db: str | None,
              timeout: float) -> dict[str, Any]:
    """One phase in a fresh spawned process; {"error": ...} if it raises or outlives `timeout`.
    Not a Pool: a pool's worker is a daemon, and daemons may not start the phase's own workers."""
    ctx = mp.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run_phase, args=(send, name, corpus, limit, workers, db))
    child.start()
    send.close()
    try:
        if receive.poll(timeout):
            return receive.recv()  # type: ignore[no-any-return]
        return {"error": f"{name} did not finish in {timeout:.0f}s"}
    except EOFError:
        return {"error": f"{name}: the phase's process died (exit code {child.exitcode})"}
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _run_phase(send: Any, name: str, corpus: Path, limit: int | None, workers: int, db: str | None) -> None:
    try:
        result = _phase(name, corpus, limit, workers, db)
    except Exception as e:
        result = {"error": "".join(traceback.format_exception(e))}
    send.send(result)


def run(corpus: Path, limit: int | None, workers: int, timeout: float, rounds: int = 1,
        db: str | None = None) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in PHASES}
    for _ in range(rounds):  # interleaved, so that a slow spell of the machine hits every phase
        for name, results in runs.items():
            results.append(_in_child(name, corpus, limit, workers, db, timeout))
    best = {name: _fastest(results) for name, results in runs.items()}

    def ratio(a: str, b: str) -> float | None:
        if "error" in best[a] or "error" in best[b]:
            return None
        return float(best[a]["docs_per_s"] / best[b]["docs_per_s"])

    ratios = {
        "recoupe-1 / spacy": ratio("recoupe-1", "spacy"),
        "recoupe-N / recoupe-1": ratio("recoupe-N", "recoupe-1"),
        "dask-N / recoupe-1": ratio("dask-N", "recoupe-1"),
        "recoupe-N / spacy": ratio("recoupe-N", "spacy"),
        "dask-N / spacy": ratio("dask-N", "spacy"),
    }
    two = ratios["recoupe-N / recoupe-1"]
    return {"corpus": str(corpus), "limit": limit, "workers": workers, "rounds": rounds, "db": db,
            "cores": len(os.sched_getaffinity(0)), "phases": best, "ratios": ratios,
            "target_workers": TARGET_TWO_WORKERS, "meets_target": two is not None and two >= TARGET_TWO_WORKERS}


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    n = result["workers"]
    names = {"spacy": "bare spaCy, 1 process", "recoupe-1": "recoupe, 1 process",
             "recoupe-N": f"recoupe, {n} worker processes", "dask-N": f"recoupe, Dask LocalCluster of {n}"}
    table = Table(title=f"Scaling on {result['corpus']} ({result['cores']} cores)")
    for col in ("", "docs", "seconds", "docs/s", "main peak (MiB)", "per-worker peak (MiB)"):
        table.add_column(col, justify="right" if col else "left")
    for key, name in names.items():
        row = result["phases"][key]
        if "error" in row:
            table.add_row(name, "[red]failed[/]", "", "", "", "")
            continue
        worker = f"{row['worker_peak_mib']:.0f}" if "worker_peak_mib" in row else f"{row['peak_mib']:.0f}"
        main = f"{row['main_peak_mib']:.0f}" if "main_peak_mib" in row else ""
        table.add_row(name, str(row["docs"]), f"{row['seconds']:.1f}", f"{row['docs_per_s']:.2f}", main, worker)
    ratios = Table(title="Throughput ratios")
    ratios.add_column("ratio")
    ratios.add_column("value", justify="right")
    for key, value in result["ratios"].items():
        ratios.add_row(key.replace("N", str(n)), "failed" if value is None else f"{value:.2f}")
    ok = "[green]meets[/]" if result["meets_target"] else "[red]misses[/]"
    ratios.caption = f"{n} workers / 1: {ok} target ≥ {result['target_workers']:.1f}"
    if result["rounds"] > 1:
        ratios.caption += f"; fastest of {result['rounds']} interleaved runs per phase"
    console = Console()
    console.print(table)
    console.print(ratios)
    for key, row in result["phases"].items():
        if "error" in row:
            console.print(f"[red]error in {key}:[/] {row['error']}", highlight=False, markup=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--workers", type=int, default=2, help="workers of the multi-process and Dask phases")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the phases this many times, interleaved, keeping each one's fastest run")
    parser.add_argument("--db", default=None, help="store URL or file for the recoupe phases (default: temp SQLite)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per phase")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    if args.rounds < 1 or args.workers < 2:
        parser.error("--rounds must be at least 1 and --workers at least 2")
    result = run(args.corpus.resolve(), args.limit, args.workers, args.timeout, args.rounds, args.db)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    return 1 if any("error" in row for row in result["phases"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
