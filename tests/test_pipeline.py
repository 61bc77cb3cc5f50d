"""The batch survives its documents: a text over spaCy's max_length is analysed in pieces with
valid offsets; an exception in one document, in any stage, is recorded by name and the batch
goes on; each document is committed alone and no write lock is held while spaCy runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from recoupe.engines import analysis
from recoupe.errors import StoreError
from recoupe.pipeline import Options, analyze
from recoupe.store import Store

pytestmark = pytest.mark.model

GOOD = ("La France livre des canons à l'Ukraine\n\n"
        "Paris a annoncé jeudi que la France livre des canons Caesar à l'Ukraine, selon le ministère des Armées.\n")
OTHER = ("Moscou accuse Washington\n\n"
         "Le Kremlin a accusé mercredi les États-Unis de livrer des missiles à Kiev, a déclaré Dmitri Peskov.\n")


class _Tripwire:
    """The real pipeline, with a check run on each batch of texts before spaCy parses it."""

    def __init__(self, check: Callable[[list[str]], None]) -> None:
        self.real = analysis.model()
        self.check = check

    def pipe(self, texts: Iterable[str], *, batch_size: int) -> Iterator[Any]:
        texts = list(texts)
        self.check(texts)
        return self.real.pipe(texts, batch_size=batch_size)


def _tripwire(monkeypatch: pytest.MonkeyPatch, check: Callable[[list[str]], None]) -> None:
    wire = _Tripwire(check)
    monkeypatch.setattr(analysis, "model", lambda: wire)


def _batch(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_text_over_spacys_max_length_is_analysed_and_its_offsets_point_into_the_document(
        nlp: Any, shared: Path, tmp_path: Path) -> None:
    articles = [p.read_text(encoding="utf-8-sig") for p in sorted((shared / "data" / "rpm2").glob("*.txt"))]
    text = ""
    for article in articles:
        if len(text) > nlp.max_length:
            break
        text += article.strip() + "\n\n"
    assert len(text) > 1_000_000 == nlp.max_length
    folder = _batch(tmp_path / "long", {"long": text, "good": GOOD})
    with Store(tmp_path / "long.db") as store:
        summary = analyze([folder], store)
        assert (summary.analysed, summary.failed) == (2, 0), [p.line() for p in summary.problems]
        [stored] = [d for d in store.documents() if d.id == "long"]
        assert stored.text == text
        events = list(store.events(doc="long"))
        for ev in events:
            assert 0 <= ev.start < ev.end <= len(text) and 0 <= ev.trigger_start < len(text)
            assert text[ev.start:ev.end] == ev.evidence
        assert max(ev.start for ev in events) > 900_000  # events from the last pieces too
        mentions = store.actor_mentions("long")
        assert mentions and all(text[m.start:m.end] == m.text for m in mentions)
        assert max(m.start for m in mentions) > 900_000
        assert any(s for s, docs in store.stories() if "long" in docs)


def test_an_exception_in_one_document_is_recorded_by_name_and_the_batch_goes_on(
        nlp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(texts: list[str]) -> None:
        if any("BOOM" in t for t in texts):
            raise RuntimeError("parser exploded")

    _tripwire(monkeypatch, explode)
    folder = _batch(tmp_path / "b", {"a_good": GOOD, "b_bad": GOOD.replace("Caesar", "BOOM"), "c_other": OTHER})
    with Store(tmp_path / "b.db") as store:
        for _ in range(2):  # the re-run does not die at the same file either
            summary = analyze([folder], store, options=Options(batch_size=16))
            assert summary.failed == 1
            [problem] = summary.problems
            assert problem.doc == "b_bad" and "parser exploded" in problem.line()
            assert {d.id for d in store.documents()} == {"a_good", "c_other"}
        assert [p for p, _, _ in store.failures()] == [str(folder / "b_bad.txt")]
        assert list(store.events(doc="a_good")) and list(store.events(doc="c_other"))


def test_a_document_the_store_refuses_is_named_and_the_batch_goes_on(
        nlp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _batch(tmp_path / "s", {"a_good": GOOD, "b_bad": OTHER, "c_good": GOOD.replace("jeudi", "vendredi")})
    with Store(tmp_path / "s.db") as store:
        save = store.save_analysed

        def refusing(doc: Any, *args: Any) -> None:
            if doc.id == "b_bad":
                raise StoreError("refused by the store", doc=doc.id)
            save(doc, *args)

        monkeypatch.setattr(store, "save_analysed", refusing)
        summary = analyze([folder], store)
        assert summary.failed == 1 and summary.problems[0].doc == "b_bad"
        assert "refused by the store" in summary.problems[0].message
        assert [d.id for d in store.documents()] == ["a_good", "c_good"]


def test_a_store_that_fails_as_a_whole_stops_the_batch_and_keeps_what_it_stored(
        nlp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _batch(tmp_path / "s", {"a_good": GOOD, "b_bad": OTHER})
    with Store(tmp_path / "s.db") as store:
        save = store.save_analysed

        def broken(doc: Any, *args: Any) -> None:
            if doc.id == "b_bad":
                raise StoreError("the database went away")  # no document: nothing more can be stored
            save(doc, *args)

        monkeypatch.setattr(store, "save_analysed", broken)
        with pytest.raises(StoreError):
            analyze([folder], store)
        assert [d.id for d in store.documents()] == ["a_good"]


def test_no_write_lock_is_held_while_spacy_runs(nlp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.db"
    checked = []

    def can_write(texts: list[str]) -> None:
        other = sqlite3.connect(db, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if analyze holds the lock
        other.execute("ROLLBACK")
        other.close()
        checked.append(len(texts))

    _tripwire(monkeypatch, can_write)
    folder = _batch(tmp_path / "w", {f"d{i}": GOOD.replace("jeudi", f"le {i + 1} mai") for i in range(5)})
    with Store(db) as store:
        summary = analyze([folder], store, options=Options(batch_size=2))
    assert summary.analysed == 5 and sum(checked) == 5 and len(checked) == 3
