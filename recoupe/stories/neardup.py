"""Near-duplicate detection: the same wire copy republished by several outlets with small edits.

Each document's shingle sketch (features.shingle_sketch: the smallest hashes of its word
5-grams) is turned into a MinHash signature; LSH banding puts documents that agree on all rows
of some band into the same bucket, so an earlier near-duplicate is found by looking up a few
buckets, never by scanning the corpus. The candidates are then checked on their sketches,
whose bottom-k estimate of the Jaccard similarity is more precise than a short signature's.

With 16 bands of 5 rows, a pair at Jaccard 0.8 shares a bucket with probability 0.998, a pair
at 0.5 with 0.40 and a pair at 0.3 with 0.04, so few false candidates reach the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from recoupe.stories.vectors import grow

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]

THRESHOLD = 0.8  # estimated Jaccard of 5-gram sets at which a document counts as a copy
BANDS = 16
ROWS = 5
MIN_SHINGLES = 8  # a stub of a few words is not evidence of copying
MAX_BUCKET = 16  # a bucket this full holds boilerplate, not one wire story: stop growing it
MAX_CHECKS = 32  # candidates checked on their sketches, most band hits first
SKETCH_SIZE = 128  # how many of its smallest shingle hashes a document keeps (~2.5 kB of JSON)

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def mix64(x: U64) -> U64:
    """The splitmix64 finaliser: a cheap bijection on 64-bit ints that scrambles every bit.

    XOR with a per-permutation seed followed by this mix behaves as an independent random
    permutation of the hash space for each seed, which is all MinHash needs.
    """
    with np.errstate(over="ignore"):  # multiplication modulo 2**64 is the point
        x = (x ^ (x >> np.uint64(30))) * _M1
        x = (x ^ (x >> np.uint64(27))) * _M2
        return x ^ (x >> np.uint64(31))


@lru_cache(maxsize=4)
def _seeds(size: int) -> U64:
    with np.errstate(over="ignore"):
        return mix64(np.arange(1, size + 1, dtype=np.uint64) * _GOLDEN)


@dataclass(slots=True, frozen=True)
class MinHasher:
    """MinHash signatures of `bands * rows` values; the same parameters give the same signatures."""

    bands: int = BANDS
    rows: int = ROWS

    @property
    def size(self) -> int:
        return self.bands * self.rows

    def signature(self, shingles: Sequence[int]) -> U32:
        """One minimum per permutation. Only the top 32 bits are kept: two minima are equal
        (same shingle) or differ, and 32 bits tell them apart with ample margin at half the memory."""
        seeds = _seeds(self.size)
        values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
        hashed = mix64(values[None, :] ^ seeds[:, None])
        return (hashed.min(axis=1) >> np.uint64(32)).astype(np.uint32)

    def band_keys(self, signature: U32) -> list[int]:
        """One bucket key per band: the band's rows folded into one 64-bit value, then mixed with
        the band number (so one dict serves all bands)."""
        rows = signature.reshape(self.bands, self.rows).astype(np.uint64)
        with np.errstate(over="ignore"):
            folded = (rows * _row_multipliers(self.rows)[None, :]).sum(axis=1, dtype=np.uint64)
            keys = mix64(folded ^ (np.arange(self.bands, dtype=np.uint64) * _GOLDEN))
        return keys.tolist()


@lru_cache(maxsize=4)
def _row_multipliers(rows: int) -> U64:
    """Odd 64-bit multipliers: equal bands give equal keys, different bands almost never do."""
    return mix64(np.arange(1, rows + 1, dtype=np.uint64) + np.uint64(1 << 40)) | np.uint64(1)


@dataclass(slots=True, frozen=True)
class Fingerprint:
    """What the index needs of one document: its MinHash signature (for the buckets) and its
    sketch, as the top 32 bits of each hash (for the check; order and equality survive)."""

    signature: U32
    sketch: U32
    keys: tuple[int, ...]  # its LSH bucket keys, one per band


class NearDuplicates:
    """An LSH index of document fingerprints: `find` an earlier copy, then `add` the document."""

    def __init__(self, *, threshold: float = THRESHOLD, hasher: MinHasher | None = None,
                 sketch_size: int = SKETCH_SIZE) -> None:
        self.threshold = threshold
        self.hasher = hasher or MinHasher()
        self.sketch_size = sketch_size
        self._docs: list[str] = []
        # One row per document, and its length (short documents have short sketches).
        self._sketches = np.zeros((64, sketch_size), dtype=np.uint32)
        self._lengths = np.zeros(64, dtype=np.int16)
        # bucket key -> document number, or a list of them when several documents share the bucket;
        # most buckets hold one document, and a bare int is much smaller than a list.
        self._buckets: dict[int, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def fingerprint(self, shingles: Sequence[int]) -> Fingerprint | None:
        """The document's fingerprint, or None when it is too short to be compared."""
        if len(shingles) < MIN_SHINGLES:
            return None
        top = np.unique(np.fromiter(shingles, dtype=np.uint64, count=len(shingles)) >> np.uint64(32))
        signature = self.hasher.signature(shingles)
        keys = tuple(self.hasher.band_keys(signature))
        return Fingerprint(signature, top[: self.sketch_size].astype(np.uint32), keys)

    def find(self, fingerprint: Fingerprint | None) -> tuple[str, float] | None:
        """The earlier document most similar to this one, if its estimated Jaccard reaches the threshold."""
        if fingerprint is None or not self._docs:
            return None
        hits: dict[int, int] = {}
        for key in fingerprint.keys:
            found = self._buckets.get(key)
            if found is None:
                continue
            for n in [found] if isinstance(found, int) else found:
                hits[n] = hits.get(n, 0) + 1
        best: tuple[float, int] | None = None
        # Most shared bands first, then the earliest document: the original rather than a copy of it.
        for n in sorted(hits, key=lambda n: (-hits[n], n))[:MAX_CHECKS]:
            similarity = sketch_jaccard(fingerprint.sketch, self._sketches[n, : self._lengths[n]], self.sketch_size)
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, n)
        return None if best is None else (self._docs[best[1]], best[0])

    def add(self, doc: str, fingerprint: Fingerprint | None) -> None:
        if fingerprint is None:
            return
        n = len(self._docs)
        if n == len(self._sketches):
            self._sketches = grow(self._sketches)
            self._lengths = grow(self._lengths)
        self._sketches[n, : len(fingerprint.sketch)] = fingerprint.sketch
        self._lengths[n] = len(fingerprint.sketch)
        self._docs.append(doc)
        for key in fingerprint.keys:
            found = self._buckets.get(key)
            if found is None:
                self._buckets[key] = n
            elif isinstance(found, int):
                self._buckets[key] = [found, n]
            elif len(found) < MAX_BUCKET:
                found.append(n)


def sketch_jaccard(a: U32, b: U32, size: int = SKETCH_SIZE) -> float:
    """Jaccard estimate from two bottom-k sketches (Broder): among the `size` smallest values of
    both, the share present in both. Exact when both documents have at most `size` shingles."""
    union = np.union1d(a, b)[:size]
    if len(union) == 0:
        return 0.0
    both = np.intersect1d(a, b, assume_unique=True)
    return float(np.count_nonzero(np.isin(union, both, assume_unique=True)) / len(union))


def jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """Exact Jaccard similarity of two shingle sets (for tests and diagnostics)."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0
