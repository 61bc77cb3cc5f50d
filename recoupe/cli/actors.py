"""Actors on the command line: `--actor` given by code or by name, and the `recoupe actors` listing.

A name goes through the actor gazetteer (names, demonyms, capitals, seats of power, people:
"Russie", "russes", "Moscou", "le Kremlin" -> RUS). The gazetteer is loaded only when the
answer is not a code of the store already: `--actor RUS` does not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rich.table import Table
from rich.text import Text

from ..actors.gazetteer import Gazetteer, entity_code, fold, load_gazetteer, strip_article
from ..errors import UnknownActorError
from ..export.graph import describe_actors
from ..store import Store
from ..store.actors import ActorCount, actor_codes, actor_counts
from .text import plain

_CODE_LIKE = re.compile(r"[A-Z0-9_]{2,}")


def resolve_actor(store: Store, asked: str) -> str:
    """The code `asked` stands for: a code the store's events name or the gazetteer knows (any
    case), else the code of a name the gazetteer resolves, else the code made from a name outside
    the gazetteer ("The Guardian" -> THE_GUARDIAN) when the store's events name it."""
    term = " ".join(asked.split())
    if not term:
        raise UnknownActorError("no actor given: --actor takes a code (RUS) or a name (Russie)", path=store.path)
    codes = actor_codes(store)
    if term.upper() in codes:
        return term.upper()
    gazetteer = load_gazetteer()
    if term.upper() in _gazetteer_codes(gazetteer):
        return term.upper()  # a known actor the store has no event of: an empty answer, not an error
    entry = gazetteer.lookup(term)
    if entry is not None:
        return entry.code
    made = entity_code(term)
    if made in codes:
        return made
    ambiguous = gazetteer.ambiguous.get(fold(strip_article(term, any_case=True)).lower())
    if ambiguous:
        raise UnknownActorError(f"{term!r} names several actors ({', '.join(sorted(ambiguous))}): give the code",
                                path=store.path)
    if _CODE_LIKE.fullmatch(term):
        raise UnknownActorError(f"no actor has the code {term!r}: neither the events of this store nor the gazetteer "
                                "know it (`recoupe actors --search WORD` lists the codes)", path=store.path)
    raise UnknownActorError(f"no actor is named {term!r}: the gazetteer does not resolve it to a code and no event "
                            "of this store names it (`recoupe actors --search WORD` lists the codes)", path=store.path)


def _gazetteer_codes(gazetteer: Gazetteer) -> set[str]:
    return set(gazetteer.names) | set(gazetteer.state_codes)


@dataclass(slots=True)
class ActorLine:
    """One line of `recoupe actors`."""

    code: str
    name: str
    kind: str  # state | igo | group | entity (the gazetteer's category)
    events: int
    source: int
    target: int
    kinds: dict[str, int] = field(default_factory=dict)  # the kinds of actor the events give it, most first

    def as_row(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "kind": self.kind, "events": self.events,
                "source": self.source, "target": self.target, "kinds": self.kinds}


def actor_lines(store: Store, search: str | None = None) -> list[ActorLine]:
    """The actors of the store's events, most events first (ties by code); with `search`, those
    whose code, display name or a name the gazetteer gives them holds the word (case and accents
    folded) or whose code the word resolves to ("Kremlin" -> RUS)."""
    counts = actor_counts(store)
    if not counts:
        return []
    info = describe_actors(sorted(counts))
    chosen: Iterable[ActorCount] = counts.values()
    if search is not None and search.strip():
        chosen = [c for c in chosen if c.code in _matching(search, counts)]
    lines = [ActorLine(c.code, info[c.code].name, info[c.code].kind, c.events, c.source, c.target,
                       dict(sorted(c.kinds.items(), key=lambda kv: (-kv[1], kv[0])))) for c in chosen]
    lines.sort(key=lambda line: (-line.events, line.code))
    return lines


def _matching(search: str, counts: dict[str, ActorCount]) -> set[str]:
    word = _folded(" ".join(search.split()))
    gazetteer = load_gazetteer()
    names: dict[str, set[str]] = {}
    for entry in gazetteer.entries:
        names.setdefault(entry.code, set()).add(_folded(entry.text))
    found = {code for code in counts
             if word in _folded(code) or word in _folded(gazetteer.name_of(code))
             or any(word in name for name in names.get(code, ()))}
    resolved = gazetteer.lookup(search)
    if resolved is not None and resolved.code in counts:
        found.add(resolved.code)
    return found


def _folded(text: str) -> str:
    return fold(text).lower()


def actors_table(lines: list[ActorLine], *, limit: int | None = None) -> Table:
    t = Table(title="actors", title_justify="left",
              caption="events: on either side; kinds: the kinds of actor the events give it", caption_justify="left")
    for col, just in (("code", "left"), ("name", "left"), ("kind", "left"), ("events", "right"),
                      ("as source", "right"), ("as target", "right"), ("kinds", "left")):
        t.add_column(col, justify=just, overflow="fold", max_width=50 if col in ("name", "kinds") else None)  # type: ignore[arg-type]
    for line in lines[:limit] if limit else lines:
        # codes and names can come from the articles (a group's name as written): Text cells, never markup
        t.add_row(plain(line.code), plain(line.name), plain(line.kind), str(line.events), str(line.source),
                  str(line.target), plain(", ".join(f"{k} {n}" for k, n in line.kinds.items())) or Text(""))
    return t
