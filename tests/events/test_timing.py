"""Dates, places and actor kinds of events (issue 12), each test naming the rule it checks."""

from __future__ import annotations

from datetime import date

import pytest

from recoupe.events.timing import resolve, resolve_phrase

THURSDAY = date(2026, 3, 12)


@pytest.mark.parametrize(("phrase", "tense", "expected"), [
    ("lundi", "past", ("2026-03-09", "day")),  # a past weekday: the latest before the publication
    ("jeudi", "past", ("2026-03-12", "day")),  # ... or the publication day itself
    ("mardi", "future", ("2026-03-17", "day")),  # a future weekday: the next one
    ("mercredi dernier", "present", ("2026-03-11", "day")),  # "dernier" points back whatever the tense
    ("samedi prochain", "past", ("2026-03-14", "day")),  # "prochain" points forward
    ("à partir de samedi", "past", ("2026-03-14", "day")),  # "à partir de" points forward
    ("hier", "past", ("2026-03-11", "day")),
    ("le 3 mars", "past", ("2026-03-03", "day")),
    ("mardi 10 mars", "past", ("2026-03-10", "day")),
    ("lundi soir", "past", ("2026-03-09", "day")),  # a moment of the day keeps the day
    ("en janvier", "past", ("2026-01", "month")),
    ("en mars", "future", ("2026-03", "month")),  # the publication's own month ahead is this one
    ("d'ici la fin de l'année", "future", ("2026", "year")),
    ("fin décembre", "past", ("2025-12", "month")),  # a month edge leaves a month
    ("la semaine dernière", "past", ("2026-03", "month")),  # the month of that week's Monday
    ("l'an dernier", "past", ("2025", "year")),
    ("en 2023", "past", ("2023", "year")),
])
def test_a_time_phrase_resolves_against_the_publication_date(phrase: str, tense: str,
                                                            expected: tuple[str, str]) -> None:
    assert resolve_phrase(phrase, THURSDAY, tense) == expected


def test_an_event_with_no_time_phrase_takes_the_publication_date() -> None:
    from recoupe.records import Event

    ev = Event(doc="", start=0, end=1, type="ACCUSE", source=["FRA"], target=["DEU"])
    resolve([ev], "2026-03-12T08:00:00")
    assert (ev.date, ev.date_precision) == ("2026-03-12", "publication")


def _one(nlp, text: str, etype: str):  # type: ignore[no-untyped-def]
    events = [e for e in nlp(text)._.events if e.type == etype]
    assert events, [(e.type, e.source, e.target) for e in nlp(text)._.events]
    return events[0]


def test_the_time_phrase_leaves_out_complements_that_tell_no_time(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "L'armée israélienne a frappé lundi des positions du Hezbollah dans le sud du Liban.", "ASSAULT")
    assert ev.date_text == "lundi"


def test_a_relative_clause_takes_the_time_place_and_tense_of_its_main_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "La police turque a arrêté mercredi à Istanbul une trentaine de manifestants qui dénonçaient "
                   "l'emprisonnement du maire.", "PROTEST")
    resolve([ev], "2026-03-12")
    assert (ev.date, ev.place_code) == ("2026-03-11", "TUR")


def test_an_addressee_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Le Premier ministre japonais a demandé mercredi à la Chine de libérer un ressortissant japonais.",
              "REQUEST")
    assert ev.place is None


def test_where_an_ambassador_serves_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Le gouvernement espagnol a rappelé hier son ambassadeur en Argentine pour consultations.",
              "SANCTION")
    assert ev.place is None


def test_a_place_hung_on_the_object_places_the_happening(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Un drone russe a frappé lundi soir un immeuble résidentiel à Kharkiv.", "ASSAULT")
    assert (ev.place, ev.place_code) == ("à Kharkiv", "UKR")


def test_a_town_in_the_objects_genitive_places_the_happening(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Les Houthis ont attaqué mardi le port de Hodeïda.", "ASSAULT")
    assert (ev.place, ev.place_code) == ("de Hodeïda", "YEM")


def test_a_demonym_takes_the_kind_of_what_it_qualifies_and_a_bombed_town_is_its_people(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Un drone russe a frappé lundi soir un immeuble résidentiel à Kharkiv.", "ASSAULT")
    assert (ev.source_kind, ev.target_kind) == (["military"], ["civilians"])


def test_a_protest_against_the_protesters_own_state_targets_its_government(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Des milliers de Géorgiens ont manifesté dimanche soir devant le Parlement à Tbilissi.", "PROTEST")
    assert (ev.source_kind, ev.target_kind) == (["protesters"], ["government"])


def test_the_two_countries_are_states(nlp) -> None:  # type: ignore[no-untyped-def]
    ev = _one(nlp, "Kigali accuse Kinshasa de soutenir des milices. Les deux pays ont pourtant signé mardi à "
                   "Washington un accord de paix.", "SUPPORT")
    assert set(ev.source_kind) == {"state"}
