"""Time and peak memory of incremental story clustering at 1k, 10k and 100k documents.

The corpus (default ../shared/data/rpm2, 400 articles) is analysed once to get real
`DocFeatures`; larger inputs are variants of them: each pass over the corpus is published a
month after the previous one (so the same topics make new stories), and every variant drops
some lemmas, reweights the others and adds new ones; one document in twenty is a lightly
edited copy of the previous one (the near-duplicate path). Each size is clustered in its own
spawned process, so its peak RSS (VmHWM) is its own; only `StoryClusterer.add` is timed
(sizes under 10k: the fastest of up to five runs).

    .venv/bin/python bench/clustering.py [--corpus DIR] [--sizes 1000,10000,100000] [--features FILE]
                                         [--timeout S] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import random
import resource
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "rpm2"
SIZES = (1_000, 10_000, 100_000)
TARGET_SECONDS = 600.0  # for 100k documents, on 2 cores
TARGET_EXPONENT = 1.2
COPY_EVERY = 20


def _peak_mib() -> float:
    """Peak RSS of this process. VmHWM, not ru_maxrss: ru_maxrss survives exec, so a worker spawned
    by a parent that loaded spaCy would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def base_features(corpus: Path, cache: Path | None) -> list[dict[str, Any]]:
    """DocFeatures (as dicts) of every article of the corpus, from the full pipeline; cached in `cache`."""
    if cache is not None and cache.is_file():
        loaded: list[dict[str, Any]] = json.loads(cache.read_text(encoding="utf-8"))
        return loaded
    from recoupe.errors import IngestError
    from recoupe.ingest.readers import read_paths
    from recoupe.nlp import build_nlp
    from recoupe.stories.features import features_of

    docs = [d for d in read_paths([corpus]) if not isinstance(d, IngestError)]
    nlp = build_nlp()
    out = []
    for spdoc, doc in nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=32):
        out.append(asdict(features_of(spdoc, doc, spdoc._.events or [])))
    if cache is not None:
        cache.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def variants(bases: list[dict[str, Any]], n: int, seed: int = 7) -> Iterator[Any]:
    """`n` DocFeatures made from `bases`, deterministically, in publication order."""
    from recoupe.stories.records import DocFeatures

    rng = random.Random(seed)
    start = date(2020, 1, 1)
    previous: Any = None
    for k in range(n):
        if previous is not None and k % COPY_EVERY == 0:
            # A wire copy: same text but a few shingles (a changed sentence), republished the same day.
            shingles = sorted(s if rng.random() > 0.08 else rng.getrandbits(64) for s in previous.shingles)
            yield (previous := DocFeatures(f"v{k}", previous.terms, previous.title_terms, previous.actors,
                                           previous.events, previous.date, "copy", tuple(shingles)))
            continue
        base = bases[k % len(bases)]
        month = k // len(bases)
        terms = {t: max(1, round(c * rng.uniform(0.5, 2.0))) for t, c in base["terms"].items() if rng.random() > 0.2}
        for j in range(6):  # lemmas of this month's news, and a few of this article's own
            terms[f"m{month}w{rng.randrange(60)}"] = rng.randint(1, 3)
            terms[f"d{k}w{j}"] = 1
        day = start + timedelta(days=30 * month + rng.randrange(6))
        shingles = sorted(s if rng.random() < 0.3 else rng.getrandbits(64) for s in base["shingles"])
        yield (previous := DocFeatures(
            doc=f"v{k}", terms=terms, title_terms=base["title_terms"], actors=base["actors"],
            events=tuple(base["events"]), date=day.isoformat(), outlet=None, shingles=tuple(shingles),
        ))


def cluster_size(bases: list[dict[str, Any]], n: int) -> dict[str, Any]:
    """Cluster `n` variants; small sizes are run several times and the fastest run is kept, so
    that a scheduler hiccup of a second does not decide the growth exponent."""
    from recoupe.stories.cluster import StoryClusterer

    setup = _peak_mib()
    best: dict[str, Any] = {}
    for _ in range(max(1, min(5, 10_000 // n))):
        clusterer = StoryClusterer()
        seconds = cpu = 0.0
        duplicates = 0
        for features in variants(bases, n):
            t, c = time.perf_counter(), time.process_time()
            assignment = clusterer.add(features)
            seconds += time.perf_counter() - t
            cpu += time.process_time() - c
            duplicates += assignment.duplicate_of is not None
        if not best or seconds < best["seconds"]:
            best = {"docs": n, "seconds": seconds, "cpu_seconds": cpu, "docs_per_s": n / seconds,
                    "stories": clusterer.story_count, "duplicates": duplicates}
    return best | {"setup_mib": setup, "peak_mib": _peak_mib()}


def _in_child(bases: list[dict[str, Any]], n: int, timeout: float) -> dict[str, Any]:
    with mp.get_context("spawn").Pool(1) as pool:
        try:
            return pool.apply_async(cluster_size, (bases, n)).get(timeout)
        except mp.TimeoutError:
            return {"docs": n, "error": f"{n} documents did not finish in {timeout:.0f}s"}
        except Exception as e:
            return {"docs": n, "error": "".join(traceback.format_exception(e))}


def growth_exponent(rows: list[dict[str, Any]], key: str = "seconds") -> float | None:
    """Least-squares slope of log(time) against log(docs): 1.0 is linear."""
    points = [(math.log(r["docs"]), math.log(r[key])) for r in rows if "error" not in r]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def run(corpus: Path, sizes: tuple[int, ...], cache: Path | None, timeout: float) -> dict[str, Any]:
    bases = base_features(corpus, cache)
    rows = [_in_child(bases, n, timeout) for n in sizes]
    exponent = growth_exponent(rows)
    largest = rows[-1]
    return {"corpus": str(corpus), "base_documents": len(bases), "rows": rows, "exponent": exponent,
            "cpu_exponent": growth_exponent(rows, "cpu_seconds"),
            "meets_target": exponent is not None and exponent <= TARGET_EXPONENT and "error" not in largest
            and (largest["docs"] < 100_000 or largest["seconds"] <= TARGET_SECONDS)}


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Story clustering, variants of {result['base_documents']} articles of {result['corpus']}")
    for col in ("docs", "seconds", "CPU seconds", "docs/s", "stories", "duplicates", "peak RSS (MiB)"):
        table.add_column(col, justify="right")
    for row in result["rows"]:
        if "error" in row:
            table.add_row(f"{row['docs']:,}", "[red]failed[/]", "", "", "", "", "")
            continue
        table.add_row(f"{row['docs']:,}", f"{row['seconds']:.1f}", f"{row['cpu_seconds']:.1f}",
                      f"{row['docs_per_s']:,.0f}", f"{row['stories']:,}", f"{row['duplicates']:,}",
                      f"{row['peak_mib']:.0f}")
    exponent, cpu = result["exponent"], result["cpu_exponent"]
    ok = "[green]meets[/]" if result["meets_target"] else "[red]misses[/]"
    table.caption = (f"growth exponent (log-log slope of time vs docs) = "
                     f"{'n/a' if exponent is None else f'{exponent:.2f}'} "
                     f"(in CPU time: {'n/a' if cpu is None else f'{cpu:.2f}'}; {ok} target: ≤ {TARGET_EXPONENT}, "
                     f"100k docs ≤ {TARGET_SECONDS / 60:.0f} min)")
    console = Console()
    console.print(table)
    for row in result["rows"]:
        if "error" in row:
            console.print(f"[red]error:[/] {row['error']}", highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated document counts")
    parser.add_argument("--features", type=Path, default=None,
                        help="JSON cache of the corpus features (read if present, else written)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per size")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() and not (args.features and args.features.is_file()):
        parser.error(f"no corpus folder at {args.corpus}")
    sizes = tuple(int(s) for s in args.sizes.split(","))
    result = run(args.corpus.resolve(), sizes, args.features, args.timeout)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
