from __future__ import annotations

import os
from pathlib import Path

import pytest

from recoupe.ingest.sources import count_files, is_article_name, iter_files


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Titre\ncorps\n", encoding="utf-8")


def _names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_folders_are_walked_recursively_in_name_order(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.txt", "a/z.html", "a/y.jsonl", "a/deep/x.htm", "C.TXT", "d/e.txt",
        # skipped: hidden, notes, other extensions
        ".hidden.txt", ".git/obj.txt", "README.txt", "a/LICENSE.txt", "readme-fr.html", "notes.md", "x.pdf",
        # kept: names that only start like a note
        "licenciements.txt", "readmission.txt",
    )
    found = _names(list(iter_files([tmp_path])), tmp_path)
    assert found == [
        "C.TXT", "a/deep/x.htm", "a/y.jsonl", "a/z.html", "b.txt", "d/e.txt",
        "licenciements.txt", "readmission.txt",
    ]
    assert count_files([tmp_path]) == len(found)
    assert list(iter_files([tmp_path])) == list(iter_files([str(tmp_path)]))  # deterministic, str or Path


def test_explicit_files_are_kept_whatever_their_name(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.pdf", ".hidden.txt", "README.txt")
    given = [tmp_path / name for name in ("notes.pdf", ".hidden.txt", "README.txt", "missing.txt")]
    assert list(iter_files(given)) == given
    assert count_files(given) == 4


def test_a_file_reached_twice_is_yielded_once(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt", "b.txt")
    found = list(iter_files([tmp_path / "b.txt", tmp_path, tmp_path / "b.txt"]))
    assert _names(found, tmp_path) == ["b.txt", "a.txt"]


def test_symlink_loops_end(tmp_path: Path) -> None:
    _touch(tmp_path, "a/one.txt")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    assert _names(list(iter_files([tmp_path])), tmp_path) == ["a/one.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unlistable_folder_is_yielded_not_dropped(tmp_path: Path) -> None:
    _touch(tmp_path, "ok.txt", "locked/secret.txt")
    (tmp_path / "locked").chmod(0)
    try:
        assert _names(list(iter_files([tmp_path])), tmp_path) == ["locked", "ok.txt"]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_iter_files_is_lazy(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt")
    files = iter_files([tmp_path / "does-not-exist", tmp_path])
    assert next(files) == tmp_path / "does-not-exist"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("article.TXT", True), ("page.htm", True), ("README", False), ("Readme.md", False),
     ("COPYING.txt", False), ("CHANGELOG.html", False), ("authors.txt", False), ("authorship.txt", True),
     (".x.txt", False)],
)
def test_is_article_name(name: str, expected: bool) -> None:
    assert is_article_name(name) is expected


def test_a_file_inside_an_unreadable_folder_is_yielded_for_read_file_to_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 9: `analyze locked/a.txt` with `locked/` unreadable ended in a traceback (Path.is_dir
    raises PermissionError). Tests run as root in CI, where modes do not deny, so stat is made to."""
    from recoupe.ingest.readers import read_file

    target = tmp_path / "locked" / "a.txt"
    real_stat = Path.stat

    def denied(self: Path, **kwargs: object) -> os.stat_result:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", denied)
    assert list(iter_files([target])) == [target]
    (error,) = list(read_file(target))
    assert error.line() == f"{target}: [E100] cannot read: permission denied"


def test_sources_keep_the_order_given_with_url_sources_between_paths(tmp_path: Path) -> None:
    from collections.abc import Iterator

    from recoupe.ingest.sources import FileSource, iter_sources

    class Named:
        name = "https://a.fr/rss.xml"

        def read(self) -> Iterator[object]:
            return iter(())

    _touch(tmp_path, "a.txt", "b.txt")
    url = Named()
    found = list(iter_sources([tmp_path / "a.txt", url, tmp_path / "b.txt"], max_bytes=100))  # type: ignore[list-item]
    assert [s.name for s in found] == [str(tmp_path / "a.txt"), url.name, str(tmp_path / "b.txt")]
    assert isinstance(found[0], FileSource) and found[1] is url
