"""Kill and resume (issue 9): `analyze` killed with SIGKILL at 20 moments of a small batch, through
parsing, storing, grouping and claim building, then re-run: the store ends equal to a clean
run's (documents, events, stories, claims, failures; sorted exports byte for byte), with no
grouping left to do. On both back-ends; and both back-ends store the batch identically.

The moments come from a seeded random generator over the clean run's own timeline: after the
k-th message of a phase (documents read and stored, documents placed, stories' claims rebuilt),
plus a random part of the time to its next message. They go in five sequences of four kills:
each run resumes what the killed one before it left, and is killed in turn.
"""

from __future__ import annotations

import random
import shutil
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from recoupe.ingest.language import detect_language
from recoupe.pipeline import analyze
from recoupe.store import Store

from .forks import Moment, one_process_options, run_analyze
from .snapshot import differences, snapshot

pytestmark = pytest.mark.model

SEED = 20261203
SEQUENCES = 5
# The kills of one sequence, in order. The last one lands in a run with nothing left to analyse
# (a claims phase there might never come: the run before may have rebuilt every claim).
PHASES = ("documents", "stories", "claims", "documents")
RPM2 = ("T02_C1_04.txt", "T02_C1_09.txt", "T08_C1_02.txt", "T13_C1_08.txt")  # short articles


@pytest.fixture(scope="module")
def batch(shared: Path, nlp: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seeds and four short RPM2 articles (three stories' worth), and a bad file."""
    folder = tmp_path_factory.mktemp("kill") / "batch"
    folder.mkdir()
    for f in [*sorted((shared / "seeds").glob("*.txt")), *(shared / "data" / "rpm2" / n for n in RPM2)]:
        shutil.copy(f, folder / f.name)
    (folder / "broken.txt").write_bytes(b"\x00\x01PNG" * 10)
    detect_language("Le gouvernement a annoncé jeudi de nouvelles mesures.")  # lingua loaded before forking
    return folder


def _clean_run(db: str, batch: Path) -> tuple[dict[str, object], list[tuple[str, float]]]:
    """A run nobody kills, in this process: the store to reach, and the timeline of its messages."""
    started = time.monotonic()
    timeline: list[tuple[str, float]] = [("start", 0.0)]

    def tell(phase: str) -> None:
        timeline.append((phase, time.monotonic() - started))

    with Store(db) as store:
        analyze([batch], store, options=one_process_options(), notify=lambda kind, err: tell("documents"),
                progress=lambda stage, done, total: tell(stage))
        timeline.append(("done", time.monotonic() - started))
        return snapshot(store), timeline


def moments(timeline: list[tuple[str, float]], rng: random.Random) -> list[list[Moment]]:
    """SEQUENCES x PHASES kill moments from the clean run's timeline."""
    sequences = []
    for _ in range(SEQUENCES):
        sequence = []
        for phase in PHASES:
            # The k-th message of the phase (documents: 0 is the start of the run), and the time to
            # the next message; for stories, to the first claims message: the documents placed are
            # written after the last "stories" message, and a kill must be able to land there too.
            steps, count = [], 0
            for k, (seen, at) in enumerate(timeline[:-1]):
                if seen == phase or (phase == "documents" and seen == "start"):
                    count += seen == phase
                    later = (t for p, t in timeline[k + 1:] if phase != "stories" or p != "stories")
                    steps.append((count, next(later) - at))
            ordinal, gap = rng.choice(steps)
            sequence.append(Moment(phase, ordinal, rng.uniform(0.0, gap)))
        sequences.append(sequence)
    return sequences


def test_killed_runs_resume_to_the_clean_store(new_db: Callable[[], str], batch: Path) -> None:
    want, timeline = _clean_run(new_db(), batch)
    assert want["left to do"] == ([], [])
    assert {p for p, _ in timeline} >= {"documents", "stories", "claims"}
    outcomes: Counter[str] = Counter()
    for sequence in moments(timeline, random.Random(SEED)):
        db = new_db()
        for moment in sequence:
            run = run_analyze(db, [batch], moment)
            outcomes[run.outcome, moment.phase] += 1
        final = run_analyze(db, [batch])
        assert final.outcome == "finished"
        with Store(db, readonly=True) as store:
            got = snapshot(store)
        assert got == want, (sequence, differences(got, want))
    killed = sum(n for (outcome, _), n in outcomes.items() if outcome == "killed")
    # A moment later than the end of a short resumed run lets it finish.
    assert killed >= 15, outcomes
    assert all(outcomes["killed", phase] for phase in set(PHASES)), outcomes


def test_both_backends_store_the_batch_identically(pg_dbs: Callable[[], str], tmp_path: Path,
                                                   batch: Path) -> None:
    on_sqlite, _ = _clean_run(str(tmp_path / "clean.db"), batch)
    on_postgresql, _ = _clean_run(pg_dbs(), batch)
    assert on_postgresql == on_sqlite, differences(on_postgresql, on_sqlite)
