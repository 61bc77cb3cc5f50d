"""The event extractor: a spaCy component that reads PLOVER events from a parsed document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Event
from .arguments import PART_NOUNS, ActorIndex, Found, object_text
from .attribution import Attributor
from .discourse import finish
from .lexicon import Frame, Lexicon, default_lexicon, load_lexicon
from .syntax import (
    VERBAL,
    adjacent_complements,
    child,
    clause_span,
    complements,
    direct_object,
    governing_verb,
    inverted_subject,
    is_passive,
    preposition,
    subject,
)
from .triggers import choose_sense, lookup, object_heads, recipient_verb, retag, support_verb

TRANSPARENT = frozenset({"série", "vague", "nombre", "quantité", "reprise", "poursuite", "hausse",
                         "augmentation", "intensification", "multiplication", "ensemble", "succession"})
TRANSACTIONS = frozenset({"AID", "REQUEST"})

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@dataclass(slots=True)
class Roles:
    source: list[Found] = field(default_factory=list)
    target: list[Found] = field(default_factory=list)
    both: list[Found] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    object: str | None = None
    object_lemma: str | None = None

    def add(self, role: str | None, found: Iterable[Found]) -> None:
        if role in ("source", "target", "both"):
            lst = getattr(self, role)
            for f in found:
                if all(f.code != g.code for g in lst):
                    lst.append(f)


def _institutions() -> frozenset[str]:
    try:
        from ..actors.gazetteer import load_gazetteer
    except ImportError:  # pragma: no cover - the gazetteer ships with the package
        return frozenset()
    return frozenset(load_gazetteer().institution_lemmas)


class EventExtractor:
    """Finds triggers, fills their roles, reads factuality and speaker, then applies the
    discourse rules (implicit arguments, denials of allegations, duplicates)."""

    def __init__(self, lexicon: Lexicon, institutions: frozenset[str]) -> None:
        self.lex = lexicon
        self.institutions = institutions

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.extract(doc)
        return doc

    def extract(self, doc: Doc) -> list[Event]:
        retag(doc, self.lex)
        idx = ActorIndex(doc, self.lex, self.institutions)
        att = Attributor(doc, self.lex)
        events: list[Event] = []
        seen_sentences: set[str] = set()
        for sent in doc.sents:
            key = " ".join(sent.text.split()).lower()
            if key in seen_sentences:  # a headline repeated at the end of a scraped page
                continue
            seen_sentences.add(key)
            consumed: set[int] = set()
            for tok in sent:
                if tok.i in consumed:
                    continue
                senses = lookup(tok, self.lex)
                if not senses:
                    continue
                chosen = choose_sense(tok, senses, self.lex, idx)
                if chosen is None:
                    continue
                sense, obj = chosen
                if obj is not None and tok.pos_ in VERBAL and sense.when_obj:
                    # the object and what its sense was read through ("suspendu l'ensemble de l'aide")
                    consumed.update(t.i for t in object_heads(obj))
                events.extend(self._build(tok, sense.frame, obj, idx, att))
        return finish(doc, events, idx, att, self.lex)

    # -- one trigger ----------------------------------------------------------------------
    def _build(self, tok: Token, frame: Frame, obj: Token | None, idx: ActorIndex,
               att: Attributor) -> list[Event]:
        lex = self.lex
        nominal = tok.pos_ not in VERBAL
        roles = Roles()
        anchor = tok  # the token whose clause is the evidence
        pp_heads = [tok]
        subject_tok: Token | None = None
        if nominal:
            if self._blocked(tok):
                return []
            agent = self._noun_agent(tok, frame, idx, roles)
            sv = support_verb(tok, lex)
            if sv is not None:
                anchor = sv
                pp_heads.append(sv)
            if not agent:
                agent = self._inherited_agent(tok, frame, idx, roles, pp_heads)
            roles.add(frame.agent, agent)
        elif frame.type == "MOBILIZE" and tok.dep_ == "acl" and "Part" in tok.morph.get("VerbForm", []):
            return []  # "les soldats français stationnés à N'Djamena": where forces are, not a move
        else:
            s = subject_tok = self._subject_of(tok, idx)
            if s is not None:
                found = idx.of_nominal(s)
                if not found and s.pos_ == "NOUN":  # "leur volonté d'élargir": the noun's own agent
                    found = self._noun_agent(s, frame, idx, roles)
                if not found and tok.dep_ == "acl" and "Fin" in tok.morph.get("VerbForm", []):
                    hs = self._headline_subject(tok, idx)  # "La Russie à court de munitions appelle ..."
                    found = idx.of_nominal(hs) if hs is not None else []
                if not found:
                    found = self._climbed_subject(tok, idx)
                roles.add(frame.agent, found)
            elif any(c.dep_ == "mark" and c.lower_ == "en" for c in tok.children):
                roles.add(frame.agent, self._climbed_subject(tok, idx))  # a gerund the parse cut off
        self._object(frame, obj, idx, roles)
        pps = [pn for head in pp_heads for pn in complements(head, depth=2)]
        if obj is not None and obj.head.i != tok.i and not nominal:
            # an object recovered from where the parser hung it ("réclame depuis des semaines des
            # missiles à Washington"): its own complements
            hung = [pn for h in (obj, obj.head) if h.i != tok.i for pn in complements(h, depth=1)]
            pps += [pn for pn in hung if all(pn[1].i != n.i for _p, n in pps)]
        if nominal:
            pps += list(adjacent_complements(tok))
        for p, n in pps:
            if obj is not None and n.i == obj.i:
                continue
            own = idx.span_at(n)
            if own is not None and own.start < n.i:  # a word inside a name ("Conseil de sécurité")
                continue
            role = frame.pp.get(p)
            if role is None and nominal and p == "de" and n.head.i == tok.i and idx.span_at(n) is not None:
                role = frame.agent
            if role is None:
                continue
            if role == "object":
                if roles.object is None and not idx.of_nominal(n):
                    roles.object = object_text(n)
                continue
            if role == "transit":
                roles.transit.extend([f.text for f in idx.of_nominal(n)] or [n.text])
                continue
            found = idx.of_nominal(n)
            if not found and n.lemma_.lower() in PART_NOUNS:
                found = [f for c in n.children if preposition(c) == "de" for f in idx.of_nominal(c)]
            elif not found and frame.type == "ASSAULT" and lex.in_class(n.lemma_.lower(), "strike_targets"):
                found = idx.of_nominal(n, deep=True)  # "une frappe contre un hôpital de Kiev": its owner is hit
            roles.add(role, [Found(f.code, f.text, f.token, via_pp=True) for f in found])
        self._object_adjective(frame, obj, idx, roles)
        reading = att.read(anchor if nominal and anchor.i != tok.i else tok, nominal=nominal)
        if nominal and anchor.i != tok.i:
            extra = att.read(tok, nominal=True)
            reading.conative = reading.conative or extra.conative
        if reading.controller is not None and frame.agent and not getattr(roles, frame.agent, True):
            roles.add(frame.agent, idx.of_nominal(tok.doc[reading.controller]))
        etype = frame.type
        source, target = roles.source, roles.target
        if frame.reciprocal:
            parts = _merge(source, target, roles.both)
            if len(parts) < 2:
                return []
            source = target = parts
            if frame.name == "ties" and reading.factuality == "intended":
                etype = "AGREE"  # announcing closer ties is agreeing to cooperate; having them is cooperating
            elif frame.name == "cooperate" and reading.factuality == "intended" and not nominal:
                etype = "AGREE"  # "se sont engagés à coopérer": a commitment to cooperate
            elif frame.name == "sign" and reading.factuality in ("intended", "possible"):
                etype = "AGREE"  # "ont promis de signer un traité": an intent, not yet a signature
        elif reading.conative and frame.name in ("buy", "receive"):
            etype = "REQUEST"  # trying to procure is asking for it
            source, target = target, source
        if not frame.reciprocal:  # an actor is not its own counterpart ("X accuse Y et X")
            target = _besides(target, source)
        if etype in ("ASSAULT", "ACCUSE") and frame.name != "summon" and subject_tok is not None and any(
                self.lex.in_class(t.lemma_.lower(), "protesters") for t in (subject_tok, *subject_tok.children)):
            # "des manifestants ont pris d'assaut l'ambassade de Suède": a protest turned violent;
            # "des étudiants ont protesté contre la réforme": dissent, not an official complaint
            etype = "PROTEST"
        if frame.name == "complain" and source and all(
                (sp := idx.span_at(tok.doc[f.token])) is not None and sp.kb_id_ == "demonym" for f in source):
            etype = "PROTEST"  # "des milliers de Géorgiens ont protesté": a people, not a government
        if etype == "PROTEST" and not source and not nominal:
            # "des manifestants se sont rassemblés ... à Tbilissi": protesters of the place, unless named
            source = _place_state(pps, idx)
            target = target or source  # and against their own government when no one else is named
        if frame.name in ("arrest", "arrest_n") and not source and target and tok.dep_ != "acl":
            # "un ressortissant français a été arrêté à Bakou": by the state where it happened
            source = _besides(_place_state(pps, idx), target)
        if etype == "PROTEST" and source and not target:
            target = source  # "des milliers de Géorgiens ont manifesté": a people against its own government
        if frame.name == "launch" and any(p == "contre" for p, _ in pps) and target:
            etype = "ASSAULT"  # "a tiré un missile contre un destroyer américain": fired at, an attack
        if nominal and not target and tok.dep_ in ("nsubj", "nsubj:pass") and (
                tok.head.lemma_.lower() in lex.cue("hit_verbs")):
            hit = direct_object(tok.head)  # "des frappes israéliennes ont visé l'aéroport de Damas"
            if hit is not None:
                target = _besides(idx.of_nominal(hit, deep=True), source)
        if (not target and obj is not None and obj.lemma_.lower() in lex.cue("act_nouns")
                and obj.head.pos_ in VERBAL and obj.head.i != tok.i and obj.i > obj.head.i):
            # "... ont reconnu l'État de Palestine, une décision dénoncée par Israël": the act
            # named in apposition is the clause before it; its authors are the ones aimed at
            actor = self._subject_of(obj.head, idx)
            if actor is not None:
                target = _besides(idx.of_nominal(actor), source)
        if (etype == "ACCUSE" and not target and not nominal and tok.dep_ in ("advcl", "parataxis")
                and inverted_subject(tok, lex) is not None):
            actor = self._subject_of(tok.head, idx)  # "X détient des Américains, a accusé Washington"
            if actor is not None:
                target = _besides(idx.of_nominal(actor), source)
        if etype == "REQUEST" and source and not target and not nominal:
            for c in tok.children:  # "a exigé que l'Inde retire ses soldats": the one asked to act
                if c.dep_ == "ccomp" and (s := subject(c, lex)) is not None:
                    target = _besides(idx.of_nominal(s), source)
                    break
        if etype == "THREATEN" and source and not target and not nominal:
            target = _besides(self._threatened(tok, idx), source)
        if etype == "REJECT" and "veto" in (tok.lemma_.lower(), obj.lemma_.lower() if obj is not None else ""):
            # a veto is cast in a council: the one named nearby ("au Conseil de sécurité") is its target
            target = _merge(target, self._council(tok, idx))
        if etype in ("MOBILIZE", "RETREAT") and source and (not target or etype == "MOBILIZE"):
            # the side faced, besides the place: "rappelé des réservistes ... contre le Hamas dans la bande de Gaza"
            target = _besides(_merge(target, self._faced(tok, obj, idx)), source)
        if reading.committed and reading.factuality in ("intended", "possible") and etype in ("CONSULT", "COOPERATE"):
            etype = "AGREE"  # "a accepté de reprendre les discussions", "se sont engagés à coopérer"
        if etype == "AGREE" and reading.factuality == "asserted":
            reading.factuality = "intended"  # an agreement commits to what is still to be done
        speaker = reading.speaker
        if (reading.factuality == "intended" and reading.speaker_token is not None
                and "Fin" not in tok.morph.get("VerbForm", [])):
            # "X a déclaré avoir l'intention de ...": a declared intention is X's own act, not a report
            # (but "X va retirer ..., selon un responsable de X" or "..., a annoncé le ministre de X"
            # is reported by someone after the fact)
            said = tok.doc[reading.speaker_token]
            trailing = said.i > tok.i or preposition(said) in ("selon", "d'après")
            said_by = {f.code for f in idx.of_nominal(said, deep=True)}
            if not trailing and said_by and said_by <= {f.code for f in source}:
                speaker = None
        start, end = clause_span(anchor)
        context = frame.context or (lex.object_context(roles.object_lemma) if roles.object_lemma else None)
        if context is None and etype == "AID" and roles.object_lemma:
            context = "military" if lex.in_class(roles.object_lemma, "weapons") else None
        groups = [[s] for s in source] if (
            etype in TRANSACTIONS and len(source) > 1 and all(s.via_pp for s in source)) else [source]
        out = []
        for grp in groups:
            ev = Event(
                doc="", start=start, end=end, type=etype, source=[f.code for f in grp],
                target=[f.code for f in target], context=context, object=roles.object,
                transit=roles.transit, factuality=reading.factuality, speaker=speaker,
                trigger=tok.lemma_.lower(), trigger_start=tok.idx,
                source_text=[f.text for f in grp], target_text=[f.text for f in target],
                evidence=att.text[start:end],
            )
            out.append(ev)
        return out

    def _object(self, frame: Frame, obj: Token | None, idx: ActorIndex, roles: Roles) -> None:
        if obj is None:
            return
        actors = idx.of_nominal(obj, strict=True)
        if (not actors and frame.obj_actor and frame.obj is None and not self._event_agent(frame, obj, idx)
                and not any(t.lemma_.lower() in self.lex.nouns for t in obj.subtree)):
            # the object can only be a participant ("a bombardé des villages arméniens", "a sanctionné
            # des responsables iraniens"): what it belongs to is the participant. Not for transfers,
            # where "des armes américaines" names the origin of the thing, not the receiver, nor
            # for acts ("reconnaître l'annexion par Moscou de régions d'Ukraine").
            actors = idx.of_nominal(obj, deep=True)
        if actors and frame.obj_actor:
            roles.add(frame.obj_actor, actors)
        elif frame.obj == "object" or frame.obj is None:
            roles.object = object_text(obj)
            roles.object_lemma = _head_lemma(obj)
        if frame.obj_event_agent and not actors:
            for t in obj.subtree:
                if preposition(t) == "par" and (f := idx.of_nominal(t)):
                    roles.add(frame.obj_event_agent, f)
                    break
            else:
                if obj.lemma_.lower() in self.lex.nouns or self.lex.in_class(obj.lemma_.lower(), "demands"):
                    # an act named by a noun: its agent is its genitive or adjective ("exiger le
                    # retrait des troupes rwandaises", "condamner l'offensive russe")
                    found = [Found(sp.label_, sp.text, sp.start) for c in obj.children
                             if c.dep_ == "amod" and (sp := idx.span_at(c)) is not None]
                    for c in obj.children:
                        if not found and c.dep_ == "nmod" and preposition(c) == "de":
                            found = idx.of_nominal(c, deep=True)
                    roles.add(frame.obj_event_agent, found)
        if frame.obj_part_of and not actors and obj.lemma_.lower() in PART_NOUNS:
            for c in obj.children:
                if preposition(c) == "de":
                    roles.add(frame.obj_part_of, idx.of_nominal(c))

    def _threatened(self, tok: Token, idx: ActorIndex) -> list[Found]:
        """Who a threat is aimed at when no object names it: the party of the condition ('si
        Mexico ne freinait pas', 'en cas d'attaque américaine'), else the one the threatened act
        would hit ('menacé d'imposer des droits de douane sur les produits mexicains')."""
        act = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in VERBAL), None)
        heads = [tok] + ([act] if act is not None else [])
        for h in heads:
            for c in h.children:
                if c.dep_ == "advcl" and any(m.lower_ in ("si", "s'") for m in c.children if m.dep_ == "mark"):
                    s = child(c, "nsubj")
                    if s is not None and (found := idx.of_nominal(s, deep=True)):
                        return found
            for p, n in complements(h, depth=1):
                if p == "en" and n.lower_ == "cas":  # "en cas d'attaque américaine"
                    for c in n.children:
                        if c.dep_ == "nmod" and (found := idx.of_nominal(c, deep=True)):
                            return found
        launched = direct_object(tok)
        for rel in ([c for c in launched.children if c.dep_ == "acl:relcl"] if launched is not None else []):
            # "a tiré un missile qui a survolé le Japon": where the missile went
            for n in [c for c in rel.children if c.dep_ == "obj"] + [n for p, n in complements(rel, depth=0)]:
                if found := idx.of_nominal(n, deep=True):
                    return found
        if act is not None:
            o = child(act, "obj")
            for n in ([o] if o is not None else []) + [n for p, n in complements(act, depth=1)
                                                       if p in ("sur", "contre", "à", "envers")]:
                if found := idx.of_nominal(n, deep=True):
                    return found
            for rel in [c for c in o.children if c.dep_ == "acl"] if o is not None else []:
                # "viser tout navire lié à Israël", "les intérêts appartenant aux États-Unis"
                for _p, n in complements(rel, depth=0):
                    if found := idx.of_nominal(n, deep=True):
                        return found
        return []

    def _council(self, tok: Token, idx: ActorIndex) -> list[Found]:
        """The voting body named in the trigger's sentence or the two before it, if any."""
        starts = [s.start for s in tok.doc.sents if s.start <= tok.i]
        lo = starts[-3] if len(starts) >= 3 else 0
        hi = tok.sent.end
        return [Found(sp.label_, sp.text, sp.start) for sp in idx.spans
                if lo <= sp.start < hi and sp.label_ in self.lex.cue("voting_bodies")][:1]

    def _faced(self, tok: Token, obj: Token | None, idx: ActorIndex) -> list[Found]:
        """Whom forces are deployed against when no complement names an actor: the other side of
        the border they go to ("à la frontière ukrainienne", "à sa frontière avec le Guyana",
        "le long de la frontière arménienne"), else the target of the attack they are meant for
        ("rappelé des réservistes en vue d'une offensive contre le Hamas")."""
        heads = [tok] + ([obj] if obj is not None else [])
        nominals = [t for h in heads for t in h.subtree
                    if t.pos_ in ("NOUN", "PROPN") and governing_verb(t) in (tok, tok.head, None)]
        for n in nominals:
            if not self.lex.in_class(n.lemma_.lower(), "borders"):
                continue
            found = [f for c in n.children if c.dep_ == "amod" for f in idx.of_nominal(c)]
            for t in n.sent:  # "frontière avec X", "frontière de X", wherever the parser hung X
                case = next((c for c in t.children if c.dep_ == "case"), None)
                if case is not None and case.lower_ in ("avec", "de", "du", "des", "d'") and (
                        t.head.i == n.i or case.i == n.i + 1):
                    found += idx.of_nominal(t)
            if found:
                return found
        for h in heads:  # "retirer ses soldats stationnés en Irak": where the forces are
            for t in h.subtree:
                if t.dep_ == "acl" and t.lemma_.lower() in self.lex.cue("stationed_verbs"):
                    for p, n in complements(t, depth=0):
                        if p in ("en", "à", "dans", "au") and (found := idx.of_nominal(n, deep=True)):
                            return found
        for n in nominals:
            if self.lex.in_class(n.lemma_.lower(), "attacks"):
                for c in n.children:
                    if preposition(c) in ("contre", "sur", "visant") and (found := idx.of_nominal(c, deep=True)):
                        return found
        return []

    @staticmethod
    def _event_agent(frame: Frame, obj: Token, idx: ActorIndex) -> bool:
        return bool(frame.obj_event_agent) and any(
            preposition(t) == "par" and idx.of_nominal(t) for t in obj.subtree)

    def _object_adjective(self, frame: Frame, obj: Token | None, idx: ActorIndex, roles: Roles) -> None:
        """'armes iraniennes': a nationality adjective on the object names its origin; when the
        origin is already given ('l'achat d'armes russes à l'Iran'), it names the other party."""
        if obj is None or not frame.obj_adj:
            return
        adj = [Found(sp.label_, sp.text, sp.start) for t in object_heads(obj) for c in t.children
               if (sp := idx.span_at(c)) is not None and (c.dep_ == "amod" or (
                   # "des militaires dominicains" with the adjective tagged as a noun
                   c.dep_ == "nmod" and sp.kb_id_ == "demonym" and preposition(c) is None))]
        if not adj:
            # "un hélicoptère de l'armée malienne": the owner named by a genitive; "l'importation de
            # diamants russes": the origin of what the object is made of
            genitives = [c for t in _with_nmod(obj) for c in t.children if c.dep_ == "nmod" and preposition(c) == "de"]
            adj = [f for c in genitives for f in idx.of_nominal(c, strict=True)]
            if not adj and self.lex.in_class(obj.lemma_.lower(), "trade"):
                adj = [Found(sp.label_, sp.text, sp.start) for c in genitives for g in c.subtree
                       if g.pos_ == "ADJ" and (sp := idx.span_at(g)) is not None][:2]
        if not adj:
            return
        side = frame.obj_adj
        other = "target" if side == "source" else "source"
        filled = {f.code for f in getattr(roles, side)}
        if filled and not filled & {f.code for f in adj}:
            if frame.type in TRANSACTIONS or side == "target":  # (troops of another state: not a party)
                roles.add(other, adj)
        elif not filled:
            roles.add(side, adj)

    def _noun_agent(self, tok: Token, frame: Frame, idx: ActorIndex, roles: Roles) -> list[Found]:
        found: list[Found] = []
        for c in tok.children:
            if c.dep_ == "det" and "Yes" in c.morph.get("Poss", []):
                found.extend(idx.resolve_pronoun(c))
            elif c.dep_ == "amod" and (sp := idx.span_at(c)) is not None:
                found.append(Found(sp.label_, sp.text, sp.start))
            elif c.dep_ in ("nmod", "obl:agent") and preposition(c) == "par":
                found.extend(idx.of_nominal(c))
        return found

    def _inherited_agent(self, tok: Token, frame: Frame, idx: ActorIndex, roles: Roles,
                         pp_heads: list[Token]) -> list[Found]:
        """A nominal without its own agent takes it from the verb it completes."""
        lex = self.lex
        t = tok
        # look through "une série de", "la poursuite de"
        while t.dep_ == "nmod" and t.head.lemma_.lower() in TRANSPARENT:
            t = t.head
            pp_heads.append(t)
        sv = support_verb(t, lex)
        if sv is not None:
            return self._subject_actors(sv, idx)
        if t.dep_ == "obj" and t.head.lemma_.lower() in lex.cue("denial_verbs"):
            return self._subject_actors(t.head, idx)  # "Téhéran dément toute livraison d'armes": its own
        rv = recipient_verb(t, lex)
        if rv is not None:
            s = self._subject_of(rv, idx)
            if s is not None:
                roles.add("target", idx.of_nominal(s))
            return []
        deal = t.head
        if (t.dep_ == "nmod" and preposition(t) in ("pour", "sur", "de")
                and lex.in_class(deal.lemma_.lower(), "agreements")
                and deal.dep_ in ("obj", "nsubj:pass") and deal.head.pos_ in VERBAL):
            return self._subject_actors(deal.head, idx)  # "a signé un contrat pour l'achat de ...": the signatory
        if (t.dep_.startswith("obl") and preposition(t) == "pour" and deal.pos_ in VERBAL
                and (o := direct_object(deal)) is not None and lex.in_class(o.lemma_.lower(), "agreements")):
            return self._subject_actors(deal, idx)  # the same, the purchase hung on the verb
        h = t.head
        if h.i != t.i and h.pos_ in VERBAL and t.dep_.startswith("obl") and preposition(t) in ("avec", "par"):
            return self._subject_actors(h, idx)  # an instrument: its user is the agent
        return []

    def _subject_actors(self, verb: Token, idx: ActorIndex) -> list[Found]:
        """The actors the verb's subject names (none without a subject)."""
        s = self._subject_of(verb, idx)
        return idx.of_nominal(s) if s is not None else []

    def _subject_of(self, verb: Token, idx: ActorIndex) -> Token | None:
        s = _fronted_subject(verb, idx) or subject(verb, self.lex)
        if s is None and is_passive(verb):
            return None  # the actor before a passive verb is its patient, not its agent
        if s is None and verb.dep_ == "acl" and "Fin" in verb.morph.get("VerbForm", []):
            s = self._headline_subject(verb, idx)
        return s if s is not None else _fallback_subject(verb, idx)

    def _climbed_subject(self, tok: Token, idx: ActorIndex) -> list[Found]:
        """Subject control is the default in French: an infinitive whose controller the parse
        lost takes the subject of the nearest clause above it that has one."""
        t = tok
        gerund = any(c.dep_ == "mark" and c.lower_ == "en" for c in tok.children)
        allowed = ("acl", "xcomp", "obj", "obl", "obl:mod", "obl:arg", "nmod", "conj") + (
            ("advcl", "amod") if gerund else ())  # "en recherchant des munitions": the main clause's subject
        for _ in range(7):
            if t.head.i == t.i or t.dep_ not in allowed:
                return []
            t = t.head
            s = child(t, "nsubj") if t.pos_ in VERBAL else None
            if s is not None:
                return idx.of_nominal(s)
        return []

    def _blocked(self, tok: Token) -> bool:
        h = tok.head
        return h.i != tok.i and tok.dep_ in ("obj", "obl:arg") and h.lemma_.lower() in self.lex.cue(
            "blocking_verbs")

    def _headline_subject(self, tok: Token, idx: ActorIndex) -> Token | None:
        """A headline verb the parser hung under a noun: its subject is the actor heading it."""
        t = tok.head
        while t.head.i != t.i:
            t = t.head
        if idx.of_nominal(t) and t.i < tok.i:
            return t
        return None


def _besides(found: list[Found], source: list[Found]) -> list[Found]:
    """The actors found, less the source's own: an actor is not its own counterpart."""
    codes = {f.code for f in source}
    return [f for f in found if f.code not in codes]


FRONTING = frozenset({"plus", "lieu", "avant", "afin", "après", "outre"})


def _fallback_subject(tok: Token, idx: ActorIndex) -> Token | None:
    """Where the parse gives no subject: the actor right before the verb or its modal
    ('la Corée du Nord pourrait recevoir'), or, for a fronted infinitive ('en plus de
    bénéficier ..., la Corée du Nord pourrait'), the subject of the main clause after it."""
    t: Token = tok
    for _ in range(3):
        if "Fin" in t.morph.get("VerbForm", []) or t.dep_ in ("xcomp", "ROOT") or not t.morph.get("VerbForm", []):
            s = _adjacent_subject(t, idx)
            if s is not None:
                return s
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            break
        t = t.head
    return None


def _fronted_subject(tok: Token, idx: ActorIndex) -> Token | None:
    """'en plus de bénéficier ..., la Corée du Nord pourrait': a fronted adverbial infinitive
    is controlled by the subject of the clause that follows it."""
    if "Inf" not in tok.morph.get("VerbForm", []) or tok.i < 2 or tok.doc[tok.i - 2].lower_ not in FRONTING:
        return None
    for sp in idx.spans:
        if sp.start > tok.i and sp.sent.start == tok.sent.start:
            nxt = tok.doc[sp.end] if sp.end < len(tok.doc) else None
            before = tok.doc[sp.start - 1].lower_
            if nxt is not None and nxt.pos_ in VERBAL and before in (",", "la", "le", "les", "l'"):
                return sp.root
    return None


def _adjacent_subject(tok: Token, idx: ActorIndex) -> Token | None:
    """A finite verb the parser left without a subject: French puts the subject right
    before the verb, past clitics, negation and adverbs."""
    i = tok.i - 1
    # not bounded by the sentence: a subject the parser left as a root of its own also
    # starts a 'sentence' of its own ("Washington | va imposer ..."); a full stop bounds it
    while i >= 0 and tok.doc[i].text not in (".", "!", "?") and "\n" not in tok.doc[i].text:
        t = tok.doc[i]
        if t.pos_ in ("ADV", "AUX") or (t.pos_ == "PRON" and t.lower_ in CLITICS) or t.text == ",":
            i -= 1
            continue
        sp = idx.span_at(t)
        if sp is None or sp.end != t.i + 1:
            return None
        root = sp.root
        while root.dep_ == "conj" and idx.span_at(root.head) is not None:
            root = root.head  # "les États-Unis et le Royaume-Uni": the whole coordination
        if root.i != sp.root.i:
            return root
        first = tok.doc[sp.start - 1] if sp.start > 0 else None
        if first is not None and first.lower_ in ("à", "de", "en", "par", "pour", "avec", "contre", "au", "aux"):
            return None  # inside a prepositional phrase, not a subject
        return sp.root
    return None


CLITICS = frozenset({"se", "s'", "s’", "lui", "leur", "en", "y", "le", "la", "les", "l'", "l’", "me", "te", "nous",
                     "vous", "ne", "n'", "n’"})


def _place_state(pps: list[tuple[str, Token]], idx: ActorIndex) -> list[Found]:
    """The state of the first place named as where the act happened ("à Tbilissi", "en Irak")."""
    return [Found(sp.label_, sp.text, sp.start) for p, n in pps if p in ("à", "dans", "en")
            if (sp := idx.span_at(n)) is not None and sp.kb_id_ in ("capital", "place", "state")][:1]


def _merge(*groups: list[Found]) -> list[Found]:
    out: list[Found] = []
    for g in groups:
        for f in g:
            if all(f.code != o.code for o in out):
                out.append(f)
    return sorted(out, key=lambda f: f.code)


def _head_lemma(obj: Token) -> str:
    lemma = obj.lemma_.lower()
    for c in obj.children:
        if c.dep_ == "nmod" and preposition(c) == "de" and lemma in ("quantité", "nombre", "stock", "lot"):
            return c.lemma_.lower()
    return lemma


def _with_nmod(obj: Token) -> list[Token]:
    return [obj] + [c for c in obj.children if c.dep_ == "conj"]


@Language.factory("recoupe_events", default_config={"lexicon": None, "cues": None})
def make_event_extractor(nlp: Language, name: str, lexicon: str | None, cues: str | None) -> EventExtractor:
    from pathlib import Path

    lex = default_lexicon() if lexicon is None and cues is None else load_lexicon(
        Path(lexicon) if lexicon else None, Path(cues) if cues else None)
    return EventExtractor(lex, _institutions())
