"""Near-duplicates: an edited wire copy is found through the LSH buckets, other articles are not."""

from __future__ import annotations

import random

import numpy as np

from recoupe.stories.features import shingle_sketch
from recoupe.stories.neardup import MIN_SHINGLES, MinHasher, NearDuplicates, jaccard, sketch_jaccard

WORDS = [
    "la", "russie", "corée", "nord", "obus", "livraison", "munitions", "armée", "ukraine", "front", "selon",
    "responsable", "américain", "kremlin", "dément", "accusation", "missiles", "balistiques", "sanctions", "onu",
    "conseil", "sécurité", "rapport", "experts", "pyongyang", "moscou", "échange", "technologie", "satellite",
    "navire", "port", "frontière", "train",
]


def _article(seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _edited(text: str, changes: int, seed: int = 1) -> str:
    """The same article with a few words replaced, as an outlet edits a wire copy."""
    rng = random.Random(seed)
    words = text.split()
    for i in rng.sample(range(len(words)), changes):
        words[i] = "modifié"
    return " ".join(words) + " Lire aussi notre dossier."


def test_an_edited_copy_is_found_with_its_jaccard() -> None:
    original = _article(0)
    copy = _edited(original, 4)
    index = NearDuplicates()
    index.add("orig", index.fingerprint(shingle_sketch(original)))
    index.add("other", index.fingerprint(shingle_sketch(_article(5))))
    found = index.find(index.fingerprint(shingle_sketch(copy)))
    assert found is not None and found[0] == "orig"
    exact = jaccard(shingle_sketch(original, keep=10**6), shingle_sketch(copy, keep=10**6))
    assert exact > 0.85 and abs(found[1] - exact) < 0.1


def test_articles_on_the_same_subject_are_not_copies() -> None:
    index = NearDuplicates()
    for seed in range(20):  # same vocabulary, different sentences
        index.add(f"a{seed}", index.fingerprint(shingle_sketch(_article(seed))))
    assert index.find(index.fingerprint(shingle_sketch(_article(99)))) is None
    assert index.find(index.fingerprint(shingle_sketch(_edited(_article(99), 60)))) is None
    assert len(index) == 20


def test_the_earliest_of_equal_copies_is_the_original() -> None:
    text = _article(3)
    index = NearDuplicates()
    for doc in ("first", "second", "third"):
        index.add(doc, index.fingerprint(shingle_sketch(text)))
    assert index.find(index.fingerprint(shingle_sketch(text))) == ("first", 1.0)


def test_short_texts_are_never_compared() -> None:
    index = NearDuplicates()
    stub = shingle_sketch("Lire aussi notre dossier complet")
    assert len(stub) < MIN_SHINGLES and index.fingerprint(stub) is None
    index.add("stub", None)
    assert index.find(None) is None and len(index) == 0


def test_sketch_estimate_is_exact_for_small_sets() -> None:
    a = np.array([1, 2, 3, 4, 5, 6], dtype=np.uint32)
    b = np.array([2, 3, 4, 5, 6, 7], dtype=np.uint32)
    assert sketch_jaccard(a, b) == 5 / 7
    assert sketch_jaccard(a, a) == 1.0


def test_signatures_are_deterministic() -> None:
    shingles = shingle_sketch(_article(8))
    one, two = MinHasher().signature(shingles), MinHasher().signature(shingles)
    assert np.array_equal(one, two) and one.dtype == np.uint32 and one.shape == (MinHasher().size,)
    fp = NearDuplicates().fingerprint(shingles)
    assert fp is not None and fp.keys == NearDuplicates().fingerprint(shingles).keys  # type: ignore[union-attr]
