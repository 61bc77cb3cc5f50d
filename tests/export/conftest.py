from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from recoupe.records import Document, Event
from recoupe.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Three documents: two with events, one without any."""
    s = Store(tmp_path / "recoupe.db")
    s.save_document(Document.make("000_a", "Titre\nLa Corée du Nord livre des obus à Moscou."), [
        Event("000_a", 6, 47, "AID", ["PRK"], ["RUS"], context="military", object="obus d'artillerie",
              factuality="reported", speaker="John Kirby", transit=["CHN", "IRN"],
              evidence="livre des obus à Moscou"),
        Event("000_a", 48, 60, "ACCUSE", ["USA"], ["PRK", "RUS"], factuality="asserted", claim="c17"),
    ], [])
    s.save_document(Document.make("001_b", "Titre\nMoscou dément."), [
        Event("001_b", 6, 20, "AID", ["PRK"], ["RUS"], factuality="denied", speaker="Moscou"),
    ], [])
    s.save_document(Document.make("002_c", "Titre\nRien."), [], [])
    yield s
    s.close()
