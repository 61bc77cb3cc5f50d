"""Incremental story clustering: each new document joins the story it fits best, or opens one.

A story is the set of articles about one happening. A new document is compared with the
earlier documents that share its most distinctive lemmas (DocVectors.candidates: an inverted
index with capped postings, so the work per document does not grow with the store) on four
signals: TF-IDF cosines of lemmas, of title lemmas, of actor codes and of event keys, whose
weighted mean is its similarity to that document. Its score for a story is the mean over the
story's `link_members` best candidate members (more than one, so that one stray member does
not chain two stories together). It joins the best story when that reaches the bar, else opens
a new one. Old documents are never moved: a stored story stays as it is.

Dates, when both documents have one, move the bar: within `date_window` days a story needs less
content overlap (`threshold_dated`: publishing days apart is evidence in itself), but then as a
whole: the mean over its `dated_link_members` best members, not over two, so that a new story
about the same people the same week does not slip in through the one article closest to it.
Past the window the similarity decays, halving every `date_halflife` days (the same actors a
month later usually make a new story). Without dates, content alone must clear `threshold`, and
the dates the texts give their happenings ("mercredi 2 novembre", dating.py; the publication date
stands in for a text without one) only hold similarity back: past `text_date_window` days apart
it decays at the same rate, so an article about last month's veto stays out of this month's veto
even when neither is dated. A near-duplicate (wire copy) joins its original's story whatever the
other signals say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from recoupe.records import stable_id
from recoupe.stories.dating import YEAR_DAYS, day_of_year
from recoupe.stories.neardup import THRESHOLD as DUPLICATE_THRESHOLD
from recoupe.stories.neardup import NearDuplicates
from recoupe.stories.records import Assignment, DocFeatures
from recoupe.stories.vectors import CHANNELS, F64, I32, I64, DocVectors, Query, grow

_NO_DATE = -1
Mask = npt.NDArray[np.bool_]


@dataclass(slots=True, frozen=True)
class Settings:
    """Clustering parameters. The defaults were tuned on RPM2 and the seed articles (bench/README.md)."""

    threshold: float = 0.22  # content alone (either document undated, or dates too far apart)
    threshold_dated: float = 0.10  # when both have dates, at most `date_window` days apart
    # Weights of the channel cosines: lemmas, title lemmas, actor codes, event keys.
    weights: tuple[float, float, float, float] = (0.7, 0.1, 0.1, 0.1)
    date_window: int = 7  # days within which dates do not matter
    date_halflife: float = 5.0  # past the window, the similarity halves every this many days
    # Dates read from the texts: a looser window (a story's articles date different days of it).
    text_date_window: int = 10
    link_members: int = 2  # a story's score: the mean of its best members' scores (1: best member)
    dated_link_members: int = 4  # the same against `threshold_dated`: more of the story must agree
    candidates: int = 50  # earlier documents compared with each new one
    max_terms: int = 120
    # A document is indexed under its `index_terms` best lemmas and looks up its `query_terms` best:
    # with fewer, articles of one broad story that share none of their top dozen lemmas never meet.
    index_terms: int = 40
    query_terms: int = 60
    posting_cap: int = 100  # most recent documents kept per lemma: bounds the work per lookup
    duplicate_threshold: float = DUPLICATE_THRESHOLD


def story_id(first_doc: str) -> str:
    """A story's id, from its first document (the same as recoupe.store.sqlite.default_story)."""
    return "s" + stable_id(first_doc)[:12]


class StoryClusterer:
    """Assigns documents to stories one at a time; `load` the stored ones first, then `add` new ones."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = s = settings or Settings()
        self._vectors = DocVectors(max_terms=s.max_terms, index_terms=s.index_terms,
                                   query_terms=s.query_terms, posting_cap=s.posting_cap)
        self._duplicates = NearDuplicates(threshold=s.duplicate_threshold)
        self._weights = np.asarray(s.weights, dtype=np.float64)
        if self._weights.shape != (CHANNELS,):
            raise ValueError(f"[E410] Settings.weights needs {CHANNELS} values, got {s.weights!r}")
        self._stories: list[str] = []  # story number -> story id
        self._story_number: dict[str, int] = {}
        self._doc_story: dict[str, int] = {}  # every document seen -> story number
        # vector number -> story number, and -> date ordinal or _NO_DATE (duplicates have no vector)
        self._vector_story = np.zeros(1024, dtype=np.int32)
        self._vector_date = np.zeros(1024, dtype=np.int32)
        # The happening's date: day of the year (0: none), and date ordinal when the year is known (0: not)
        self._vector_yday = np.zeros(1024, dtype=np.int16)
        self._vector_day = np.zeros(1024, dtype=np.int32)

    def __len__(self) -> int:
        return len(self._doc_story)

    @property
    def story_count(self) -> int:
        return len(self._stories)

    def story_of(self, doc: str) -> str | None:
        number = self._doc_story.get(doc)
        return None if number is None else self._stories[number]

    def load(self, items: Iterable[tuple[DocFeatures, str]]) -> None:
        """Index documents that already have a story (from the store), in the order given, without
        deciding anything: they keep their stories, and new documents can join them."""
        for features, story in items:
            if features.doc in self._doc_story:
                continue
            self._index(features, self._story(story))

    def add(self, features: DocFeatures) -> Assignment:
        """Assign one new document. A document already seen keeps its story (re-analysis is idempotent)."""
        known = self._doc_story.get(features.doc)
        if known is not None:
            return Assignment(features.doc, self._stories[known])
        fingerprint = self._duplicates.fingerprint(features.shingles)
        copy = self._duplicates.find(fingerprint)
        if copy is not None:
            original, similarity = copy
            number = self._doc_story[original]
            self._doc_story[features.doc] = number
            self._duplicates.add(features.doc, fingerprint)
            return Assignment(features.doc, self._stories[number], round(similarity, 4), original)
        query = self._vectors.encode(features)
        day = _ordinal(features.date)
        happened = _happening(features)
        best, ratio, score = self._best_story(query, day, happened)
        if best is None or ratio < 1.0:
            best, score = self._story(story_id(features.doc)), 0.0
        self._add_vector(features.doc, query, best, day, happened)
        self._duplicates.add(features.doc, fingerprint)
        return Assignment(features.doc, self._stories[best], round(score, 4))

    def add_all(self, features: Iterable[DocFeatures]) -> Iterator[Assignment]:
        for f in features:
            yield self.add(f)

    def stories(self) -> dict[str, list[str]]:
        """Story id -> its documents, in the order they were seen."""
        out: dict[str, list[str]] = {}
        for doc, number in self._doc_story.items():
            out.setdefault(self._stories[number], []).append(doc)
        return out

    def _best_story(self, query: Query, day: int, happened: tuple[int, int]) -> tuple[int | None, float, float]:
        """The story that fits best: (story number, how far past its bar (>= 1 joins), similarity)."""
        candidates = self._vectors.candidates(query, self.settings.candidates)
        if len(candidates) == 0:
            return None, 0.0, 0.0
        cosines = self._vectors.similarities(query, candidates)
        present = ~np.isnan(cosines)
        weight = (present * self._weights[None, :]).sum(axis=1)
        # The lemma channel must be there: titles, actors and events alone do not make a story.
        usable = present[:, 0] & (weight > 0)
        similarity = np.where(usable, np.nansum(cosines * self._weights[None, :], axis=1) / np.maximum(weight, 1e-9), 0)
        s = self.settings
        near = np.zeros(len(candidates), dtype=bool)
        published = np.zeros(len(candidates), dtype=bool)
        if day != _NO_DATE:
            similarity, near, published = self._dated(day, candidates, similarity)
        if happened[0]:
            similarity = self._text_dated(happened, candidates, similarity, published)
        stories = self._vector_story[candidates]
        # Per story, the mean of its `link_members` best members against the content bar, and of
        # its `dated_link_members` best against the dated bar (members within the date window only).
        ids, ratio = _linked(stories, similarity / s.threshold, s.link_members)
        if near.any():
            _, dated = _linked(stories, np.where(near, similarity, 0.0) / s.threshold_dated, s.dated_link_members)
            ratio = np.maximum(ratio, dated)
        _, linked_similarity = _linked(stories, similarity, s.link_members)
        # Highest score; among equals the oldest story, so a given input order always gives one answer.
        best = int(np.lexsort((ids, -ratio))[0])
        return int(ids[best]), float(ratio[best]), float(linked_similarity[best])

    def _dated(self, day: int, candidates: I64, similarity: F64) -> tuple[F64, Mask, Mask]:
        """Past `date_window` days apart, the similarity decays; undated candidates keep theirs.
        Also returns which candidates are within the window (publication dates are then evidence
        of their own: `threshold_dated` applies) and which have a publication date."""
        s = self.settings
        dates = self._vector_date[candidates].astype(np.float64)
        known = dates != _NO_DATE
        gap = np.abs(dates - day) - s.date_window
        near = known & (gap <= 0)
        decay = np.where(known & ~near, np.power(0.5, np.maximum(gap, 0) / s.date_halflife), 1.0)
        return similarity * decay, near, known

    def _text_dated(self, happened: tuple[int, int], candidates: I64, similarity: F64, published: Mask) -> F64:
        """Where publication dates did not decide, the happenings' dates (from the texts) past
        `text_date_window` days apart make the similarity decay; they never lower the bar."""
        s = self.settings
        yday, day = happened
        other_yday = self._vector_yday[candidates].astype(np.int64)
        other_day = self._vector_day[candidates].astype(np.int64)
        around = np.abs(other_yday - yday)
        gap = np.minimum(around, YEAR_DAYS - around)
        if day:  # both years known: the true distance, years apart included
            gap = np.where(other_day > 0, np.abs(other_day - day), gap)
        apart = ~published & (other_yday > 0) & (gap > s.text_date_window)
        excess = np.maximum(gap - s.text_date_window, 0)
        return similarity * np.where(apart, np.power(0.5, excess / s.date_halflife), 1.0)

    def _index(self, features: DocFeatures, number: int) -> None:
        fingerprint = self._duplicates.fingerprint(features.shingles)
        if self._duplicates.find(fingerprint) is None:
            self._add_vector(features.doc, self._vectors.encode(features), number, _ordinal(features.date),
                             _happening(features))
        else:  # as `add` does: a copy adds nothing to compare with, nor to document frequencies
            self._doc_story[features.doc] = number
        self._duplicates.add(features.doc, fingerprint)

    def _add_vector(self, doc: str, query: Query, number: int, day: int, happened: tuple[int, int]) -> None:
        n = self._vectors.add(query)
        if n == len(self._vector_story):
            self._vector_story = grow(self._vector_story)
            self._vector_date = grow(self._vector_date)
            self._vector_yday = grow(self._vector_yday)
            self._vector_day = grow(self._vector_day)
        self._vector_story[n] = number
        self._vector_date[n] = day
        self._vector_yday[n], self._vector_day[n] = happened
        self._doc_story[doc] = number

    def _story(self, story: str) -> int:
        number = self._story_number.get(story)
        if number is None:
            number = self._story_number[story] = len(self._stories)
            self._stories.append(story)
        return number


def _linked(stories: I32, values: F64, members: int) -> tuple[I32, F64]:
    """(each story among `stories`, the mean of its `members` highest `values`), stories ascending."""
    order = np.lexsort((-values, stories))
    stories, values = stories[order], values[order]
    first = np.ones(len(stories), dtype=bool)
    first[1:] = stories[1:] != stories[:-1]
    group = np.cumsum(first) - 1
    kept = (np.arange(len(stories)) - np.flatnonzero(first)[group]) < members
    return stories[first], np.bincount(group[kept], weights=values[kept]) / np.bincount(group[kept])


def cluster(features: Iterable[DocFeatures], settings: Settings | None = None) -> list[Assignment]:
    """Cluster documents from scratch, in the order given."""
    return list(StoryClusterer(settings).add_all(features))


def _ordinal(iso: str | None) -> int:
    if not iso:
        return _NO_DATE
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return _NO_DATE


def _happening(features: DocFeatures) -> tuple[int, int]:
    """(day of the year, date ordinal or 0 without a year) of the happening: the date its text gives
    it, else the publication date; (0, 0) when neither is known."""
    for value in (features.text_date, features.date):
        if not value:
            continue
        try:
            yday = day_of_year(value[:10])
            return yday, 0 if value.startswith("--") else date.fromisoformat(value[:10]).toordinal()
        except ValueError:
            continue
    return 0, 0
