"""Unique document ids (SPEC section 1, issue 9): the SPEC id where it is unique, an id from the
relative path where two inputs share it, never a silent overwrite; the user is told on one line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.errors import IdWarning
from recoupe.ingest.ids import DocumentIds
from recoupe.records import Document


def doc(path: str, text: str = "texte", *, id: str | None = None, line: int | None = None) -> Document:
    return Document.make(id or Path(path).stem, text, path=path, line=line)


def warnings(caplog: pytest.LogCaptureFixture) -> list[IdWarning]:
    return [r.problem for r in caplog.records if isinstance(getattr(r, "problem", None), IdWarning)]  # type: ignore[attr-defined]


def test_same_stem_in_two_folders_and_a_jsonl_line_get_three_ids(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    ids = DocumentIds(base=tmp_path)
    a = ids.assign(doc(str(tmp_path / "a" / "article.txt"), "un"))
    b = ids.assign(doc(str(tmp_path / "b" / "article.txt"), "deux"))
    j = ids.assign(doc(str(tmp_path / "feed.jsonl"), "trois", id="article", line=3))
    assert (a.id, b.id, j.id) == ("article", "b/article", "feed/article")  # the first keeps the SPEC id
    told = warnings(caplog)
    assert len(told) == 2
    assert "id 'article' is already used by" in told[0].line() and "stored as 'b/article'" in told[0].line()
    assert told[1].path is not None and told[1].path.endswith("feed.jsonl:3")


def test_unique_ids_are_kept_and_nothing_is_said(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ids = DocumentIds(base=tmp_path)
    assert ids.assign(doc(str(tmp_path / "a" / "one.txt"))).id == "one"
    assert ids.assign(doc(str(tmp_path / "b" / "two.txt"))).id == "two"
    assert not warnings(caplog)


def test_same_stem_other_extension_in_same_folder_keeps_the_extension(tmp_path: Path) -> None:
    ids = DocumentIds(base=tmp_path)
    got = [ids.assign(doc(str(tmp_path / "a" / name), name)).id for name in ("x.txt", "x.html", "x.htm")]
    assert got == ["x", "a/x", "a/x.htm"]


def test_a_jsonl_id_equal_to_a_path_id_gets_a_numbered_suffix(tmp_path: Path) -> None:
    ids = DocumentIds(base=tmp_path)
    first = ids.assign(doc(str(tmp_path / "x.txt"), "1"))
    second = ids.assign(doc(str(tmp_path / "a" / "x.txt"), "2"))
    third = ids.assign(doc(str(tmp_path / "a" / "x.txt.jsonl"), "3", id="a/x", line=1))
    fourth = ids.assign(doc(str(tmp_path / "a" / "x.html"), "4"))
    assert len({first.id, second.id, third.id, fourth.id}) == 4


def test_rereading_the_stored_file_updates_it(tmp_path: Path) -> None:
    path = tmp_path / "a" / "article.txt"
    stored = {"article": (str(path), "old-hash")}
    ids = DocumentIds(stored.get, base=tmp_path)
    assert ids.assign(doc(str(path), "changed text")).id == "article"  # same path: an update


def test_another_file_with_a_stored_id_does_not_overwrite_it(tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    stored = {"article": (str(tmp_path / "a" / "article.txt"), "old-hash")}
    ids = DocumentIds(stored.get, base=tmp_path)
    got = ids.assign(doc(str(tmp_path / "b" / "article.txt"), "autre"))
    assert got.id == "b/article"
    assert "(stored)" in warnings(caplog)[0].line()


def test_the_disambiguated_id_of_an_earlier_run_is_found_again(tmp_path: Path) -> None:
    b = tmp_path / "b" / "article.txt"
    stored = {"article": (str(tmp_path / "a" / "article.txt"), "h1"), "b/article": (str(b), "h2")}
    assert DocumentIds(stored.get, base=tmp_path).assign(doc(str(b), "nouveau")).id == "b/article"


def test_the_same_article_met_under_another_path_is_the_same_document(tmp_path: Path) -> None:
    same = doc(str(tmp_path / "copy" / "article.txt"), "même texte")
    stored = {"article": (str(tmp_path / "article.txt"), same.hash)}
    assert DocumentIds(stored.get, base=tmp_path).assign(same).id == "article"


def test_a_path_outside_the_working_folder_is_used_whole(tmp_path: Path) -> None:
    ids = DocumentIds(base=tmp_path / "work")
    ids.assign(doc(str(tmp_path / "a" / "article.txt")))
    other = ids.assign(doc(str(tmp_path / "b" / "article.txt"), "autre"))
    assert other.id.endswith("b/article") and not other.id.startswith("/")


def test_the_warning_goes_to_the_recoupe_logger(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="recoupe")
    ids = DocumentIds(base=tmp_path)
    ids.assign(doc(str(tmp_path / "a" / "x.txt")))
    ids.assign(doc(str(tmp_path / "b" / "x.txt"), "autre"))
    assert [r.name for r in caplog.records] == ["recoupe.ingest"]
    assert "[W110]" in caplog.records[0].getMessage()


names = st.sampled_from(["article", "x", "a/x", "b", "feed"])
folders = st.sampled_from(["", "a", "b", "a/b"])
inputs = st.lists(st.tuples(folders, names, st.sampled_from([".txt", ".html", ".jsonl"]), names), max_size=25)


@settings(max_examples=200, deadline=None)
@given(inputs)
def test_fuzz_ids_stay_unique_and_the_first_claimant_keeps_its_id(items: list[tuple[str, str, str, str]]) -> None:
    base = Path("/corpus")
    ids = DocumentIds(base=base)
    seen: dict[str, str] = {}
    for n, (folder, stem, ext, line_id) in enumerate(items):
        path = str(base / folder / f"{stem}{ext}")
        jsonl = ext == ".jsonl"
        key = f"{path}#{line_id}" if jsonl else path
        given_doc = doc(path, f"texte {n}", id=line_id if jsonl else stem, line=n + 1 if jsonl else None)
        got = ids.assign(given_doc)
        if got.id in seen:
            assert seen[got.id] == key  # only the same source gets the same id again
        elif given_doc.id not in seen:
            assert got.id == given_doc.id  # a free SPEC id is kept
        seen.setdefault(got.id, key)
