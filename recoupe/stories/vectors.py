"""Weighted vectors of every clustered document, with incremental document frequencies and an
inverted index for finding candidate neighbours.

All vectors live in three growing arrays (vocabulary ids, raw weights, channel) with one offset
per document, so a clusterer of 100k documents holds a few hundred bytes per document and no
Python object per term. IDF is applied at comparison time from the current document
frequencies: a term that was rare when an old document was added and is common now weighs
what it weighs now, without rewriting stored vectors.

A document is indexed under its `index_terms` highest TF-IDF lemmas only; postings lists keep
their `posting_cap` most recent documents, so a term that becomes very common costs a bounded
amount per lookup, and the cost of a lookup never grows with the corpus.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from recoupe.stories.records import DocFeatures

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I8 = npt.NDArray[np.int8]
A = TypeVar("A", bound=npt.NDArray[np.generic])

# Channels of a vector, compared separately (one cosine each) and weighted by the clusterer.
TERMS, TITLE, ACTORS, EVENTS = range(4)
CHANNELS = 4


@dataclass(slots=True, frozen=True)
class Query:
    """One document's vector, encoded against the vocabulary (see DocVectors.encode)."""

    ids: I32
    weights: F32
    channels: I8
    top: I32  # its highest TF-IDF lemma ids, best first: what it is indexed and looked up under


class DocVectors:
    """Vectors and document frequencies of the documents added so far."""

    def __init__(self, *, max_terms: int = 120, index_terms: int = 12, query_terms: int = 20,
                 posting_cap: int = 100) -> None:
        self.max_terms = max_terms
        self.index_terms = index_terms
        self.query_terms = query_terms
        self.posting_cap = posting_cap
        # Lemmas of body and title share ids (a title word is weighed by how common it is in
        # articles, which is better estimated than how common it is in titles); actor codes and
        # event keys have their own namespaces.
        self._lemmas: dict[str, int] = {}
        self._actors: dict[str, int] = {}
        self._events: dict[str, int] = {}
        self._df = np.zeros(1024, dtype=np.int32)
        self._scratch = np.zeros((CHANNELS, 1024), dtype=np.float32)  # the query, dense, reset after use
        self._ids = np.zeros(1 << 14, dtype=np.int32)
        self._weights = np.zeros(1 << 14, dtype=np.float32)
        self._channels = np.zeros(1 << 14, dtype=np.int8)
        self._ptr = np.zeros(1024, dtype=np.int64)  # document n spans [_ptr[n], _ptr[n + 1])
        self._postings: dict[int, list[int]] = {}
        self.docs = 0

    @property
    def vocabulary(self) -> int:
        return len(self._lemmas) + len(self._actors) + len(self._events)

    def encode(self, features: DocFeatures) -> Query:
        """The document's vector; unseen terms get new ids (with a document frequency of 0 until `add`)."""
        terms = sorted(features.terms.items(), key=lambda kv: (-kv[1], kv[0]))[: self.max_terms]
        entries: list[tuple[int, float, int]] = []
        entries += [(self._id(self._lemmas, t), 1.0 + math.log(c), TERMS) for t, c in terms if c > 0]
        entries += [(self._id(self._lemmas, t), 1.0, TITLE) for t in sorted(features.title_terms)]
        entries += [(self._id(self._actors, a), 1.0 + math.log(c), ACTORS)
                    for a, c in sorted(features.actors.items()) if c > 0]
        entries += [(self._id(self._events, e), 1.0, EVENTS) for e in sorted(set(features.events))]
        ids = np.array([e[0] for e in entries], dtype=np.int32)
        weights = np.array([e[1] for e in entries], dtype=np.float32)
        channels = np.array([e[2] for e in entries], dtype=np.int8)
        body = channels == TERMS
        score = weights[body] * self.idf(ids[body])
        order = np.lexsort((ids[body], -score))  # ties go to the older (smaller) id: deterministic
        top = ids[body][order][: max(self.index_terms, self.query_terms)]
        return Query(ids, weights, channels, top)

    def idf(self, ids: I32 | I64) -> F32:
        """Smoothed IDF from the current counts, so that the first documents already compare sensibly."""
        n = self.docs
        return (np.log((n + 1.0) / (self._df[ids] + 1.0)) + 1.0).astype(np.float32)

    def add(self, query: Query) -> int:
        """Store the vector, count its terms, index it; returns the document's number."""
        n = self.docs
        start = int(self._ptr[n])
        end = start + len(query.ids)
        while end > len(self._ids):
            self._ids = grow(self._ids)
            self._weights = grow(self._weights)
            self._channels = grow(self._channels)
        self._ids[start:end] = query.ids
        self._weights[start:end] = query.weights
        self._channels[start:end] = query.channels
        if n + 2 > len(self._ptr):
            self._ptr = grow(self._ptr)
        self._ptr[n + 1] = end
        self._df[np.unique(query.ids)] += 1
        for term in query.top[: self.index_terms].tolist():
            posting = self._postings.setdefault(term, [])
            posting.append(n)
            if len(posting) > 2 * self.posting_cap:  # trim rarely, keep the most recent documents
                del posting[: -self.posting_cap]
        self.docs = n + 1
        return n

    def candidates(self, query: Query, limit: int) -> I64:
        """Up to `limit` earlier documents sharing the most (IDF-weighted) top lemmas with the query."""
        found: list[int] = []
        lengths: list[int] = []
        weights: list[float] = []
        top = query.top[: self.query_terms]
        idf = self.idf(top)
        # One Python list, turned into an array once: per-term arrays cost more than the lookups.
        for term, w in zip(top.tolist(), idf.tolist(), strict=True):
            posting = self._postings.get(term)
            if posting:
                tail = posting[-self.posting_cap:]
                found += tail
                lengths.append(len(tail))
                weights.append(w)
        if not found:
            return np.zeros(0, dtype=np.int64)
        docs, inverse = np.unique(np.array(found, dtype=np.int64), return_inverse=True)
        score = np.bincount(inverse, weights=np.repeat(np.array(weights), lengths))
        order = np.lexsort((-docs, -score))[:limit]  # best first; among equals the most recent
        return docs[order]

    def similarities(self, query: Query, docs: I64) -> F64:
        """Cosine of the query with each document, per channel: shape (len(docs), CHANNELS).

        NaN where the channel is empty on either side (no title, no events): the clusterer then
        leaves that signal out instead of counting it as a disagreement.
        """
        count = len(docs)
        out = np.full((count, CHANNELS), np.nan)
        if count == 0:
            return out
        starts, ends = self._ptr[docs], self._ptr[docs + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        offsets = np.cumsum(lengths) - lengths
        idx = np.repeat(starts - offsets, lengths) + np.arange(total)
        ids = self._ids[idx]
        chans = self._channels[idx].astype(np.int64)
        weights = self._weights[idx] * self.idf(ids)
        segment = np.repeat(np.arange(count), lengths) * CHANNELS + chans

        qw = query.weights * self.idf(query.ids)
        qch = query.channels.astype(np.int64)
        q_norm = np.sqrt(np.bincount(qch, weights=qw * qw, minlength=CHANNELS))
        self._scratch[qch, query.ids] = qw
        try:
            dots = np.bincount(segment, weights=self._scratch[chans, ids] * weights, minlength=count * CHANNELS)
        finally:
            self._scratch[qch, query.ids] = 0.0
        norms = np.sqrt(np.bincount(segment, weights=weights * weights, minlength=count * CHANNELS))
        denominator = norms.reshape(count, CHANNELS) * q_norm[None, :]
        np.divide(dots.reshape(count, CHANNELS), denominator, out=out, where=denominator > 0)
        return out

    def _id(self, vocabulary: dict[str, int], key: str) -> int:
        found = vocabulary.get(key)
        if found is not None:
            return found
        new = self.vocabulary
        vocabulary[key] = new
        if new >= len(self._df):
            self._df = grow(self._df)
            scratch = np.zeros((CHANNELS, len(self._df)), dtype=np.float32)
            scratch[:, : self._scratch.shape[1]] = self._scratch
            self._scratch = scratch
        return new


def grow(array: A) -> A:
    """Double the capacity (amortised O(1) appends). The new half comes from np.zeros, which the
    system maps lazily: memory is only spent on what gets written."""
    grown = np.zeros((2 * array.shape[0], *array.shape[1:]), dtype=array.dtype)
    grown[: array.shape[0]] = array
    return grown  # type: ignore[return-value]
