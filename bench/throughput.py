"""Throughput and peak memory of recoupe's full job against bare spaCy, on one corpus.

Each phase runs in its own spawned process, so its peak RSS (ru_maxrss) is its own;
model loading happens before the clock starts in both phases.

    .venv/bin/python bench/throughput.py [--corpus DIR] [--limit N] [--timeout S] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "rpm2"
TARGET = 0.80
MEMORY_SIZES = (100, 400)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _files(corpus: Path, limit: int | None) -> list[Path]:
    from recoupe.ingest.sources import iter_files

    return list(islice(iter_files([corpus]), limit))


def _baseline(corpus: Path, limit: int | None) -> dict[str, Any]:
    import spacy

    files = _files(corpus, limit)
    nlp = spacy.load("fr_core_news_md")
    loaded = _peak_mib()
    chars = 0

    def texts() -> Iterator[str]:
        nonlocal chars
        for path in files:
            text = path.read_text(encoding="utf-8-sig")
            chars += len(text)
            yield text

    docs = 0
    start = time.perf_counter()
    for _doc in nlp.pipe(texts(), batch_size=32):
        docs += 1
    seconds = time.perf_counter() - start
    return {"docs": docs, "seconds": seconds, "docs_per_s": docs / seconds, "chars": chars,
            "chars_per_s": chars / seconds, "loaded_mib": loaded, "peak_mib": _peak_mib()}


def _full(corpus: Path, limit: int | None) -> dict[str, Any]:
    from recoupe.nlp import build_nlp
    from recoupe.pipeline import Options, analyze
    from recoupe.store.sqlite import Store

    paths: list[Path] = [corpus] if limit is None else _files(corpus, limit)
    build_nlp()
    loaded = _peak_mib()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        summary = analyze(paths, store, options=Options(force=True))
        seconds = time.perf_counter() - start
    docs = summary.analysed
    return {"docs": docs, "seconds": seconds, "docs_per_s": docs / seconds, "events": summary.events,
            "failed": summary.failed, "skipped": summary.other_language,
            "loaded_mib": loaded, "peak_mib": _peak_mib()}


def _in_child(phase: str, corpus: Path, limit: int | None, timeout: float) -> dict[str, Any]:
    """Run one phase in a fresh interpreter (spawn), so ru_maxrss covers that phase alone.
    A phase that raises or outlives `timeout` gives {"error": ...} (the worker is killed)."""
    target = _baseline if phase == "baseline" else _full
    with mp.get_context("spawn").Pool(1) as pool:
        try:
            return pool.apply_async(target, (corpus, limit)).get(timeout)
        except mp.TimeoutError:
            return {"error": f"{phase} (limit={limit}) did not finish in {timeout:.0f}s"}
        except Exception as e:  # the child's traceback travels as e.__cause__
            return {"error": "".join(traceback.format_exception(e))}


def run(corpus: Path, limit: int | None, timeout: float) -> dict[str, Any]:
    base = _in_child("baseline", corpus, limit, timeout)
    full = _in_child("full", corpus, limit, timeout)
    memory = {}
    for size in MEMORY_SIZES:  # the full job at several corpus sizes: peak RSS should stay flat
        same = limit == size or (limit is None and base.get("docs", 0) <= size)
        memory[str(size)] = full if same else _in_child("full", corpus, size, timeout)
    ok = "error" not in base and "error" not in full
    ratio = full["docs_per_s"] / base["docs_per_s"] if ok else None
    return {"corpus": str(corpus), "limit": limit, "baseline": base, "recoupe": full,
            "ratio": ratio, "target": TARGET, "meets_target": ratio is not None and ratio >= TARGET,
            "full_job_memory": {n: r if "error" in r else {k: r[k] for k in ("docs", "loaded_mib", "peak_mib")}
                                for n, r in memory.items()}}


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    base, full = result["baseline"], result["recoupe"]
    table = Table(title=f"Throughput on {result['corpus']}")
    for col in ("", "docs", "seconds", "docs/s", "chars/s", "peak RSS (MiB)"):
        table.add_column(col, justify="right" if col else "left")
    for name, row in (("spaCy baseline", base), ("recoupe analyze", full)):
        if "error" in row:
            table.add_row(name, "[red]failed[/]", "", "", "", "")
            continue
        chars = f"{row['chars_per_s']:,.0f}" if "chars_per_s" in row else ""
        table.add_row(name, str(row["docs"]), f"{row['seconds']:.1f}", f"{row['docs_per_s']:.2f}",
                      chars, f"{row['peak_mib']:.0f}")
    if result["ratio"] is not None:
        ok = "[green]meets[/]" if result["meets_target"] else "[red]misses[/]"
        table.caption = f"ratio recoupe/baseline = {result['ratio']:.2f} ({ok} target ≥ {TARGET:.2f})"
    mem = Table(title="Full job peak RSS by corpus size")
    for col in ("--limit", "documents", "after load (MiB)", "peak RSS (MiB)"):
        mem.add_column(col, justify="right")
    for size, row in result["full_job_memory"].items():
        cells = (("[red]failed[/]", "", "") if "error" in row else
                 (str(row["docs"]), f"{row['loaded_mib']:.0f}", f"{row['peak_mib']:.0f}"))
        mem.add_row(size, *cells)
    console = Console()
    console.print(table)
    console.print(mem)
    errors = {row["error"] for row in (base, full, *result["full_job_memory"].values()) if "error" in row}
    for error in errors:
        console.print(f"[red]error:[/] {error}", highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed per phase")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    result = run(args.corpus.resolve(), args.limit, args.timeout)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    failed = any("error" in r for r in (result["baseline"], *result["full_job_memory"].values()))
    return 1 if failed or result["ratio"] is None else 0


if __name__ == "__main__":
    sys.exit(main())
