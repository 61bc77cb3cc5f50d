"""places.tsv: regions, cities and sites as kind ``place``, below states, capitals and seats."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from recoupe.actors.gazetteer import DATA_DIR, load_gazetteer, read_tsv
from recoupe.actors.matcher import SPANS_KEY


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe("recoupe_actors")
    return nlp


def actors(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    """Gazetteer names other than demonyms, as (text, code, kind)."""
    doc = nlp(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[SPANS_KEY] if s.kb_id_ != "demonym"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Des frappes russes ont visé Kharkiv et Odessa dans la nuit.",
         [("Kharkiv", "UKR", "place"), ("Odessa", "UKR", "place")]),
        ("L'armée israélienne a bombardé Rafah, dans le sud de la bande de Gaza.",
         [("Rafah", "PSE", "place"), ("bande de Gaza", "PSE", "place")]),
        ("Des drones ukrainiens ont frappé la région de Belgorod.", [("Belgorod", "RUS", "place")]),
        ("La Russie a annexé la Crimée en 2014.", [("Russie", "RUS", "state"), ("Crimée", "UKR", "place")]),
        ("Les combats se poursuivent au Darfour et à El-Facher.",
         [("Darfour", "SDN", "place"), ("El-Facher", "SDN", "place")]),
        ("Le M23 s'est emparé de Goma, capitale du Nord-Kivu.",
         [("M23", "M23", "group"), ("Goma", "COD", "place"), ("Nord-Kivu", "COD", "place")]),
        ("Bakou a repris le Haut-Karabakh.", [("Bakou", "AZE", "capital"), ("Haut-Karabakh", "AZE", "place")]),
        ("Une manifestation a eu lieu a Zaporijia.", [("Zaporijia", "UKR", "place")]),
    ],
)
def test_places_match(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert actors(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "selon le New York Times, les négociations avancent.",  # a newspaper, not the city
        "La chanteuse Whitney Houston a chanté.",  # a surname
    ],
)
def test_place_inside_a_longer_name(nlp: Language, text: str) -> None:
    assert [a for a in actors(nlp, text) if a[2] == "place"] == []


def test_states_and_capitals_win_over_places() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("Hong Kong").kind == "state"  # type: ignore[union-attr]
    assert gazetteer.lookup("Bakou").kind == "capital"  # type: ignore[union-attr]
    assert gazetteer.lookup("la Crimée").kind == "place"  # type: ignore[union-attr]


def test_places_file_is_well_formed() -> None:
    rows = list(read_tsv(DATA_DIR / "places.tsv"))
    assert len(rows) >= 150
    codes = load_gazetteer().state_codes
    for text, code, kind in rows:
        assert kind == "place", text
        assert code in codes, (text, code)


def test_place_mentions_keep_their_kind(nlp: Language) -> None:
    from recoupe.actors.matcher import actor_mentions

    mentions = actor_mentions(nlp("Des tirs ont visé Kherson."))
    assert [(m.code, m.kind) for m in mentions] == [("UKR", "place")]
