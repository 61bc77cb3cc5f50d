"""People the gazetteer does not know, introduced by their role: "le président maldivien,
Mohamed Muizzu", "Mazloum Abdi, le commandant des Forces démocratiques syriennes",
"le ministre turc Hakan Fidan". News names a person's role and country on first mention and
uses the bare name after ("M. Muizzu s'est rendu à Pékin"): that person stands for the role's
state or body for the rest of the article.

Runs inside the actor matcher, on the parse: a model PER entity (coded by its own name) next to
an official noun (institutions.tsv, kind official) whose nationality adjective or genitive is an
actor takes that actor's code; every later mention with the same surname takes it too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .gazetteer import entity_code

# kinds whose code a role can take: states (and their stand-ins), international bodies, groups
_ROLE_KINDS = frozenset({"state", "capital", "seat", "demonym", "igo", "group"})


def introduced(doc: Doc, spans: list[Span], officials: frozenset[str]) -> list[Span]:
    """`spans` with unknown people relabelled by the role they were introduced with."""
    if not doc.has_annotation("DEP"):
        return spans
    by_token = {t: sp for sp in spans for t in range(sp.start, sp.end)}
    codes: dict[str, str] = {}  # surname (lower case) -> code
    out: list[Span] = []
    for sp in spans:
        if not _unknown_person(sp):
            out.append(sp)
            continue
        surname = sp[-1].lower_
        code = codes.get(surname)
        if code is None:
            role = _role_noun(doc, sp, officials)
            code = _role_actor(role, by_token) if role is not None else None
            if code is None and role is not None:
                code = _salient_state(spans)  # "Le président Daniel Noboa": of the state the article is about
            if code is not None:
                codes[surname] = code
        out.append(Span(doc, sp.start, sp.end, label=code, kb_id="person") if code else sp)
    if not codes:
        return out
    # later bare mentions the model did not tag ("M. Muizzu s'est rendu à Pékin")
    covered = {t for sp in out for t in range(sp.start, sp.end)}
    first = min((sp.end for sp in out if sp.kb_id_ == "person" and sp[-1].lower_ in codes), default=len(doc))
    for tok in doc[first:]:
        if tok.i not in covered and tok.is_title and tok.lower_ in codes:
            out.append(Span(doc, tok.i, tok.i + 1, label=codes[tok.lower_], kb_id="person"))
    return sorted(out, key=lambda s: (s.start, s.end))


def _salient_state(spans: list[Span]) -> str | None:
    """The state the article names most (the first named of those named as often), if any."""
    counts: dict[str, int] = {}
    for sp in spans:
        if sp.kb_id_ in ("state", "capital", "seat", "demonym"):
            counts[sp.label_] = counts.get(sp.label_, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else None


def _unknown_person(sp: Span) -> bool:
    return sp.kb_id_ == "person" and sp.label_ == entity_code(sp.text)


def _role_noun(doc: Doc, sp: Span, officials: frozenset[str]) -> Token | None:
    """The official noun the name is in apposition with, or that stands right before it."""
    root = sp.root
    candidates: list[Token] = []
    if root.dep_ in ("appos", "flat:name", "nmod") and root.head.i < sp.start:
        candidates.append(root.head)  # "le président maldivien, Mohamed Muizzu"
    if root.dep_ == "conj" and root.head.i < sp.start and sp.start > 0 and doc[sp.start - 1].text == ",":
        candidates.append(root.head)  # "L'ambassadeur de France à l'ONU, Nicolas de Rivière,": read as a list
    candidates += [c for c in root.children if c.dep_ == "appos"]  # "Mazloum Abdi, le commandant de ..."
    if sp.start > 0:
        candidates.append(doc[sp.start - 1])  # "le ministre turc Hakan Fidan" (adjective before)
        k = sp.start - 1
        while k > 0 and doc[k].pos_ in ("ADJ", "PUNCT") and doc[k].text != ".":
            k -= 1
        candidates.append(doc[k])
    for c in candidates:
        if c.pos_ == "NOUN" and c.lemma_.lower() in officials:
            return c
    return None


def _role_actor(role: Token, by_token: dict[int, Span]) -> str | None:
    """The actor the role belongs to: its nationality adjective, else its genitive."""
    for c in role.children:
        if c.dep_ in ("amod", "flat:name", "appos") and (sp := by_token.get(c.i)) is not None \
                and sp.kb_id_ in _ROLE_KINDS:
            return sp.label_
    for c in role.children:
        if c.dep_ == "nmod" and any(g.dep_ == "case" and g.lower_ in ("de", "du", "des", "d'", "d’")
                                    for g in c.children):
            sp = by_token.get(c.i)
            if sp is not None and sp.kb_id_ in _ROLE_KINDS:
                return sp.label_
            for g in c.children:  # "le ministre des Affaires étrangères de la Somalie"
                if g.dep_ == "nmod" and (sp := by_token.get(g.i)) is not None and sp.kb_id_ in _ROLE_KINDS:
                    return sp.label_
    # a nationality adjective right after the role noun that the parser hung elsewhere
    nxt = role.doc[role.i + 1] if role.i + 1 < len(role.doc) else None
    if nxt is not None and (sp := by_token.get(nxt.i)) is not None and sp.kb_id_ == "demonym":
        return sp.label_
    return None
