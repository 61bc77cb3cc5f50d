"""Filters as a request gives them (query parameters) turned into the queries' filter records.

One parser for the pages and the API, so a page, its JSON and its download always select the
same rows. An actor may be given by code ("PRK") or by name as a text writes it ("Corée du
Nord", "Pyongyang", "Kim Jong-un"): the gazetteer resolves names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recoupe.actors.gazetteer import load_gazetteer
from recoupe.records import EVENT_TYPES, FACTUALITIES
from recoupe.web.database import Database
from recoupe.web.queries import EventFilter, StoryFilter, known_codes

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_LIMIT = 500


class BadFilter(ValueError):
    """A filter value that cannot select anything meaningful (an unknown type, a malformed date)."""


@dataclass(slots=True, frozen=True)
class Actors:
    """What the actor box asked for and the codes it resolved to (empty: nothing matched)."""

    asked: str
    codes: tuple[str, ...]


def resolve_actors(db: Database, text: str | None) -> Actors | None:
    """"Corée du Nord, USA" -> (PRK, USA); None when no actor was asked for."""
    if not text or not text.strip():
        return None
    gazetteer = load_gazetteer()
    codes: list[str] = []
    for term in (t.strip() for t in text.split(",")):
        if not term:
            continue
        entry = gazetteer.lookup(term)
        found = [entry.code] if entry is not None else known_codes(db, [term.upper().replace(" ", "_"), term])
        codes.extend(c for c in found if c not in codes)
    return Actors(text.strip(), tuple(codes))


def _codes(actors: Actors | None) -> tuple[str, ...]:
    """The codes to filter on: none when no actor was asked for; when the asked actor matched
    nothing, a code no actor has, so the filter selects nothing rather than being ignored."""
    if actors is None:
        return ()
    return actors.codes or ("\x00",)


def _choice(value: str | None, allowed: tuple[str, ...], what: str, *, upper: bool) -> str | None:
    if not value:
        return None
    v = value.strip().upper() if upper else value.strip().lower()
    if v not in allowed:
        raise BadFilter(f"unknown {what} {value!r}: expected one of {', '.join(allowed)}")
    return v


def _date(value: str | None, what: str) -> str | None:
    if not value or not value.strip():
        return None
    if not _DATE.match(value.strip()):
        raise BadFilter(f"{what} {value!r} is not a date (YYYY-MM-DD)")
    return value.strip()


def _text(value: str | None) -> str | None:
    return value.strip() or None if value else None


def story_filter(db: Database, *, q: str | None = None, actor: str | None = None, type: str | None = None,
                 date_from: str | None = None, date_to: str | None = None,
                 multi: bool = False) -> tuple[StoryFilter, Actors | None]:
    actors = resolve_actors(db, actor)
    words = tuple(w for w in re.split(r"\s+", q.strip()) if w) if q else ()
    f = StoryFilter(words=words, actors=_codes(actors), type=_choice(type, EVENT_TYPES, "type", upper=True),
                    date_from=_date(date_from, "date_from"), date_to=_date(date_to, "date_to"), multi=multi)
    return f, actors


def event_filter(db: Database, *, type: str | None = None, actor: str | None = None, factuality: str | None = None,
                 speaker: str | None = None, outlet: str | None = None, date_from: str | None = None,
                 date_to: str | None = None, doc: str | None = None, story: str | None = None,
                 claim: str | None = None) -> tuple[EventFilter, Actors | None]:
    actors = resolve_actors(db, actor)
    f = EventFilter(
        type=_choice(type, EVENT_TYPES, "type", upper=True), actors=_codes(actors),
        factuality=_choice(factuality, FACTUALITIES, "factuality", upper=False), speaker=_text(speaker),
        outlet=_text(outlet), date_from=_date(date_from, "date_from"), date_to=_date(date_to, "date_to"),
        doc=_text(doc), story=_text(story), claim=_text(claim),
    )
    return f, actors


def clamp(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, MAX_LIMIT)), max(0, offset)
