"""Issue 9: text from articles is data in every view and export. Every field of a store is
hostile (terminal markup, escape sequences, bidi overrides, NUL, HTML, formulas); each command
runs, prints it literally and safely, and each export keeps it as data of its own format."""

from __future__ import annotations

import csv
import io
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile import FORMULA_START, MARKUP, RAW_CONTROLS, SIC, hostile_store

from recoupe.cli.main import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    store, story = hostile_store(path)
    store.close()
    yield str(path), story


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def assert_safe_terminal(text: str) -> None:
    for raw in RAW_CONTROLS:
        assert raw not in text, f"raw {raw!r} reached the terminal"


@pytest.mark.parametrize("command", [["events"], ["stories"], ["stats"], ["events", "--actor", "=X"]])
def test_terminal_views_print_markup_literally_and_no_raw_control(db: tuple[str, str], command: list[str]) -> None:
    result = run(*command, "--db", db[0])
    assert result.exit_code == 0, result.stderr
    assert_safe_terminal(result.stdout)
    if command[0] != "stats":
        assert MARKUP in result.stdout and SIC in result.stdout  # shown, not parsed nor dropped
        assert "\\x1b" in result.stdout  # the escape is made visible, not hidden


def test_story_view_prints_outlets_and_titles_literally(db: tuple[str, str]) -> None:
    result = run("story", db[1], "--db", db[0])
    assert result.exit_code == 0, result.stderr
    assert_safe_terminal(result.stdout)
    assert "[/b] titre [sic]" in result.stdout
    assert "@Outlet" in result.stdout and "\\u202e" in result.stdout


def test_unknown_story_error_line_keeps_markup_and_stays_one_line(db: tuple[str, str]) -> None:
    story = f"{MARKUP}\x1b[2J" + "x" * 120
    result = run("story", story, "--db", db[0])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "[/b]\\x1b[2J" in lines[0] and "[E310]" in lines[0]  # not wrapped at 80


def test_html_report_escapes_everything(db: tuple[str, str]) -> None:
    result = run("report", "--db", db[0], "--out", "-")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert "<script>alert(1)</script>" not in page and "<script>x</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page.lower() and "src=\"javascript:" not in page.lower()
    assert SIC in page and MARKUP in page


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))[1:]


@pytest.mark.parametrize("what", ["events", "stories", "claims"])
def test_csv_exports_have_no_formula_cell(db: tuple[str, str], what: str) -> None:
    result = run("export", what, "--db", db[0], "--format", "csv")
    assert result.exit_code == 0, result.stderr
    cells = [cell for row in csv_rows(result.stdout) for cell in row]
    assert cells
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert any(c.startswith("'=") for c in cells)  # neutralised, not dropped


@pytest.mark.parametrize("what", ["events", "stories", "claims"])
def test_jsonl_exports_keep_the_data_exactly(db: tuple[str, str], what: str) -> None:
    result = run("export", what, "--db", db[0])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    text = json.dumps(rows, ensure_ascii=False)
    assert "=cmd|calc" in text and "[/b]doc" in text  # the ids, unchanged
    if what == "events":
        assert {r["speaker"] for r in rows} >= {"[/b] Kirby \u202eevil\u202c =1+1", "@porte-parole"}


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_exports_are_well_formed_xml(db: tuple[str, str], fmt: str) -> None:
    result = run("export", "graph", "--db", db[0], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert "[/b]" in ET.tostring(root, encoding="unicode")


def test_ftm_export_is_json_lines(db: tuple[str, str]) -> None:
    pytest.importorskip("followthemoney")
    result = run("export", "events", "--db", db[0], "--format", "ftm")
    assert result.exit_code == 0, result.stderr
    entities = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(e["schema"] == "Article" for e in entities)


def test_missing_ftm_extra_names_the_extra(db: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # import fails as when not installed
    result = run("export", "events", "--db", db[0], "--format", "ftm")
    assert result.exit_code == 2
    assert "pip install 'recoupe[ftm]'" in result.stderr  # the [ftm] is not eaten as markup


def test_report_to_a_missing_folder_is_one_error_line(db: tuple[str, str], tmp_path: Path) -> None:
    result = run("report", "--db", db[0], "--out", str(tmp_path / "no" / "such" / "report.html"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "[E400] cannot write the report" in result.stderr


def test_report_dash_writes_to_stdout_not_a_file(db: tuple[str, str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", "--db", db[0], "--out", "-")
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert not (tmp_path / "-").exists()
