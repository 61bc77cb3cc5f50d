"""How the commands open the store (issue 9): only `analyze` creates one; the read commands open
it read-only, and a --db that names no store is one clear error, with nothing created."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from recoupe.cli.main import main
from recoupe.store import Store

from .test_store import make_doc, make_events

READ_COMMANDS = (
    ["stats"], ["events"], ["stories"], ["story", "s0"], ["export", "events"], ["export", "stories"],
    ["export", "claims"], ["export", "graph"], ["actors"],
)


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_read_command_on_a_missing_store_is_an_error_and_creates_nothing(db: str, command: list[str]) -> None:
    run = CliRunner().invoke(main, [*command, "--db", db])
    said = " ".join(run.output.split())  # however the terminal wrapped it
    assert run.exit_code == 2, said
    assert "[E300]" in said and ("no such database" in said or "no recoupe store" in said), said
    if "://" not in db:
        assert not Path(db).exists() and not Path(db).parent.exists()


def test_read_commands_read_a_store_they_may_not_write(db: str, tmp_path: Path) -> None:
    with Store(db) as store:
        store.save_document(make_doc(), make_events(), [])
    if "://" not in db:
        Path(db).chmod(0o444)
    stats = CliRunner().invoke(main, ["stats", "--db", db])
    assert stats.exit_code == 0, stats.output
    assert "documents" in stats.output
    exported = CliRunner().invoke(main, ["export", "events", "--db", db])
    assert exported.exit_code == 0 and exported.output.count("\n") == 2
    report = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", "--db", db, "--out", str(report)]).exit_code == 0
    assert report.exists()
