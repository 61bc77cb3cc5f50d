"""PLOVER coding policy as one ordered table (``data/policy.yaml``): what a drafted event
becomes given its construction's tags, its reading and its sides. The rules are data; this
module only evaluates their conditions and applies their effects."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..records import EVENT_TYPES, FACTUALITIES
from .clauses import Clause
from .factuality import Reading
from .finders import FINDERS, Context
from .grammar import LexiconError
from .lexicon import DATA
from .matching import Match
from .mentions import Found

WHEN = frozenset({"type", "tags", "tags_not", "factuality", "nominal", "conative", "committed", "blocked",
                  "requested", "refused", "source", "target", "subject_class", "object_class", "target_named",
                  "source_kinds", "complement", "complement_not", "form", "relation", "relation_not"})
THEN = frozenset({"type", "swap", "factuality", "drop", "source_from", "target_from", "target_also_from",
                  "target_is_source", "own_intention", "mediator_from"})


@dataclass(slots=True, frozen=True)
class Rule:
    name: str
    when: dict[str, Any]
    then: dict[str, Any]
    example: str


@dataclass(slots=True)
class Draft:
    """An event being coded: what the construction gave, before the policy."""

    type: str
    source: list[Found]
    target: list[Found]
    reading: Reading
    tags: frozenset[str]
    reciprocal: bool
    subject_words: frozenset[str] = frozenset()
    object_words: frozenset[str] = frozenset()
    target_named: bool = False  # the clause named a counterpart, even one the source's own side
    mediator: list[Found] = field(default_factory=list)  # who brought the parties together
    applied: list[str] = field(default_factory=list)
    dropped: bool = False
    own_intention: bool = False
    self_target: bool = False  # a people against its own government: the target is the source


def _check(k: int, raw: dict[str, Any]) -> Rule:
    where = f"policy.yaml: rule {k} ({raw.get('name')!r})"
    unknown = (set(raw) - {"name", "when", "then", "ex"}) | (set(raw.get("when") or {}) - WHEN) | (
        set(raw.get("then") or {}) - THEN)
    if unknown:
        raise LexiconError(f"[E130] {where}: unknown keys {sorted(unknown)}")
    then = raw.get("then") or {}
    for key in ("source_from", "target_from", "target_also_from", "mediator_from"):
        if key in then and then[key] not in FINDERS:
            raise LexiconError(f"[E131] {where}: unknown finder {then[key]!r}")
    if then.get("type", "AGREE") not in EVENT_TYPES or then.get("factuality", "asserted") not in FACTUALITIES:
        raise LexiconError(f"[E132] {where}: bad type or factuality")
    return Rule(str(raw.get("name")), dict(raw.get("when") or {}), dict(then), str(raw.get("ex") or ""))


@lru_cache(maxsize=4)
def load_policy(path: Path | None = None) -> tuple[Rule, ...]:
    raw = yaml.safe_load((path or DATA / "policy.yaml").read_text(encoding="utf-8")) or {}
    return tuple(_check(k, r) for k, r in enumerate(raw.get("rules") or []))


# the bodies and crowds of a state that can face one another in domestic news
DOMESTIC = frozenset({"police", "protesters", "judiciary", "military", "government", "opposition", "union",
                      "civilians", "media", "business", "party"})


# a crowd is never its own state's counterpart, whatever the state was named as ("à Tbilissi")
CROWDS = frozenset({"protesters", "civilians"})


def _same_side(a: Found, b: Found) -> bool:
    if a.code != b.code or a.kind == b.kind:
        return a.code == b.code
    return not ((a.kind in DOMESTIC and b.kind in DOMESTIC) or a.kind in CROWDS or b.kind in CROWDS)


def besides(found: list[Found], source: list[Found]) -> list[Found]:
    """The actors found, less the source's own: an actor is not its own counterpart; but two bodies
    of one state are ("la police a arrêté des manifestants": FRA/police -> FRA/protesters)."""
    return [f for f in found if not any(_same_side(f, s) for s in source)]


def _side_is(found: list[Found], v: str) -> bool:
    """A side's condition: empty, filled (one party or more), several (two parties or more)."""
    n = len({f.code for f in found})
    return n == 0 if v == "empty" else n >= 2 if v == "several" else n >= 1


def merge(*groups: list[Found]) -> list[Found]:
    out: list[Found] = []
    for g in groups:
        for f in g:
            if all(f.code != o.code for o in out):
                out.append(f)
    return sorted(out, key=lambda f: f.code)


class Policy:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rules = load_policy()

    def apply(self, d: Draft, c: Clause, match: Match) -> Draft:
        for rule in self.rules:
            if d.dropped:
                break
            if self._holds(rule.when, d, c):
                self._do(rule, d, c, match)
                d.applied.append(rule.name)
        return d

    def _holds(self, w: dict[str, Any], d: Draft, c: Clause) -> bool:
        r = d.reading
        tests = (
            ("type", lambda v: d.type in v), ("tags", lambda v: bool(d.tags & set(v))),
            ("tags_not", lambda v: not d.tags & set(v)), ("factuality", lambda v: r.factuality in v),
            ("nominal", lambda v: (c.pos == "noun") == v), ("conative", lambda v: r.conative == v),
            ("committed", lambda v: r.committed == v), ("blocked", lambda v: r.blocked == v),
            ("requested", lambda v: r.requested == v), ("refused", lambda v: r.refused == v),
            ("source", lambda v: _side_is(d.source, v)),
            ("target", lambda v: _side_is(d.target, v)),
            ("subject_class", lambda v: bool(d.subject_words & self.ctx.lex.classes.get(v, frozenset()))),
            ("target_named", lambda v: d.target_named == v),
            ("object_class", lambda v: bool(d.object_words & self.ctx.lex.classes.get(v, frozenset()))),
            ("source_kinds", lambda v: bool(d.source) and all(f.kind in v for f in d.source)),
            ("complement", lambda v: any(a.prep in v for a in c.comps)),
            ("complement_not", lambda v: not any(a.prep in v for a in c.comps)),
            ("form", lambda v: c.form in v), ("relation", lambda v: self._dep(c) in v),
            ("relation_not", lambda v: self._dep(c) not in v),
        )
        return all(test(w[key]) for key, test in tests if key in w)

    def _dep(self, c: Clause) -> str:
        return self.ctx.doc[c.pred].dep_

    def _do(self, rule: Rule, d: Draft, c: Clause, match: Match) -> None:
        t = rule.then
        if t.get("drop"):
            d.dropped = True
            return
        if "type" in t:
            d.type = t["type"]
        if t.get("swap"):
            d.source, d.target = d.target, d.source
        if "factuality" in t:
            d.reading.factuality = t["factuality"]
        if "source_from" in t and not d.source:
            d.source = besides(FINDERS[t["source_from"]](self.ctx, c, match), d.target)
        if "target_from" in t and not d.target:
            d.target = FINDERS[t["target_from"]](self.ctx, c, match)
        if "target_also_from" in t:
            d.target = merge(d.target, FINDERS[t["target_also_from"]](self.ctx, c, match))
        if "mediator_from" in t:  # "X et Y ont repris leurs discussions sous l'égide de Z": Z meets them too
            d.mediator = besides(FINDERS[t["mediator_from"]](self.ctx, c, match), merge(d.source, d.target))
        if t.get("target_is_source") and not d.target:
            # a people against its own government; a government yielding to its own people: the
            # target is the source's state, as the kind of actor the rule names
            kind = t["target_is_source"]
            d.target = [replace(f, kind=kind) if isinstance(kind, str) else f for f in d.source]
            d.self_target = True
        if t.get("own_intention"):
            d.own_intention = True
        if not d.reciprocal and not d.self_target:
            d.target = besides(d.target, d.source)
