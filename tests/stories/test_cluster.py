"""Incremental clustering on small hand-made fingerprints (no model, no corpus)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from recoupe.ingest.readers import read_file
from recoupe.records import Document
from recoupe.store.sqlite import default_story
from recoupe.stories.cluster import Settings, StoryClusterer, cluster, story_id
from recoupe.stories.features import features_of_text, shingle_sketch
from recoupe.stories.records import DocFeatures

ARMS = {"obus": 4, "munition": 3, "livraison": 2, "pyongyang": 2, "moscou": 2, "kirby": 1, "train": 1}
ARMS_2 = {"obus": 3, "munition": 2, "livraison": 3, "pyongyang": 1, "moscou": 2, "frontière": 1, "wagon": 1}
FOOT = {"match": 4, "but": 3, "équipe": 2, "entraîneur": 2, "stade": 1, "supporter": 1}
ELECTION = {"élection": 4, "candidat": 3, "scrutin": 2, "vote": 2, "bureau": 1, "sondage": 1}
SUMMIT = {"sommet": 3, "pyongyang": 2, "moscou": 2, "rencontre": 2, "poignée": 1, "limousine": 1}


def _doc(name: str, terms: dict[str, int], *, date: str | None = None, text: str = "",
         actors: dict[str, int] | None = None) -> DocFeatures:
    return DocFeatures(name, terms, title_terms=dict(list(terms.items())[:3]), actors=actors or {},
                       date=date, shingles=shingle_sketch(text or " ".join(f"{name}w{i}" for i in range(30))))


def _background() -> list[DocFeatures]:
    """Unrelated articles, so that document frequencies mean something."""
    return [_doc(f"bg{i}", t) for i, t in enumerate((FOOT, ELECTION, {"pluie": 2, "orage": 2, "météo": 1}))]


def test_a_similar_document_joins_the_story_of_the_first() -> None:
    c = StoryClusterer()
    for f in _background():
        c.add(f)
    first = c.add(_doc("a", ARMS))
    second = c.add(_doc("b", ARMS_2))
    assert first.story == story_id("a") == default_story("a") and first.score == 0.0
    assert second.story == first.story and second.score >= c.settings.threshold
    assert second.duplicate_of is None
    assert c.add(_doc("c", FOOT | {"coupe": 2})).story == c.story_of("bg0")
    assert c.story_of("b") == story_id("a") and c.story_of("nope") is None


def test_an_unrelated_document_opens_a_new_story() -> None:
    c = StoryClusterer()
    a = c.add(_doc("a", ARMS))
    b = c.add(_doc("b", ELECTION))
    assert a.story != b.story and b.story == story_id("b") and c.story_count == 2


def test_same_actors_a_month_later_is_a_new_story() -> None:
    c = StoryClusterer()
    for f in _background():
        c.add(f)
    c.add(_doc("a", ARMS, date="2024-03-01"))
    near = c.add(_doc("b", ARMS_2, date="2024-03-04"))
    later = c.add(_doc("c", ARMS_2, date="2024-04-05"))
    assert near.story == story_id("a")
    assert later.story == story_id("c")
    undated = c.add(_doc("d", ARMS_2))  # without a date, content alone decides
    assert undated.story in {story_id("a"), story_id("c")}


def test_dates_close_together_need_less_overlap() -> None:
    """Some overlap (between threshold_dated and threshold): enough only for articles days apart."""
    terms = {"obus": 1, "munition": 1, "satellite": 2, "lancement": 2, "fusée": 2, "orbite": 2}
    weak = DocFeatures("b", terms, title_terms={"satellite": 1, "lancement": 1})
    dated, undated = StoryClusterer(), StoryClusterer()
    for c in (dated, undated):
        for f in _background():
            c.add(f)
    dated.add(_doc("a", ARMS, date="2024-03-01"))
    undated.add(_doc("a", ARMS))
    joined = dated.add(dataclasses.replace(weak, date="2024-03-02"))
    alone = undated.add(weak)
    assert joined.story == story_id("a") and alone.story == story_id("b")
    settings = dated.settings
    assert settings.threshold_dated <= joined.score < settings.threshold and alone.score == 0.0


def test_a_near_duplicate_joins_its_original_whatever_the_date() -> None:
    text = " ".join(f"mot{i % 37} phrase{i % 11} fin{i % 5}" for i in range(200))
    c = StoryClusterer()
    for f in _background():
        c.add(f)
    c.add(_doc("wire", ARMS, date="2024-03-01", text=text))
    c.add(_doc("other", SUMMIT, date="2024-03-01"))
    copy = c.add(_doc("copy", ELECTION, date="2024-05-01", text=text + " Lire aussi notre dossier."))
    assert copy.duplicate_of == "wire" and copy.story == story_id("wire") and copy.score >= 0.8


def test_results_are_deterministic_and_load_replays_the_store() -> None:
    docs = [*_background(), _doc("a", ARMS), _doc("b", SUMMIT), _doc("c", ARMS_2), _doc("d", ELECTION)]
    once, twice = cluster(docs), cluster(docs)
    assert once == twice
    # Loading the first half with its stories, then adding the rest, gives what one run gives.
    c = StoryClusterer()
    c.load((f, a.story) for f, a in zip(docs[:4], once[:4], strict=True))
    assert [c.add(f) for f in docs[4:]] == once[4:]
    grouped: dict[str, list[str]] = {}
    for a in once:
        grouped.setdefault(a.story, []).append(a.doc)
    assert c.stories() == grouped and len(c) == len(docs)


def test_a_document_seen_twice_keeps_its_story() -> None:
    c = StoryClusterer()
    first = c.add(_doc("a", ARMS))
    c.add(_doc("b", ELECTION))
    again = c.add(dataclasses.replace(_doc("a", ELECTION)))
    assert again.story == first.story and len(c) == 2


def test_a_document_without_content_stands_alone() -> None:
    c = StoryClusterer()
    c.add(_doc("a", ARMS))
    empty = c.add(DocFeatures("e", {}))
    assert empty.story == story_id("e")


def test_weights_must_cover_every_channel() -> None:
    with pytest.raises(ValueError, match="E410"):
        StoryClusterer(Settings(weights=(1.0, 0.0)))  # type: ignore[arg-type]


def test_undated_near_misses_stay_apart_by_the_dates_their_texts_give() -> None:
    """Two UN vetoes by Russia, seven months apart, in undated text files: the same actors and
    nearly the same words. The February follow-up joins the February veto; the September veto,
    dated only by its text ("vendredi 30 septembre"), opens its own story."""
    paths = sorted((Path(__file__).parent / "data").glob("veto_*.txt"))
    features = [features_of_text(doc) for path in paths for doc in read_file(path)
                if isinstance(doc, Document)]
    assert [f.text_date for f in features] == ["--02-25", "--02-25", "--09-30"]
    c = StoryClusterer()
    february, follow_up, september = (c.add(f) for f in features)
    assert follow_up.story == february.story
    assert september.story == story_id("veto_septembre")
    # The same texts without their dates: content alone cannot tell the vetoes apart.
    blind = StoryClusterer()
    stories = {blind.add(dataclasses.replace(f, text_date=None)).story for f in features}
    assert stories == {story_id("veto_fevrier")}


def test_within_a_week_the_lower_bar_holds_for_the_story_not_one_article() -> None:
    """Rule: publication dates days apart lower the bar, but then the mean of the story's
    `dated_link_members` best members must clear it: a new article close to one member of a
    four-article story (the summit beside the arms deliveries) opens its own story."""
    def dated(name: str, terms: dict[str, int], day: str = "2024-03-01") -> DocFeatures:
        return dataclasses.replace(_doc(name, terms), date=day)

    story = [dated(f"a{i}", {"obus": 3, "munition": 3, "livraison": 2, "pyongyang": 2, "moscou": 2, f"train{i}": 1})
             for i in range(3)]
    story.append(dated("a3", {"obus": 2, "munition": 1, "pyongyang": 1, "moscou": 1, "sommet": 3, "limousine": 2,
                              "poignée": 2}))
    summit = dated("b", {"sommet": 1, "limousine": 1, "pyongyang": 1, "rencontre": 2, "vladivostok": 2, "train": 2,
                         "gare": 2, "banquet": 2, "toast": 2}, "2024-03-02")
    stories = {}
    for members in (2, Settings().dated_link_members):
        c = StoryClusterer(Settings(dated_link_members=members))
        for f in [*_background(), *story]:
            c.add(f)
        stories[members] = c.add(summit).story
    assert stories[2] == story_id("a0")  # one close member was enough
    assert stories[Settings().dated_link_members] == story_id("b")
