"""Actors on the command line (cli/actors.py): `--actor` by code or by name through the gazetteer,
one clear line and status 1 for an actor nobody knows, and `recoupe actors [--search WORD]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from recoupe.cli.actors import actor_lines, actors_table, resolve_actor
from recoupe.cli.main import main
from recoupe.errors import UnknownActorError
from recoupe.records import Document, Event
from recoupe.store import Store

TEXT = "Titre\nPyongyang livre des obus à Moscou. La police arrête des manifestants. The Guardian accuse Kiev."


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "actors.db")
    with Store(path) as s:
        s.save_document(Document.make("a", TEXT, title="Titre"), [
            Event("a", 6, 40, "AID", ["PRK"], ["RUS"], trigger_start=16, source_kind=["state"], target_kind=["state"]),
            Event("a", 41, 76, "COERCE", ["FRA"], ["FRA"], trigger_start=52, source_kind=["police"],
                  target_kind=["protesters"]),
            Event("a", 77, 104, "ACCUSE", ["THE_GUARDIAN"], ["UKR"], trigger_start=90, source_kind=["media"],
                  target_kind=["state"]),
            Event("a", 77, 104, "ACCUSE", ["[red]X[/red]"], ["RUS"], trigger_start=91),  # a code from an article
        ], [])
    return path


def _run(*args: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, list(args))
    return run.exit_code, " ".join(run.output.split())  # however the terminal wrapped it


@pytest.mark.parametrize(("asked", "code"), [
    ("RUS", "RUS"), ("rus", "RUS"), ("Russie", "RUS"), ("russes", "RUS"), ("Moscou", "RUS"), ("le Kremlin", "RUS"),
    ("Corée du Nord", "PRK"), ("The Guardian", "THE_GUARDIAN"), ("  russie ", "RUS"),
    ("CHN", "CHN"),  # a code the gazetteer knows, with no event here: an empty answer, not an error
])
def test_resolve_actor_accepts_codes_and_names(db: str, asked: str, code: str) -> None:
    with Store(db, readonly=True) as store:
        assert resolve_actor(store, asked) == code


@pytest.mark.parametrize(("asked", "said"), [
    ("XYZ", "no actor has the code 'XYZ'"), ("Atlantide du Sud", "no actor is named 'Atlantide du Sud'"),
    ("", "no actor given"),
])
def test_resolve_actor_refuses_an_unknown_code_or_name(db: str, asked: str, said: str) -> None:
    with Store(db, readonly=True) as store, pytest.raises(UnknownActorError, match=said):
        resolve_actor(store, asked)


def test_events_actor_by_name(db: str) -> None:
    status, shown = _run("events", "--db", db, "--actor", "Russie")
    assert status == 0 and "PRK" in shown and "2 of 2 events with actor RUS (Russie)" in shown
    status, shown = _run("events", "--db", db, "--actor", "Pyongyang")
    assert status == 0 and "1 of 1 events" in shown


def test_events_actor_unknown_code_is_one_line_and_status_1(db: str) -> None:
    run = CliRunner().invoke(main, ["events", "--db", db, "--actor", "XYZ"])
    assert run.exit_code == 1
    assert run.output.count("\n") == 1 and "[E311] no actor has the code 'XYZ'" in run.output
    status, shown = _run("events", "--db", db, "--actor", "Atlantide")
    assert status == 1 and "[E311] no actor is named 'Atlantide'" in shown


def test_events_actor_known_code_without_events_is_empty_not_an_error(db: str) -> None:
    status, shown = _run("events", "--db", db, "--actor", "Chine")
    assert status == 0 and "0 of 0 events" in shown


def test_export_events_actor_by_name(db: str) -> None:
    run = CliRunner().invoke(main, ["export", "events", "--db", db, "--actor", "ukrainiens"])
    assert run.exit_code == 0
    rows = [json.loads(line) for line in run.output.splitlines()]
    assert [(r["source"], r["target"], r["title"]) for r in rows] == [(["THE_GUARDIAN"], ["UKR"], "Titre")]


def test_actor_lines_count_sides_and_kinds(db: str) -> None:
    with Store(db, readonly=True) as store:
        lines = {line.code: line for line in actor_lines(store)}
    assert next(iter(lines)) == "RUS"  # most events first
    rus = lines["RUS"]
    assert (rus.name, rus.kind, rus.events, rus.source, rus.target) == ("Russie", "state", 2, 0, 2)
    assert lines["FRA"].kinds == {"police": 1, "protesters": 1}
    assert lines["THE_GUARDIAN"].kind == "entity" and lines["THE_GUARDIAN"].kinds == {"media": 1}


@pytest.mark.parametrize(("word", "codes"), [
    ("russ", {"RUS"}), ("Kremlin", {"RUS"}), ("coree", {"PRK"}), ("guardian", {"THE_GUARDIAN"}),
    ("prk", {"PRK"}), ("nord-coréens", {"PRK"}), ("zzz", set()),
])
def test_actors_search(db: str, word: str, codes: set[str]) -> None:
    with Store(db, readonly=True) as store:
        assert {line.code for line in actor_lines(store, word)} == codes


def test_actors_command_search_table_and_json(db: str) -> None:
    status, shown = _run("actors", "--db", db, "--search", "Corée")
    assert status == 0 and "PRK" in shown and "Corée du Nord" in shown and "RUS" not in shown
    assert "1 of 1 actors" in shown
    run = CliRunner().invoke(main, ["actors", "--db", db, "--search", "russie", "--format", "json"])
    assert run.exit_code == 0
    assert json.loads(run.output) == [{"code": "RUS", "name": "Russie", "kind": "state", "events": 2, "source": 0,
                                       "target": 2, "kinds": {"state": 1}}]
    run = CliRunner().invoke(main, ["actors", "--db", db, "--format", "jsonl"])
    assert len(run.output.splitlines()) == 6
    status, shown = _run("actors", "--db", db, "--search", "zzz")
    assert status == 0 and "no actor of the stored events matches 'zzz'" in shown


def test_actors_table_prints_article_text_literally(db: str) -> None:
    """A code read from an article is data: `[red]` is shown, never read as markup."""
    with Store(db, readonly=True) as store:
        table = actors_table(actor_lines(store))
    console = Console(width=200, record=True, color_system=None)
    console.print(table)
    assert "[RED]X[/RED]" in console.export_text()  # codes are stored upper-case
