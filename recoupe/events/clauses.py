"""Clause records: what the extractor knows of each predicate of a document.

The clause reader (``reader.py``) turns the dependency parse into one ``Clause`` per verb and
per event noun, with its arguments already normalised (voice undone, prepositions
normalised, known parser failures repaired, each repair named). Everything downstream —
construction matching, roles, factuality, discourse — reads these records, not raw tokens'
children.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Arg:
    """A nominal argument: its head token, the preposition that introduces it (normalised:
    'à', 'auprès de'; None for a subject or an object), and the repair that found it."""

    head: int
    prep: str | None = None
    repair: str = ""


@dataclass(slots=True)
class Clause:
    """One predicate and its arguments.

    ``subj`` is the logical subject (the agent: a passive's "par X", a controlled infinitive's
    controller, a relative's antecedent); ``obj`` the logical object (a passive's subject).
    ``parent``/``relation`` say which clause this one is embedded in and how (xcomp, ccomp,
    advcl, acl, relcl, parataxis, conj; obj or nmod for a noun under its verb)."""

    id: int
    pred: int  # token index of the predicate
    lemma: str
    pos: str  # "verb" | "noun"
    sent: int  # sentence start token
    subj: Arg | None = None
    obj: Arg | None = None
    comps: list[Arg] = field(default_factory=list)
    voice: str = "active"  # active | passive | pronominal
    form: str = "finite"  # finite | infinitive | participle | gerund
    conditional: bool = False
    future: bool = False
    negated: bool = False
    parent: int | None = None
    relation: str = ""
    mark: str | None = None  # "que", "de", "à", "pour", "si"... introducing the clause
    support: int | None = None  # a noun's support verb ("imposer des sanctions"): its token
    undergoer: Arg | None = None  # a noun's recipient-verb subject ("X a subi une attaque")
    adjs: list[int] = field(default_factory=list)  # a noun's adjectives
    poss: int | None = None  # a noun's possessive determiner
    anchor: int = 0  # the token whose clause is the evidence (the support verb for a noun)
    repairs: list[str] = field(default_factory=list)

    def note(self, repair: str) -> None:
        if repair and repair not in self.repairs:
            self.repairs.append(repair)


@dataclass(slots=True)
class Clauses:
    """All clauses of a document, by id and by predicate token."""

    items: list[Clause] = field(default_factory=list)
    by_token: dict[int, int] = field(default_factory=dict)

    def add(self, clause: Clause) -> None:
        self.by_token[clause.pred] = clause.id
        self.items.append(clause)

    def at(self, token: int) -> Clause | None:
        k = self.by_token.get(token)
        return self.items[k] if k is not None else None

    def parent(self, clause: Clause) -> Clause | None:
        return self.items[clause.parent] if clause.parent is not None else None

    def chain(self, clause: Clause, limit: int = 12) -> list[tuple[Clause, Clause]]:
        """(child, parent) pairs from a clause up to its sentence's root clause."""
        out = []
        c = clause
        for _ in range(limit):
            p = self.parent(c)
            if p is None:
                break
            out.append((c, p))
            c = p
        return out

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)
