"""Quotation finding needs no model."""

from __future__ import annotations

from recoupe.events.quotes import find_quotes


def test_quotes_of_all_kinds() -> None:
    text = 'Il a dit « nous ne livrerons jamais de missiles à ce pays » puis "une autre phrase assez longue ici".'
    spans = find_quotes(text)
    assert len(spans) == 2
    assert text[spans[0][0]] == "«"


def test_scare_quotes_are_not_quotations() -> None:
    assert find_quotes('la Russie a lancé une "opération militaire spéciale" en Ukraine') == []
