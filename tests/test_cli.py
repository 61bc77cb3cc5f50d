"""The command line on a batch with bad files: one line per bad file, the rest analysed,
exit status 1, and a second run adds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

GOOD = ("La France livre des canons à l'Ukraine\n\n"
        "Paris a annoncé jeudi que la France livre des canons Caesar à l'Ukraine, selon le ministère des Armées.\n")


def _recoupe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "recoupe.cli.main", *args], capture_output=True, text=True,
                          check=False)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "latin1.txt").write_bytes("Un été à Genève, la délégation française a signé.".encode("latin-1"))
    (d / "broken.html").write_text("<html><body><div><p>", encoding="utf-8")
    (d / "big.txt").write_text("Le texte. " * 300_000, encoding="utf-8")  # 3 MB, over --max-mb 1
    (d / "english.txt").write_text("France delivers guns\n\nFrance said on Thursday that it delivers "
                                   "Caesar guns to Ukraine, according to the armed forces ministry.\n",
                                   encoding="utf-8")
    return d


def test_bad_files_are_reported_and_the_batch_goes_on(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    run = _recoupe("analyze", str(batch), "--db", str(db), "--max-mb", "1")
    assert run.returncode == 1
    for name in ("binary.txt", "empty.txt", "latin1.txt", "broken.html", "big.txt", "english.txt"):
        lines = [x for x in run.stderr.splitlines() if name in x]
        assert len(lines) == 1, (name, run.stderr)
    events = [json.loads(x) for x in _recoupe("export", "events", "--db", str(db)).stdout.splitlines()]
    assert any(e["doc"] == "good" and e["type"] == "AID" for e in events)
    again = _recoupe("analyze", str(batch), "--db", str(db), "--max-mb", "1")
    assert again.returncode == 1
    events2 = [json.loads(x) for x in _recoupe("export", "events", "--db", str(db)).stdout.splitlines()]
    assert events2 == events


def test_events_table_and_filters(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    _recoupe("analyze", str(batch / "good.txt"), "--db", str(db), "--quiet")
    shown = _recoupe("events", "--db", str(db), "--type", "AID", "--actor", "UKR")
    assert shown.returncode == 0 and "FRA" in shown.stdout
    none = _recoupe("events", "--db", str(db), "--factuality", "denied")
    assert "0 of 0 events" in none.stdout
    csv = _recoupe("export", "events", "--db", str(db), "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("id,doc,")


def test_serve_is_documented_and_refuses_a_missing_database(tmp_path: Path) -> None:
    """`recoupe serve` is in the README and fails on a missing file with one clear line."""
    from click.testing import CliRunner

    from recoupe.cli.main import main

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "recoupe serve --db" in readme and "make serve" in readme.split("```")[1]
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "[E300]" in result.output and "missing.db" in result.output
    assert "--port" in CliRunner().invoke(main, ["serve", "--help"]).output
