"""Two writers and a reader at once (issues 9 and 13), on both back-ends: two `analyze` processes
write overlapping batches into one store while a third process keeps reading it. No process
fails or waits out a lock timeout, the reader always sees a consistent store, and the result
is the store that the two batches analysed one after the other give: every document once,
each story once (the shared articles do not open a story in each process), every claim once."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import pytest

from recoupe.ingest.language import detect_language
from recoupe.pipeline import analyze
from recoupe.store import Store

from .forks import _FORK, TIMEOUT, one_process_options, start_analyze

pytestmark = pytest.mark.model

SHARED_ARTICLES = "seeds"  # in both batches
ONLY_A = ("T02_C1_04.txt", "T02_C1_09.txt")
ONLY_B = ("T08_C1_02.txt", "T13_C1_08.txt")


@pytest.fixture(scope="module")
def batches(shared: Path, nlp: object, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("writers")
    folders = []
    for name, own in (("a", ONLY_A), ("b", ONLY_B)):
        folder = root / name
        folder.mkdir()
        for f in [*sorted((shared / SHARED_ARTICLES).glob("*.txt")), *(shared / "data" / "rpm2" / n for n in own)]:
            shutil.copy(f, folder / f.name)
        folders.append(folder)
    (folders[1] / "broken.txt").write_bytes(b"\x00\x01PNG" * 10)
    detect_language("Le gouvernement a annoncé jeudi de nouvelles mesures.")  # lingua loaded before forking
    return folders[0], folders[1]


def _contents(store: Store) -> dict[str, object]:
    """The store with story ids and document paths left out (a story is named after the first document placed in
    it, which depends on which process placed it first): its documents, the events (without
    their story), the partition of documents into stories, and the claims with their mentions."""
    return {
        # the path is the file the document was stored from: a shared article, from either batch
        "documents": [dataclasses.replace(d, path=None) for d in store.documents()],
        "events": [{**e.as_row(), "story": None} for e in store.events()],
        "stories": sorted(docs for _, docs in store.stories()),
        "claims": sorted((c.id, c.type, tuple(sorted(m.event for m in c.mentions))) for c in store.claims()),
        "failures": sorted(path for path, _, _ in store.failures()),
        "left to do": (sorted(store.pending()), store.stale_stories()),
    }


def _reader(db: str, stop: EventType, out: Connection) -> None:
    """Read the store over and over, as `recoupe stats` and `export` would, until told to stop."""
    reads, seen = 0, 0
    try:
        while not stop.is_set() or reads == 0:
            with Store(db, readonly=True) as store, store.snapshot():
                documents = list(store.document_ids())
                assert len(documents) >= seen, "documents vanished"
                seen = len(documents)
                assert store.stats()["documents"] == seen
                placed = [d for _, docs in store.stories() for d in docs]
                assert sorted(placed) == documents, "a document in no story or in two"
                claims = {c.id for c in store.claims()}
                assert all(e.claim is None or e.claim in claims for e in store.events()), "an event cites no claim"
            reads += 1
        out.send(("ok", reads))
    except BaseException:
        out.send(("error", traceback.format_exc()))
    os._exit(0)


def test_two_writers_and_a_reader_at_once(new_db: Callable[[], str], batches: tuple[Path, Path]) -> None:
    batch_a, batch_b = batches
    with Store(new_db()) as one_after_the_other:
        analyze([batch_a], one_after_the_other, options=one_process_options())
        analyze([batch_b], one_after_the_other, options=one_process_options())
        want = _contents(one_after_the_other)
    db = new_db()
    Store(db).close()  # the reader starts on an empty store
    stop = _FORK.Event()
    reader_out, reader_in = _FORK.Pipe(duplex=False)
    reader = _FORK.Process(target=_reader, args=(db, stop, reader_in))
    reader.start()
    writers = [start_analyze(db, [batch]) for batch in (batch_a, batch_b)]
    started = time.monotonic()
    for child, messages in writers:
        while True:
            assert messages.poll(TIMEOUT), "a writer made no progress"
            phase, detail = messages.recv()
            assert phase != "error", detail
            if phase == "done":
                break
        child.join(60)
        assert child.exitcode == 0
    took = time.monotonic() - started
    stop.set()
    assert reader_out.poll(60), "the reader did not answer"
    status, detail = reader_out.recv()
    reader.join(30)
    assert status == "ok", detail
    assert detail >= 1
    with Store(db, readonly=True) as store:
        got = _contents(store)
    assert got == want, [k for k in want if got[k] != want[k]]
    assert len(got["documents"]) == 6  # type: ignore[arg-type]
    assert took < TIMEOUT
