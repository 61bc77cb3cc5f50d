"""--outlet / --outlet-from-folder through the pipeline (no model): the outlet is set where the
documents are read, so whichever engine analyses them (this process, a pool, Dask) is handed
documents that already carry it, and the store keeps it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from recoupe.engines import Chunk, Engine
from recoupe.engines.analysis import Analysis
from recoupe.pipeline import Options, analyze
from recoupe.store import Store


class _Recording(Engine):
    """An engine that analyses nothing and remembers the documents it was handed."""

    def __init__(self) -> None:
        self.seen: dict[str, str | None] = {}

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Analysis]]]:
        for chunk in chunks:
            self.seen.update((d.id, d.outlet) for d in chunk)
            yield chunk, [Analysis(d.id) for d in chunk]


def _articles(root: Path) -> Path:
    for folder, name in (("lemonde", "a"), ("figaro", "b")):
        (root / folder).mkdir(parents=True)
        (root / folder / f"{name}.txt").write_text(f"Titre {name}\nLa France livre des canons à l'Ukraine.",
                                                   encoding="utf-8")
    (root / "lemonde" / "c.jsonl").write_text(
        '{"id": "c", "text": "Titre\\nLe Japon proteste.", "outlet": "Kyodo"}\n'
        '{"id": "d", "text": "Titre\\nLa Chine proteste."}\n', encoding="utf-8")
    return root


def _outlets(db: Path) -> dict[str, str | None]:
    with Store(db, readonly=True) as store:
        return {d.id: d.outlet for d in store.documents()}


def test_the_engine_is_handed_documents_with_the_outlet_of_their_folder(tmp_path: Path) -> None:
    articles = _articles(tmp_path / "articles")
    engine = _Recording()
    with Store(tmp_path / "x.db") as store:
        analyze([articles], store, options=Options(outlet_from_folder=True, group=False), engine=engine)
    want = {"a": "lemonde", "b": "figaro", "c": "Kyodo", "d": "lemonde"}  # a .jsonl line that names one keeps it
    assert engine.seen == want and _outlets(tmp_path / "x.db") == want


def test_one_outlet_for_the_run_and_a_rerun_with_it_stores_it(tmp_path: Path) -> None:
    articles = _articles(tmp_path / "articles")
    db = tmp_path / "x.db"
    with Store(db) as store:
        analyze([articles], store, options=Options(group=False), engine=_Recording())
    assert _outlets(db) == {"a": None, "b": None, "c": "Kyodo", "d": None}
    engine = _Recording()
    with Store(db) as store:  # the outlet is part of the content: the documents are stored again with it
        summary = analyze([articles], store, options=Options(outlet="AFP", group=False), engine=engine)
    assert summary.unchanged == 1 and engine.seen == {"a": "AFP", "b": "AFP", "d": "AFP"}
    assert _outlets(db) == {"a": "AFP", "b": "AFP", "c": "Kyodo", "d": "AFP"}
