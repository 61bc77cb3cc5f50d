"""The per-document stage is a pure function of the Document: a text parsed in pieces gives
each piece's events and actor mentions at their offsets in the whole text."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from recoupe.engines import analysis
from recoupe.engines.analysis import Analysis, analyse
from recoupe.records import Document

pytestmark = pytest.mark.model

FIRST = ("Paris a annoncé jeudi que la France livre des canons Caesar à l'Ukraine, selon le ministère des "
         "Armées.")
SECOND = "Le Kremlin a accusé mercredi les États-Unis de livrer des missiles à Kiev, a déclaré Dmitri Peskov."


def _shifted(result: Analysis, doc: str, by: int) -> list[tuple[Any, ...]]:
    return [(doc, e.start + by, e.end + by, e.trigger_start + by, e.type, e.source, e.target, e.factuality,
             e.speaker, e.evidence) for e in result.events]


def test_events_and_mentions_of_a_later_piece_keep_their_offsets_in_the_document(
        nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = Document.make("a", FIRST), Document.make("b", SECOND)
    whole = Document.make("ab", FIRST + "\n\n" + SECOND)
    alone = analyse([first, second])
    monkeypatch.setattr(analysis, "MAX_PIECE_CHARS", len(FIRST) + 10)
    [cut] = analyse([whole])
    assert cut.pieces == 2 and cut.error is None
    assert alone[0].events and alone[1].events
    offset = len(FIRST) + 2
    assert _shifted(cut, "ab", 0) == _shifted(alone[0], "ab", 0) + _shifted(alone[1], "ab", offset)
    assert [(m.code, m.start, m.end) for m in cut.mentions] == (
        [(m.code, m.start, m.end) for m in alone[0].mentions]
        + [(m.code, m.start + offset, m.end + offset) for m in alone[1].mentions])
    assert all(whole.text[m.start:m.end] == m.text for m in cut.mentions)
    assert cut.features is not None and cut.features.doc == "ab" and cut.features.actors


def test_an_analysis_crosses_process_boundaries_unchanged(nlp: Any) -> None:
    [result] = analyse([Document.make("a", FIRST)])
    assert pickle.loads(pickle.dumps(result)) == result
