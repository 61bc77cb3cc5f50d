"""The cross-document stage, after each document is analysed: documents into stories (with
their wire copies), then each touched story's event mentions into claims.

Incremental: the stored fingerprints are loaded as they are, and only the new or changed
documents are placed; only the stories they join or leave get their claims rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .claims.merge import merge_claims
from .store.sqlite import Store
from .stories.cluster import StoryClusterer

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(slots=True)
class Grouping:
    """What one grouping pass did."""

    documents: int = 0  # documents placed
    joined: int = 0  # of which joined an existing story
    duplicates: int = 0  # of which repeat an earlier document (wire copy)
    opened: int = 0  # stories opened by this pass
    stories: set[str] = field(default_factory=set)  # stories whose claims were rebuilt
    claims: int = 0


def group(store: Store, new_docs: Iterable[str] = (), *, progress: Progress | None = None) -> Grouping:
    """Place `new_docs` (and any stored document that was never placed, e.g. after a crash)
    in stories, record wire copies, and rebuild the claims of every story touched."""
    say = progress or (lambda stage, done, total: None)
    out = Grouping()
    ungrouped = store.ungrouped()
    pending = set(new_docs) | ungrouped
    clusterer = StoryClusterer()
    fresh = []
    previous: dict[str, str] = {}  # a re-analysed document's stored story, which it may leave
    for features, story in store.features():
        if features.doc in pending:
            fresh.append(features)
            if features.doc not in ungrouped:
                previous[features.doc] = story
        else:
            clusterer.load([(features, story)])
    published = store.published([f.doc for f in fresh])
    # earliest first: a story is opened by its first report
    fresh.sort(key=lambda f: (published.get(f.doc) or "9999", f.doc))
    assignment: dict[str, str] = {}
    duplicates: dict[str, str | None] = {}
    touched: set[str] = set()
    for k, features in enumerate(fresh, 1):
        a = clusterer.add(features)
        assignment[a.doc] = a.story
        duplicates[a.doc] = a.duplicate_of
        joined = a.score > 0 or a.duplicate_of is not None
        out.joined += joined
        out.opened += not joined and a.story != previous.get(a.doc)
        out.duplicates += a.duplicate_of is not None
        touched.update({a.story, previous.get(a.doc, a.story)})
        say("stories", k, len(fresh))
    out.documents = len(fresh)
    with store.batch():
        store.set_stories(assignment)
        store.set_duplicates(duplicates)
    for k, story in enumerate(sorted(touched), 1):
        members = store.story_documents(story)
        events = [e for d in members for e in store.events(doc=d.id)]
        claims = merge_claims(story, events, {d.id: d for d in members}) if events else []
        store.replace_claims(story, claims)
        out.claims += len(claims)
        say("claims", k, len(touched))
    out.stories = touched
    return out
