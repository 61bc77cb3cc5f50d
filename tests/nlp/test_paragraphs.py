"""Sentence boundaries set before the parser: line breaks end sentences, and only they or
sentence-final punctuation may."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def sentences(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.text.strip() for s in nlp(text).sents]


def test_a_sentence_initial_name_stays_with_its_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Washington accuse Téhéran de livrer des drones à Moscou. Pékin a placé sous sanctions neuf entreprises."
    assert sentences(nlp, text) == ["Washington accuse Téhéran de livrer des drones à Moscou.",
                                    "Pékin a placé sous sanctions neuf entreprises."]
    doc = nlp(text)
    assert doc[0].dep_ == "nsubj" and doc[0].head.text == "accuse"


def test_line_breaks_and_quotes_end_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Un titre sans point\nLe ministre a déclaré : « Nous livrerons des armes. » La Russie dément."
    found = sentences(nlp, text)
    assert found[0] == "Un titre sans point"
    assert found[-1] == "La Russie dément."


def test_abbreviations_do_not_end_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    assert len(sentences(nlp, "M. Macron a reçu M. Zelensky à l'Élysée.")) == 1
