"""People the gazetteer does not know stand for the state or body they were introduced with."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def codes(nlp, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return [(sp.text, sp.label_) for sp in doc.spans["actors"]]


def test_a_role_with_a_nationality_codes_the_person_and_later_mentions(nlp) -> None:  # type: ignore[no-untyped-def]
    found = codes(nlp, "Le président maldivien, Mohamed Muizzu, a reçu un émissaire. M. Muizzu s'est rendu à Pékin.")
    assert ("Mohamed Muizzu", "MDV") in found and ("Muizzu", "MDV") in found


def test_a_role_before_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("Hakan Fidan", "TUR") in codes(nlp, "Le ministre turc Hakan Fidan a rencontré son homologue à Damas.")


def test_an_unintroduced_person_keeps_their_own_code(nlp) -> None:  # type: ignore[no-untyped-def]
    found = dict(codes(nlp, "Jean Dupont a publié un livre sur la guerre."))
    assert found.get("Jean Dupont", "JEAN_DUPONT") == "JEAN_DUPONT"
