"""The cross-source commands on the seeds: stories, story, report, claims and graph exports,
and the incremental grouping (a second batch joins the stored story; a re-run changes nothing)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from recoupe.grouping import group
from recoupe.store import Store

pytestmark = pytest.mark.model


def _recoupe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "recoupe.cli.main", *args], capture_output=True, text=True,
                          check=False)


@pytest.fixture(scope="module")
def seeds_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seed articles analysed in two batches: the second must join the first's story."""
    tmp = tmp_path_factory.mktemp("seeds")
    db = tmp / "seeds.db"
    first, second = sorted((shared / "seeds").glob("*.txt"))
    for f in (first, second):
        run = _recoupe("analyze", str(f), "--db", str(db), "--quiet")
        assert run.returncode == 0, run.stderr
    return db


def test_second_batch_joins_the_stored_story(seeds_db: Path) -> None:
    stories = [json.loads(x) for x in _recoupe("export", "stories", "--db", str(seeds_db)).stdout.splitlines()]
    assert len(stories) == 1 and len(stories[0]["docs"]) == 2


def test_story_shows_the_contested_denial(seeds_db: Path) -> None:
    listing = _recoupe("stories", "--db", str(seeds_db))
    assert listing.returncode == 0
    story = json.loads(_recoupe("export", "stories", "--db", str(seeds_db)).stdout.splitlines()[0])["story"]
    assert story in listing.stdout
    shown = _recoupe("story", story, "--db", str(seeds_db))
    assert shown.returncode == 0
    assert "contested" in shown.stdout and "denied" in shown.stdout
    missing = _recoupe("story", "s-none", "--db", str(seeds_db))
    assert missing.returncode == 1 and "s-none" in missing.stderr


def test_claims_export_links_events(seeds_db: Path) -> None:
    claims = [json.loads(x) for x in _recoupe("export", "claims", "--db", str(seeds_db)).stdout.splitlines()]
    events = [json.loads(x) for x in _recoupe("export", "events", "--db", str(seeds_db)).stdout.splitlines()]
    by_claim = {c["id"]: c for c in claims}
    assert all(e["claim"] in by_claim for e in events)
    assert sum(len(c["mentions"]) for c in claims) == len(events)
    contested = [c for c in claims if "denied" in c["factualities"] and len(c["factualities"]) > 1]
    assert any(c["source"] == ["IRN"] and c["target"] == ["RUS"] for c in contested)
    csv = _recoupe("export", "claims", "--db", str(seeds_db), "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("id,")


def test_report_and_graph(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    run = _recoupe("report", "--db", str(seeds_db), "--out", str(out))
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert "denied" in html and "<script" in html and "http://" not in html and "https://" not in html
    gexf = _recoupe("export", "graph", "--db", str(seeds_db), "--format", "gexf").stdout
    nodes = [n.get("id") for n in ET.fromstring(gexf).iter() if n.tag.endswith("}node")]
    assert {"PRK", "RUS", "IRN"} <= set(nodes)


def test_regrouping_is_idempotent(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeds_db, db)
    with Store(db) as store:
        before = (list(store.stories()), [c.id for c in store.claims()])
        docs = list(store.document_ids())
        group(store, docs)  # as if every document were new again
        after = (list(store.stories()), [c.id for c in store.claims()])
    assert before == after


@pytest.fixture(scope="module")
def outlets_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The seeds filed by outlet, one folder each, analysed with --outlet-from-folder by two worker processes."""
    tmp = tmp_path_factory.mktemp("outlets")
    for folder, path in zip(("lemonde", "figaro"), sorted((shared / "seeds").glob("*.txt")), strict=True):
        (tmp / "articles" / folder).mkdir(parents=True)
        shutil.copy(path, tmp / "articles" / folder / path.name)
    db = tmp / "outlets.db"
    run = _recoupe("analyze", str(tmp / "articles"), "--db", str(db), "--outlet-from-folder", "--workers", "2")
    assert run.returncode == 0, run.stderr
    return db, run


def test_the_summary_counts_stories_and_the_outlets_come_from_the_folders(
        outlets_db: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    db, run = outlets_db
    assert "stories touched" in run.stdout and " 1 (1 new; 1 of 2 documents joined a story" in run.stdout
    story = json.loads(_recoupe("export", "stories", "--db", str(db)).stdout.splitlines()[0])["story"]
    shown = _recoupe("story", story, "--db", str(db)).stdout
    assert "lemonde" in shown and "figaro" in shown and "unknown outlet" not in shown
    assert "independent sources" in shown and "2 outlets" in shown


def test_stories_show_the_dates_the_texts_give(seeds_db: Path) -> None:
    listing = _recoupe("stories", "--db", str(seeds_db)).stdout
    assert "2 Nov (in text)" in listing  # "mercredi 2 novembre" in the second seed; no publication date
    assert "2 unknown" in listing  # .txt files name no outlet


def test_stats_say_what_they_count(seeds_db: Path) -> None:
    shown = _recoupe("stats", "--db", str(seeds_db)).stdout
    assert "actor mentions (in texts)" in shown and "distinct actors" in shown


def test_outlet_options_exclude_each_other(tmp_path: Path) -> None:
    run = _recoupe("analyze", str(tmp_path), "--db", str(tmp_path / "x.db"), "--outlet", "A", "--outlet-from-folder")
    assert run.returncode == 2 and "either --outlet or --outlet-from-folder" in run.stderr
