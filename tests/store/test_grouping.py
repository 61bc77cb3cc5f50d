"""Grouping over the store (recoupe/grouping.py) on both back-ends, with hand-made fingerprints
(no model): what is left to do is stored with the change that calls for it, so a pass stopped at
any step is finished by the next one, and two passes at once place each document once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from recoupe.grouping import group
from recoupe.records import Document, Event
from recoupe.store import Store, default_story
from recoupe.stories.features import shingle_sketch
from recoupe.stories.records import DocFeatures

from .snapshot import differences, snapshot

ARMS = {"obus": 4, "munition": 3, "livraison": 2, "pyongyang": 2, "moscou": 2, "kirby": 1, "train": 1}
ARMS_2 = {"obus": 3, "munition": 2, "livraison": 3, "pyongyang": 1, "moscou": 2, "frontière": 1, "wagon": 1}
FOOT = {"match": 4, "but": 3, "équipe": 2, "entraîneur": 2, "stade": 1, "supporter": 1}
ELECTION = {"élection": 4, "candidat": 3, "scrutin": 2, "vote": 2, "bureau": 1, "sondage": 1}
ELECTION_2 = {"élection": 3, "candidat": 2, "scrutin": 3, "vote": 1, "urne": 1, "résultat": 1}
# doc id -> (terms, events as (type, source, target, factuality))
BATCH = {
    "a1": (ARMS, [("AID", "PRK", "RUS", "reported")]),
    "a2": (ARMS_2, [("AID", "PRK", "RUS", "denied"), ("ACCUSE", "USA", "PRK", "asserted")]),
    "e1": (ELECTION, [("CONSULT", "FRA", "DEU", "asserted")]),
    "e2": (ELECTION_2, [("CONSULT", "FRA", "DEU", "asserted")]),
    "f1": (FOOT, []),
}


def save(store: Store, doc_id: str, *, extra: str = "") -> None:
    terms, specs = BATCH[doc_id]
    text = f"Titre {doc_id}\n" + " ".join(terms) + extra
    doc = Document.make(doc_id, text, title=f"Titre {doc_id}", outlet=f"outlet-{doc_id}")
    events = [Event(doc_id, k * 10, k * 10 + 5, etype, [src], [dst], factuality=fact, trigger="x")
              for k, (etype, src, dst, fact) in enumerate(specs)]
    features = DocFeatures(doc_id, dict(terms), title_terms=dict(list(terms.items())[:3]),
                           shingles=shingle_sketch(" ".join(f"{doc_id}w{i}" for i in range(30)) + extra))
    store.save_analysed(doc, events, [], features)


def filled(db: str) -> Store:
    store = Store(db)
    for doc_id in BATCH:
        save(store, doc_id)
    return store


def clean_run(db: str) -> dict[str, object]:
    with filled(db) as store:
        group(store)
        return snapshot(store)


def stop_at(stage: str, step: int) -> Callable[[str, int, int], None]:
    def progress(at: str, done: int, total: int) -> None:
        if at == stage and done == step:
            raise KeyboardInterrupt(f"stopped at {stage} {step}/{total}")
    return progress


def test_saving_marks_what_grouping_has_to_do(db: str) -> None:
    with filled(db) as store:
        assert store.pending() == store.ungrouped() == set(BATCH)
        assert store.stale_stories() == sorted(default_story(d) for d in BATCH)


def test_a_pass_does_everything_and_leaves_nothing_to_do(db: str) -> None:
    with filled(db) as store:
        done = group(store)
        assert done.documents == 5 and done.joined == 2
        assert done.opened == 3  # stories, not documents: arms, election, football
        assert store.pending() == set() and store.stale_stories() == []
        assert sorted(docs for _, docs in store.stories()) == [["a1", "a2"], ["e1", "e2"], ["f1"]]
        # the stories rebuilt are those that hold documents, not the one-document stories a2 and e2 left
        assert done.stories == {story for story, _ in store.stories()}
        claims = {c.id: c for c in store.claims()}
        events = list(store.events())
        assert all(e.claim in claims for e in events)
        assert sum(len(c.mentions) for c in claims.values()) == len(events)
        before = snapshot(store)
        again = group(store)  # nothing new: nothing placed, nothing rebuilt
        assert (again.documents, again.stories, again.claims) == (0, set(), 0)
        assert snapshot(store) == before


@pytest.mark.parametrize("stage, step", [("stories", 3), ("claims", 1), ("claims", 4)])
def test_a_pass_stopped_at_any_step_is_finished_by_the_next(new_db: Callable[[], str], stage: str,
                                                            step: int) -> None:
    want = clean_run(new_db())
    with filled(new_db()) as store:
        with pytest.raises(KeyboardInterrupt):
            group(store, progress=stop_at(stage, step))
        if stage == "stories":  # placing is one transaction: nothing of it was kept
            assert store.pending() == set(BATCH)
        else:  # placed; the claims of the stories not rebuilt yet are still marked
            assert store.pending() == set() and store.stale_stories()
        group(store)
        got = snapshot(store)
    assert got == want, differences(got, want)


def test_a_changed_document_is_placed_again_and_its_story_rebuilt(db: str) -> None:
    with filled(db) as store:
        group(store)
        story = dict((d, s) for s, docs in store.stories() for d in docs)["a2"]
        save(store, "a2", extra=" nouvelle version")  # re-analysed: new events, no claim yet
        assert store.pending() == {"a2"} and store.stale_stories() == [story]
        again = group(store)
        assert (again.documents, again.joined, again.opened) == (1, 1, 0)  # back in its story: none opened
        assert store.pending() == set() and store.stale_stories() == []
        claimed = {c.id for c in store.claims()}
        assert all(e.claim in claimed for e in store.events())


def test_two_passes_at_once_place_each_document_once(new_db: Callable[[], str]) -> None:
    want = clean_run(new_db())
    db = new_db()
    filled(db).close()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with Store(db) as store:
                group(store)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    with Store(db, readonly=True) as store:
        got = snapshot(store)
    assert got == want, differences(got, want)
