"""The cross-document stage, after each document is analysed: documents into stories (with
their wire copies), then each touched story's event mentions into claims.

Incremental: the stored fingerprints are loaded as they are, and only the documents saved since
they were last placed are placed; only the stories they join or leave get their claims rebuilt.

Resumable and safe with other writers: what is left to do lives in the store, written in the
same transaction as the change that calls for it (`pending_docs`: documents to place;
`stale_stories`: stories whose claims to rebuild). A pass does all there is to do, whoever
left it: this run, a run killed half-way, or another process. Placing is one exclusive
transaction, and so is the claims rebuild of each batch of stale stories, so a kill at any
moment leaves either the old state or the new one of every story, and two processes never place
the same documents twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .claims.merge import merge_claims
from .store import Store
from .stories.cluster import StoryClusterer

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# Stale stories rebuilt per transaction: a pass marks every story a document joins or leaves, up
# to two per document, and a transaction and a read per story would cost more than the merge.
CLAIMS_BATCH = 500


@dataclass(slots=True)
class Grouping:
    """What one grouping pass did."""

    documents: int = 0  # documents placed
    joined: int = 0  # of which joined an existing story
    duplicates: int = 0  # of which repeat an earlier document (wire copy)
    opened: int = 0  # stories opened by this pass
    stories: set[str] = field(default_factory=set)  # stories (holding documents) whose claims were rebuilt
    claims: int = 0


def group(store: Store, new_docs: Iterable[str] = (), *, progress: Progress | None = None) -> Grouping:
    """Place every document waiting for a story (saved since it was last placed, e.g. in this run
    or a run that stopped before grouping) and record wire copies, then rebuild the claims of
    every story marked stale. `new_docs` are placed again even when they are placed already."""
    say = progress or (lambda stage, done, total: None)
    out = Grouping()
    with store.grouping():
        _place(store, set(new_docs), out, say)
    stale = store.stale_stories()
    for start in range(0, len(stale), CLAIMS_BATCH):
        batch = stale[start:start + CLAIMS_BATCH]
        with store.grouping():
            left = store.still_stale(batch)  # another process may have rebuilt some of them meanwhile
            _rebuild_claims(store, [story for story in batch if story in left], out,
                            lambda k: say("claims", start + k, len(stale)))  # noqa: B023 (called here)
        if len(left) < len(batch):
            say("claims", start + len(batch), len(stale))
    return out


def _place(store: Store, again: set[str], out: Grouping, say: Progress) -> None:
    pending = store.ungrouped() | again
    clusterer = StoryClusterer()
    fresh = []
    for features, story in store.features():
        if features.doc in pending:
            fresh.append(features)
        else:
            clusterer.load([(features, story)])
    previous = store.stories_of([f.doc for f in fresh])  # a re-analysed document's story, which it may leave
    published = store.published([f.doc for f in fresh])
    # earliest first: a story is opened by its first report
    fresh.sort(key=lambda f: (published.get(f.doc) or "9999", f.doc))
    assignment: dict[str, str] = {}
    duplicates: dict[str, str | None] = {}
    for k, features in enumerate(fresh, 1):
        a = clusterer.add(features)
        assignment[a.doc] = a.story
        duplicates[a.doc] = a.duplicate_of
        joined = a.score > 0 or a.duplicate_of is not None
        out.joined += joined
        out.opened += not joined and a.story != previous.get(a.doc)
        out.duplicates += a.duplicate_of is not None
        say("stories", k, len(fresh))
    out.documents = len(fresh)
    store.set_stories(assignment)  # marks the stories each document joins and leaves as stale
    store.set_duplicates(duplicates)


def _rebuild_claims(store: Store, stories: list[str], out: Grouping, merged: Callable[[int], None]) -> None:
    """Merge the claims of `stories` anew (`merged(k)` after the k-th); a story no document is left
    in loses its claims and is not counted as rebuilt."""
    members = store.stories_documents(stories)
    events = store.events_of([d.id for story in stories for d in members[story]])
    rebuilt = {}
    for k, story in enumerate(stories, 1):
        docs = members[story]
        found = [e for d in docs for e in events[d.id]]
        rebuilt[story] = merge_claims(story, found, {d.id: d for d in docs}) if found else []
        if docs:
            out.stories.add(story)
            out.claims += len(rebuilt[story])
        merged(k)
    store.replace_stories_claims(rebuilt)
