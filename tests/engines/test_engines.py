"""Whatever runs the per-document stage (this process, 2 worker processes, a 2-worker Dask
LocalCluster), the store ends the same: same documents, events, stories and claims, exports
byte-identical. A worker killed mid-batch, or the whole run killed, loses nothing and doubles
nothing once the batch is run again."""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from recoupe.export import write_events, write_stories
from recoupe.export.claims import write_claims
from recoupe.pipeline import Options, analyze
from recoupe.store import Store

pytestmark = pytest.mark.model

# Two RPM2 topics, each told as two stories a month apart: shared actors, joins, claims.
ARTICLES = [f"T{t:02d}_C{c}_{n:02d}" for t in (1, 2) for c in (1, 2) for n in range(1, 7)]


def exports(db: Path) -> dict[str, str]:
    """Everything a user can read back, as text."""
    out: dict[str, str] = {}
    with Store(db) as store:
        for name, write in (("events.jsonl", lambda o: write_events(store, o, format="jsonl")),
                            ("events.csv", lambda o: write_events(store, o, format="csv")),
                            ("stories.jsonl", lambda o: write_stories(store, o, format="jsonl")),
                            ("claims.jsonl", lambda o: write_claims(store.claims(), o, format="jsonl"))):
            buffer = io.StringIO()
            write(buffer)
            out[name] = buffer.getvalue()
        out["documents"] = "\n".join(f"{d.id} {d.hash}" for d in store.documents())
        out["duplicates"] = repr(sorted(store.duplicates().items()))
        out["failures"] = repr([path for path, _, _ in store.failures()])
    return out


@pytest.fixture(scope="module")
def corpus(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "rpm2"
    folder.mkdir()
    for name in ARTICLES:
        shutil.copy(shared / "data" / "rpm2" / f"{name}.txt", folder)
    return folder


@pytest.fixture(scope="module")
def reference(nlp: object, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One process, the reference every engine must equal."""
    db = tmp_path_factory.mktemp("reference") / "one.db"
    with Store(db) as store:
        summary = analyze([corpus], store, options=Options(workers=1))
    assert summary.analysed == len(ARTICLES) and summary.failed == 0
    found = exports(db)
    assert found["events.jsonl"].count("\n") > 5 and found["claims.jsonl"]
    return found


def test_two_worker_processes_store_what_one_process_stores(corpus: Path, reference: dict[str, str],
                                                            tmp_path: Path) -> None:
    with Store(tmp_path / "two.db") as store:
        summary = analyze([corpus], store, options=Options(workers=2))
    assert summary.analysed == len(ARTICLES)
    assert exports(tmp_path / "two.db") == reference


def test_a_two_worker_dask_cluster_stores_what_one_process_stores(corpus: Path, reference: dict[str, str],
                                                                  tmp_path: Path) -> None:
    with Store(tmp_path / "dask.db") as store:
        summary = analyze([corpus], store, options=Options(engine="dask", workers=2))
    assert summary.analysed == len(ARTICLES)
    assert exports(tmp_path / "dask.db") == reference


def _start(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "recoupe.cli.main", "analyze", str(corpus), "--db", str(db),
                             "--workers", "2", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _when_stored(run: subprocess.Popen[str], db: Path, at_least: int, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and run.poll() is None:
        n = _stored(db)
        if n >= at_least:
            return n
        time.sleep(0.05)
    raise AssertionError(f"analyze ended or stalled before storing {at_least} documents: {run.communicate()}")


def _workers(run: subprocess.Popen[str]) -> list[psutil.Process]:
    children = psutil.Process(run.pid).children()
    return [p for p in children if "spawn_main" in " ".join(p.cmdline())]


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(corpus: Path, reference: dict[str, str],
                                                                      tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    run = _start(corpus, db)
    assert _when_stored(run, db, 2) < len(ARTICLES)
    workers = _workers(run)
    assert len(workers) == 2
    workers[0].send_signal(signal.SIGKILL)
    _, err = run.communicate(timeout=600)
    assert run.returncode == 0, err  # the chunks in flight were analysed again by a new worker
    again = subprocess.run([sys.executable, "-m", "recoupe.cli.main", "analyze", str(corpus), "--db", str(db),
                            "--workers", "2", "--quiet"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert exports(db) == reference


def test_a_run_killed_mid_batch_resumes_without_loss_or_duplicates(corpus: Path, reference: dict[str, str],
                                                                   tmp_path: Path) -> None:
    db = tmp_path / "resumed.db"
    run = _start(corpus, db)
    stored = _when_stored(run, db, 3)
    os.killpg(run.pid, signal.SIGKILL)  # the main process and its workers
    run.communicate(timeout=60)
    assert 3 <= _stored(db) < len(ARTICLES) and stored <= _stored(db)
    again = subprocess.run([sys.executable, "-m", "recoupe.cli.main", "analyze", str(corpus), "--db", str(db),
                            "--workers", "2", "--quiet"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert exports(db) == reference


def test_ctrl_c_keeps_every_stored_document_and_the_rerun_finishes_the_batch(
        corpus: Path, reference: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "interrupted.db"
    run = _start(corpus, db)
    stored = _when_stored(run, db, 3)
    os.killpg(run.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    _, err = run.communicate(timeout=120)
    assert run.returncode == 130 and "interrupted" in err, err
    assert stored <= _stored(db) < len(ARTICLES)
    again = subprocess.run([sys.executable, "-m", "recoupe.cli.main", "analyze", str(corpus), "--db", str(db),
                            "--workers", "2", "--quiet"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert exports(db) == reference
