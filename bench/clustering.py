"""Time and peak memory of incremental story clustering at 1k, 10k and 100k documents.

The corpus (default ../shared/data/rpm2, 400 articles) is analysed once to get real
`DocFeatures`; larger inputs are variants of them: each pass over the corpus is published a
month after the previous one (so the same topics make new stories), and every variant drops
some lemmas, reweights the others and adds new ones; one document in twenty is a lightly
edited copy of the previous one (the near-duplicate path). Each size is clustered in its own
spawned process, so its peak RSS (VmHWM) is its own; only `StoryClusterer.add` is timed
(sizes under 10k: the fastest of up to five runs).

With `--db` (repeatable: `sqlite`, or a postgresql:// URL), each size is also grouped through
that store, as `recoupe analyze` does it: the corpus is analysed by the real pipeline into a
SQLite template (`--template`, reused when present), whose fingerprints are then the bases of the
variants; each variant is saved with its base article's text, events and actor mentions by
`Store.save_analysed`, then `recoupe.grouping.group` is timed (placing every document in a story,
storing stories and wire copies, rebuilding every story's claims). Stores run before the
in-memory clusterer at each size, all in one run, so that they share the machine's load.

    .venv/bin/python bench/clustering.py [--corpus DIR] [--sizes 1000,10000,100000] [--features FILE]
                                         [--db sqlite] [--db postgresql://...] [--template FILE]
                                         [--timeout S] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "rpm2"
SIZES = (1_000, 10_000, 100_000)
TARGET_SECONDS = 600.0  # for 100k documents, on 2 cores
TARGET_EXPONENT = 1.2
COPY_EVERY = 20
WRITE_BATCH = 1_000  # documents per transaction when filling a store


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
    for _, features in based_variants(bases, n, seed):
        yield features


def based_variants(bases: list[dict[str, Any]], n: int, seed: int = 7) -> Iterator[tuple[int, Any]]:
    """As `variants`, each with the index in `bases` of the article it is made from."""
    from recoupe.stories.records import DocFeatures

    rng = random.Random(seed)
    start = date(2020, 1, 1)
    previous: Any = None
    source = 0
    for k in range(n):
        if previous is not None and k % COPY_EVERY == 0:
            # A wire copy: same text but a few shingles (a changed sentence), republished the same day.
            shingles = sorted(s if rng.random() > 0.08 else rng.getrandbits(64) for s in previous.shingles)
            yield source, (previous := DocFeatures(f"v{k}", previous.terms, previous.title_terms, previous.actors,
                                                   previous.events, previous.date, "copy", tuple(shingles)))
            continue
        source = k % len(bases)
        base = bases[source]
        month = k // len(bases)
        terms = {t: max(1, round(c * rng.uniform(0.5, 2.0))) for t, c in base["terms"].items() if rng.random() > 0.2}
        for j in range(6):  # lemmas of this month's news, and a few of this article's own
            terms[f"m{month}w{rng.randrange(60)}"] = rng.randint(1, 3)
            terms[f"d{k}w{j}"] = 1
        day = start + timedelta(days=30 * month + rng.randrange(6))
        shingles = sorted(s if rng.random() < 0.3 else rng.getrandbits(64) for s in base["shingles"])
        yield source, (previous := DocFeatures(
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


def store_material(template: Path) -> tuple[list[dict[str, Any]], list[tuple[Any, list[Any], list[Any]]]]:
    """The corpus as `analyze` stored it in `template`: each article's fingerprint (as a dict, the
    bases of `based_variants`) and its document, events and actor mentions, in document id order."""
    from recoupe.store import Store

    with Store(template, readonly=True) as store:
        fingerprints = sorted((f for f, _ in store.features()), key=lambda f: f.doc)
        documents = {d.id: d for d in store.documents()}
        events: dict[str, list[Any]] = {}
        for e in store.events():
            events.setdefault(e.doc, []).append(e)
        material = [(documents[f.doc], events.get(f.doc, []), store.actor_mentions(f.doc)) for f in fingerprints]
    return [asdict(f) for f in fingerprints], material


def analyse_template(corpus: Path, template: Path) -> None:
    """Analyse the corpus into the SQLite store `template` with the real pipeline (no grouping)."""
    from recoupe.pipeline import Options, analyze
    from recoupe.store import Store

    with Store(template) as store:
        analyze([corpus], store, options=Options(group=False))


def group_size(db: str, template: str, n: int) -> dict[str, Any]:
    """Write `n` variants into the store `db` as `analyze` writes analysed documents (document,
    events, actor mentions, fingerprint: `save_analysed`), then time `recoupe.grouping.group`:
    placing them in stories, persisting stories and wire copies, rebuilding every story's claims."""
    from recoupe.grouping import group
    from recoupe.records import Document
    from recoupe.store import Store

    bases, material = store_material(Path(template))
    setup = _peak_mib()
    with Store(db) as store:
        t = time.perf_counter()
        made = based_variants(bases, n)
        # Transactions of WRITE_BATCH documents (each one a savepoint): the rows `analyze` writes, sooner.
        while chunk := list(itertools.islice(made, WRITE_BATCH)):
            with store.batch():
                for source, features in chunk:
                    doc, events, mentions = material[source]
                    copy = Document.make(features.doc, doc.text, title=doc.title, outlet=features.outlet,
                                         published=features.date, language=doc.language)
                    store.save_analysed(copy, [replace(e, doc=copy.id, claim=None, story=None) for e in events],
                                        mentions, features)
        written = time.perf_counter() - t
        marks: dict[str, float] = {}
        t, c = time.perf_counter(), time.process_time()
        done = group(store, progress=lambda stage, k, total: marks.__setitem__(stage, time.perf_counter()))
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
    return {"docs": n, "seconds": seconds, "cpu_seconds": cpu, "docs_per_s": n / seconds,
            "clustering_seconds": marks.get("stories", t) - t, "write_seconds": written,
            "stories": done.opened, "duplicates": done.duplicates, "claims": done.claims,
            "setup_mib": setup, "peak_mib": _peak_mib()}


def _in_child(task: Callable[..., dict[str, Any]], args: tuple[Any, ...], n: int, timeout: float) -> dict[str, Any]:
    with mp.get_context("spawn").Pool(1) as pool:
        try:
            return pool.apply_async(task, args).get(timeout)
        except mp.TimeoutError:
            return {"docs": n, "error": f"{n} documents did not finish in {timeout:.0f}s"}
        except Exception as e:
            return {"docs": n, "error": "".join(traceback.format_exception(e))}


@contextmanager
def fresh_store(db: str, n: int, folder: Path) -> Iterator[str]:
    """An empty store for one size: a new SQLite file in `folder` ("sqlite"), or a new schema of the
    PostgreSQL database `db` (libpq's search_path), dropped afterwards."""
    if db == "sqlite":
        yield str(folder / f"clustering-{n}.db")
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    schema = f"bench_clustering_{n}"
    engine = create_engine(make_url(db).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield make_url(db).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def backend_name(db: str) -> str:
    return "sqlite" if db == "sqlite" else "postgresql"


def growth_exponent(rows: list[dict[str, Any]], key: str = "seconds") -> float | None:
    """Least-squares slope of log(time) against log(docs): 1.0 is linear."""
    points = [(math.log(r["docs"]), math.log(r[key])) for r in rows if "error" not in r]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def run(corpus: Path, sizes: tuple[int, ...], cache: Path | None, timeout: float,
        stores: tuple[str, ...] = (), template: Path | None = None) -> dict[str, Any]:
    """The in-memory clusterer at each size, then (with `stores`) grouping through each store at
    the same size, so that every back-end runs a size under about the same load."""
    with tempfile.TemporaryDirectory(prefix="recoupe-clustering-") as tmp:
        if stores:
            template = template or Path(tmp) / "template.db"
            if not template.exists():
                analyse_template(corpus, template)
            bases = store_material(template)[0]
        else:
            bases = base_features(corpus, cache)
        phases: dict[str, list[dict[str, Any]]] = {backend_name(db): [] for db in stores} | {"memory": []}
        for n in sizes:  # the stores first: at 100k documents they are what the run is for
            for db in stores:
                with fresh_store(db, n, Path(tmp)) as target:
                    _done(phases, backend_name(db), _in_child(group_size, (target, str(template), n), n, timeout))
            _done(phases, "memory", _in_child(cluster_size, (bases, n), n, timeout))
    summary = {name: _judge(rows) for name, rows in phases.items()}
    return {"corpus": str(corpus), "base_documents": len(bases), "phases": phases, "summary": summary,
            "meets_target": all(s["meets_target"] for s in summary.values())}


def _done(phases: dict[str, list[dict[str, Any]]], name: str, row: dict[str, Any]) -> None:
    """Keep `row`, and say it on stderr at once: a run at 100k documents lasts an hour."""
    phases[name].append(row)
    said = {k: round(v, 1) if isinstance(v, float) else v for k, v in row.items() if k != "error"}
    print(f"{name}: {json.dumps(said)}" + (" failed" if "error" in row else ""), file=sys.stderr, flush=True)


def _judge(rows: list[dict[str, Any]]) -> dict[str, Any]:
    exponent = growth_exponent(rows)
    largest = rows[-1]
    return {"exponent": exponent, "cpu_exponent": growth_exponent(rows, "cpu_seconds"),
            "meets_target": exponent is not None and exponent <= TARGET_EXPONENT and "error" not in largest
            and (largest["docs"] < 100_000 or largest["seconds"] <= TARGET_SECONDS)}


PHASES = {"memory": "in memory (StoryClusterer.add)", "sqlite": "SQLite store (grouping.group)",
          "postgresql": "PostgreSQL store (grouping.group)"}


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Story clustering, variants of {result['base_documents']} articles of {result['corpus']}")
    columns = ("docs", "clustered by", "seconds", "CPU seconds", "docs/s", "of which clustering", "writing s",
               "stories", "duplicates", "claims", "peak RSS (MiB)")
    for col in columns:
        table.add_column(col, justify="left" if col == "clustered by" else "right")
    rows = sorted(((row["docs"], k, name, row) for k, (name, phase) in enumerate(result["phases"].items())
                   for row in phase), key=lambda item: item[:2])
    for docs, _, name, row in rows:
        if "error" in row:
            table.add_row(f"{docs:,}", name, "[red]failed[/]", *[""] * (len(columns) - 3))
            continue
        extra = (f"{row['clustering_seconds']:.1f}", f"{row['write_seconds']:.1f}") if "claims" in row else ("", "")
        table.add_row(f"{docs:,}", name, f"{row['seconds']:.1f}", f"{row['cpu_seconds']:.1f}",
                      f"{row['docs_per_s']:,.0f}", *extra, f"{row['stories']:,}", f"{row['duplicates']:,}",
                      f"{row['claims']:,}" if "claims" in row else "", f"{row['peak_mib']:.0f}")
    lines = []
    for name, s in result["summary"].items():
        exponent, cpu = s["exponent"], s["cpu_exponent"]
        ok = "[green]meets[/]" if s["meets_target"] else "[red]misses[/]"
        lines.append(f"{PHASES[name]}: growth exponent (log-log slope of time vs docs) "
                     f"{'n/a' if exponent is None else f'{exponent:.2f}'}, in CPU time "
                     f"{'n/a' if cpu is None else f'{cpu:.2f}'}: {ok} the targets")
    lines.append(f"targets: exponent ≤ {TARGET_EXPONENT}, 100k docs ≤ {TARGET_SECONDS / 60:.0f} min; "
                 "stores: seconds = grouping (placing + claims), writing is not timed in them")
    table.caption = "\n".join(lines)
    console = Console()
    if not console.is_terminal:  # piped or logged: rich's 80 columns would cut the headers
        console = Console(width=max(console.width, 150))
    console.print(table)
    for name, phase in result["phases"].items():
        for row in phase:
            if "error" in row:
                console.print(f"[red]error ({name}, {row['docs']:,}):[/] {row['error']}", highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated document counts")
    parser.add_argument("--features", type=Path, default=None,
                        help="JSON cache of the corpus features (read if present, else written)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per size")
    parser.add_argument("--db", action="append", default=[], metavar="URL",
                        help="also group through a store at each size: 'sqlite' (a new file per size) or a "
                             "postgresql:// URL (a new schema per size, dropped after); repeatable")
    parser.add_argument("--template", type=Path, default=None,
                        help="with --db: the corpus analysed into a SQLite store (reused if present, else written)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() and not (args.features and args.features.is_file()):
        parser.error(f"no corpus folder at {args.corpus}")
    sizes = tuple(int(s) for s in args.sizes.split(","))
    if args.db and not args.corpus.is_dir() and not (args.template and args.template.exists()):
        parser.error(f"--db needs the corpus folder or an analysed --template: no corpus folder at {args.corpus}")
    result = run(args.corpus.resolve(), sizes, args.features, args.timeout, tuple(args.db), args.template)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
