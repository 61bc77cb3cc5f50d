from __future__ import annotations

import time
from pathlib import Path

import pytest

from recoupe.errors import LanguageError
from recoupe.ingest.language import detect_language, language_error
from recoupe.records import Document

FRENCH = (
    "La Corée du Nord a livré plus d'un millier de conteneurs d'équipements militaires et de munitions "
    "à la Russie, a affirmé vendredi la Maison Blanche, qui s'appuie sur des images satellites."
)
ENGLISH = (
    "North Korea has delivered more than a thousand containers of military equipment and munitions "
    "to Russia, the White House said on Friday, citing satellite imagery."
)
RPM2 = Path("/work/shared/data/rpm2")


def test_french_and_english_paragraphs() -> None:
    assert detect_language(FRENCH) == "fr"
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize("text", ["", "OK", "Le Monde", "Kim Jong-un", "12 345 678 -- 2024", "   \n  "])
def test_too_short_or_unsure_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_language_error_only_for_a_known_foreign_language() -> None:
    english = Document.make("en1", ENGLISH, language="en", path="news/en1.txt")
    error = language_error(english)
    assert isinstance(error, LanguageError)
    assert error.line() == (
        "news/en1.txt: [E110] not French: detected English (en); recoupe analyses French articles only"
    )
    assert error.doc == "en1"
    assert language_error(Document.make("fr1", FRENCH, language="fr")) is None
    assert language_error(Document.make("x", "OK", language=None)) is None


@pytest.mark.skipif(not RPM2.is_dir(), reason="RPM2 corpus not available")
def test_every_rpm2_article_is_french_and_fast() -> None:
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(RPM2.glob("*.txt"))]
    detect_language(texts[0])  # the detector is built once; time the steady state
    start = time.perf_counter()
    found = [detect_language(text) for text in texts]
    per_doc = (time.perf_counter() - start) / len(texts)
    assert len(texts) == 400
    assert found == ["fr"] * 400
    assert per_doc < 0.02  # ~2.3 ms measured; generous for slow CI machines


def test_a_jsonl_line_in_another_language_is_named_by_line_and_id() -> None:
    english = Document.make("en7", ENGLISH, language="en", path="feeds/day.jsonl", line=7)
    problem = language_error(english)
    assert problem is not None
    assert problem.line().startswith("feeds/day.jsonl:7 (id en7): [E110] not French")
