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
