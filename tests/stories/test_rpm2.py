"""The quality gate of story clustering: RPM2 (400 French articles, 40 stories) and the seeds,
with fingerprints from the trained model, scored by the project's scorer. Floors only go up.

RPM2's two stories per topic are a month apart and its files carry no dates, so content alone
must tell them apart; it mostly cannot (see bench/README.md): same-story and same-topic pairs
overlap in every content signal. The floor guards what content achieves, and a second run
with the month gap given as publication dates guards the date logic.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from recoupe.errors import IngestError
from recoupe.ingest.readers import read_file
from recoupe.stories.cluster import StoryClusterer
from recoupe.stories.features import features_of
from recoupe.stories.records import DocFeatures

# Raise these as quality rises; never lower one.
FLOORS = {"bcubed_f1": 0.63, "bcubed_p": 0.57}
DATED_FLOORS = {"bcubed_f1": 0.82, "bcubed_p": 0.83}
# The parser and the event extractor do not change lemmas or actors; leaving them out keeps this under a minute.
SKIP_PIPES = ("parser", "ner", "recoupe_events")

pytestmark = pytest.mark.model


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_stories", shared / "eval" / "score_stories.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _features(nlp, folder: Path) -> list[DocFeatures]:  # type: ignore[no-untyped-def]
    docs = []
    for path in sorted(folder.glob("*.txt")):
        for item in read_file(path):
            assert not isinstance(item, IngestError), item.line()
            docs.append(item)
    with nlp.select_pipes(disable=[p for p in SKIP_PIPES if p in nlp.pipe_names]):
        return [features_of(sp, d, []) for sp, d in nlp.pipe(((d.text, d) for d in docs), as_tuples=True,
                                                               batch_size=32)]


def _cluster(features: list[DocFeatures]) -> dict[str, str]:
    clusterer = StoryClusterer()
    return {a.doc: a.story for a in clusterer.add_all(features)}


@pytest.fixture(scope="module")
def rpm2(shared: Path, nlp) -> list[DocFeatures]:  # type: ignore[no-untyped-def]
    return _features(nlp, shared / "data" / "rpm2")


def test_rpm2_stories_stay_above_floors(shared: Path, rpm2: list[DocFeatures]) -> None:
    scorer = _scorer(shared)
    gold = scorer.assignment(shared / "gold" / "rpm2.stories.jsonl")
    scores = scorer.score(gold, _cluster(rpm2))
    assert scores["docs"] == 400
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, f"{name} {scores[name]} fell below {floor}: {scores}"


def test_rpm2_with_publication_dates(shared: Path, rpm2: list[DocFeatures]) -> None:
    """The corpus says its second stories came about a month after the first: given as dates
    (three days between topics, a week's spread within a story), the date logic must split them."""
    scorer = _scorer(shared)
    gold = scorer.assignment(shared / "gold" / "rpm2.stories.jsonl")
    start = date(2008, 7, 1)

    def published(doc: str) -> str:  # "T07_C2_04" -> topic 7, story 2, article 4
        topic, story, article = int(doc[1:3]), int(doc[5]), int(doc[7:9])
        return (start + timedelta(days=3 * topic + 30 * (story - 1) + article * 7 // 10)).isoformat()

    dated = sorted((dataclasses.replace(f, date=published(f.doc)) for f in rpm2), key=lambda f: (f.date, f.doc))
    scores = scorer.score(gold, _cluster(dated))
    for name, floor in DATED_FLOORS.items():
        assert scores[name] >= floor, f"{name} {scores[name]} fell below {floor}: {scores}"


def test_seed_articles_are_one_story(shared: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    scorer = _scorer(shared)
    gold = scorer.assignment(shared / "gold" / "seeds.stories.jsonl")
    assignments = list(StoryClusterer().add_all(_features(nlp, shared / "seeds")))
    assert len({a.story for a in assignments}) == 1
    assert scorer.score(gold, {a.doc: a.story for a in assignments})["bcubed_f1"] == 1.0
    assert all(a.duplicate_of is None for a in assignments)  # two outlets' own articles, not a wire copy
