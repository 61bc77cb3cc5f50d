"""The cross-document stage, after each document is analysed: documents into stories (with
their wire copies), then each touched story's event mentions into claims.

Incremental: the stored fingerprints are loaded as they are, and only the documents saved since
they were last placed are placed; only the stories they join or leave get their claims rebuilt.

Resumable and safe with other writers: what is left to do lives in the store, written in the
same transaction as the change that calls for it (`pending_docs`: documents to place;
`stale_stories`: stories whose claims to rebuild). A pass does all there is to do, whoever
left it: this run, a run killed half-way, or another process. Placing is one exclusive
transaction, and so is each story's claims rebuild, so a kill at any moment leaves either the
old state or the new one, and two processes never place the same documents twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .claims.merge import merge_claims
from .store import Store
from .stories.cluster import StoryClusterer

Progress = Callable[[str, int, int], None]  # (stage, done, total)


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
    for k, story in enumerate(stale, 1):
        with store.grouping():
            if store.is_stale(story):  # another process may have rebuilt it meanwhile
                claims = _rebuild_claims(store, story)
                out.claims += claims or 0
                if claims is not None:  # a story its only document left is gone, not touched
                    out.stories.add(story)
        say("claims", k, len(stale))
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


def _rebuild_claims(store: Store, story: str) -> int | None:
    """The number of claims the story now has; None when it holds no document any more."""
    members = store.story_documents(story)
    events = [e for d in members for e in store.events(doc=d.id)]
    claims = merge_claims(story, events, {d.id: d for d in members}) if events else []
    store.replace_claims(story, claims)
    return len(claims) if members else None
