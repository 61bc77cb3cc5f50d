"""The speaker of a statement as written: a person, an institution, a document or an outlet —
the phrase that names it, never a fragment of the clause ("-t-on", "qu'", "il")."""

from __future__ import annotations

from spacy.tokens import Token

from .grammar import grammar, preposition

_CUT = frozenset({"acl:relcl", "advcl", "parataxis", "punct", "ccomp", "conj"})


def speaker_text(tok: Token) -> str | None:
    """A person's name when the phrase holds one, else the phrase without its relative clauses,
    appended remarks and leading preposition. Pronouns, clitics and relatives are no speaker."""
    g = grammar()
    if tok.pos_ in ("PRON", "SCONJ", "ADP", "PUNCT", "DET") or tok.lower_ in g.first_person:
        return None
    for t in tok.subtree:
        if t.ent_type_ == "PER" and t.dep_ in ("appos", "flat:name", "nsubj", "nmod") and t.pos_ == "PROPN":
            ent = next((e for e in tok.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and len(ent) >= 2:
                return ent.text
    keep = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in _CUT and not (c.dep_ == "conj" and c.pos_ != "VERB"):
                continue
            if c.dep_ == "acl" and c.morph.get("Tense", []) == ["Pres"]:  # "spéculant sur ..."
                continue
            if c.dep_ == "case" and c.head.i == tok.i:
                continue
            if c.dep_ == "nmod" and preposition(c) not in (None, "de", "par"):
                continue  # "l'évaluation des services sur les tentatives ...": not the speaker
            keep.append(c)
            stack.append(c)
    keep.sort(key=lambda x: x.i)
    while len(keep) > 1 and keep[0].lower_ in g.speaker_leading:
        keep.pop(0)
    while len(keep) > 1 and (keep[-1].is_punct or keep[-1].pos_ in ("ADP", "CCONJ", "DET")):
        keep.pop()
    lo, hi = keep[0].i, keep[-1].i
    text = tok.doc[lo:hi + 1].text.strip(" ,")
    if not text or not any(ch.isalpha() for ch in text) or text[0] in "-'’":
        return None
    return text
