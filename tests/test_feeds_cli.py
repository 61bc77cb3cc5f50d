"""`recoupe analyze` on URLs and feeds, and `recoupe watch`, run as a user runs them, against a
canned site on 127.0.0.1: a failing feed is one line naming it while the rest is analysed,
a second cycle adds only what is new, and Ctrl-C stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from websites import Site

from recoupe.cli.main import main

pytestmark = pytest.mark.model

GOOD = ("La France livre des canons à l'Ukraine\n\n"
        "Paris a annoncé jeudi que la France livre des canons Caesar à l'Ukraine, selon le ministère des Armées.\n")
FAST = ("--delay", "0", "--retries", "0")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def _recoupe(*args: str) -> Run:
    # In-process (the model loads once for the whole file); Ctrl-C is tested in a real process below.
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def _docs(db: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in _recoupe("export", "events", "--db", str(db)).stdout.splitlines()]


def test_analyze_takes_feeds_article_urls_and_files_and_reports_a_bad_feed(site: Site, tmp_path: Path) -> None:
    site.everything()
    site.server.expect_request("/gone.xml").respond_with_data("", status=404)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "a.db"
    run = _recoupe("analyze", site.url("/gone.xml"), site.url("/rss.xml"), site.url("/monde/obus.html"),
                   str(folder), "--db", str(db), *FAST)
    assert run.returncode == 1, run.stderr
    bad = [line for line in run.stderr.splitlines() if "gone.xml" in line]
    assert bad == [f"{site.url('/gone.xml')}: [E120] HTTP 404 NOT FOUND"]
    docs = {e["doc"] for e in _docs(db)}
    assert "good" in docs
    assert sum(d.startswith("localhost-") for d in docs) >= 3  # the two feed items and the article
    again = _recoupe("analyze", site.url("/rss.xml"), "--db", str(db), *FAST)
    assert again.returncode == 0 and "unchanged (skipped)" in again.stdout


def test_watch_adds_only_new_items_and_reports_a_bad_feed_each_cycle(site: Site, tmp_path: Path) -> None:
    site.everything()
    db = tmp_path / "w.db"
    run = _recoupe("watch", site.url("/rss.xml"), site.url("/nothing-here"), "--every", "1s", "--cycles", "2",
                   "--db", str(db), *FAST)
    assert run.returncode == 1, run.stderr
    cycles = [line for line in run.stdout.splitlines() if " cycle " in line]
    assert len(cycles) == 2
    assert "cycle 1: 2 new analysed" in cycles[0] and "0 already seen" in cycles[0]
    assert "cycle 2: 0 new analysed" in cycles[1] and "2 already seen" in cycles[1]
    assert "next about" in cycles[0] and "next about" not in cycles[1]
    bad = [line for line in run.stderr.splitlines() if "nothing-here" in line]
    assert len(bad) == 2 and all("[E120] HTTP 500" in line for line in bad)  # one line per cycle
    assert (tmp_path / "w.seen.db").is_file()
    assert site.requested("/monde/caesar.html") == 1
    # A restart remembers what was ingested.
    restart = _recoupe("watch", site.url("/rss.xml"), "--cycles", "1", "--db", str(db), *FAST)
    assert restart.returncode == 0 and "cycle 1: 0 new analysed" in restart.stdout
    assert site.requested("/monde/caesar.html") == 1


def test_watch_refuses_paths_and_bad_intervals(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    run = _recoupe("watch", "articles/", "--db", db)
    assert run.returncode == 2 and "articles/: [E120] not an http(s) URL" in run.stderr
    run = _recoupe("watch", "http://127.0.0.1:9/rss.xml", "--every", "15", "--db", db)
    assert run.returncode == 2 and "--every: cannot read the interval '15'" in run.stderr


def test_ctrl_c_stops_watch_cleanly(site: Site, tmp_path: Path) -> None:
    site.everything()
    db = tmp_path / "c.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen([sys.executable, "-m", "recoupe.cli.main", "watch", site.url("/rss.xml"), "--every", "1h",
                           "--db", str(db), "--quiet", *FAST], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=env) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the first cycle's line; then it sleeps for an hour
        assert "cycle 1: 2 new analysed" in line
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "watch stopped after 1 cycle;" in err and "Traceback" not in err
    assert len({e["doc"] for e in _docs(db)}) == 2
