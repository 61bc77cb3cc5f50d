"""Dating an article's happening from its own text."""

from __future__ import annotations

import pytest

from recoupe.stories.dating import day_gap, day_of_year, text_date


@pytest.mark.parametrize(("text", "expected"), [
    ("Les services ont publié, mercredi 2 novembre, leur évaluation.", "--11-02"),
    ("Il l'a annoncé lundi 1er septembre 2008 à Rome.", "2008-09-01"),
    ("Il l'a annoncé Lundi 1ᵉʳ Septembre.", "--09-01"),
    # The most frequent weekday date wins; among equals, the first (the lead's).
    ("Vote jeudi 3 mars. Réaction vendredi 4 mars. Le texte voté jeudi 3 mars ...", "--03-03"),
    ("Vote jeudi 3 mars. Réaction vendredi 4 mars.", "--03-03"),
])
def test_weekday_dates_date_the_happening(text: str, expected: str) -> None:
    assert text_date(text) == expected


@pytest.mark.parametrize("text", [
    "Le 24 février, la Russie a lancé son offensive.",  # a bare date is as often background
    "Il se rendra à Rome jeudi 4 septembre prochain.",  # looking ahead
    "Une date impossible : mardi 31 février.",
    "Aucune date ici, seulement mardi.",
    "",
])
def test_no_date_without_a_weekday_date_of_the_past(text: str) -> None:
    assert text_date(text) is None


def test_gaps_go_round_the_year_when_a_year_is_missing() -> None:
    assert day_gap("--12-30", "--01-02") == 3
    assert day_gap("2022-12-30", "--01-02") == 3
    assert day_gap("2022-11-02", "2021-11-02") == 365
    assert day_gap("--02-25", "--09-30") == 148  # the shorter way round
    assert day_of_year("--02-29") == 60 and day_of_year("2022-12-31") == 366
