"""The cross-source comparison of one story, on hand-made claims (no model)."""

from __future__ import annotations

from recoupe.claims.records import Claim, Mention
from recoupe.compare.records import ClaimStatus, StoryComparison
from recoupe.compare.story import compare_story, distinct_speakers, independent_count
from recoupe.records import ActorMention, Document

TEXT = "Titre\nSelon Washington, l'Iran livre des missiles. Téhéran dément. Fin."
DENIAL = (TEXT.index("Téhéran"), TEXT.index(" Fin"))
# PressTV's own article states no supply of arms (its denial stands where TEXT's does)
OTHER = "Titre\nLe ministre iranien parle hier de la guerre. Téhéran dément. Fin."
assert OTHER.index("Téhéran") == DENIAL[0]


def doc(doc_id: str, outlet: str | None, published: str | None, title: str = "", text: str = TEXT) -> Document:
    return Document.make(doc_id, text, title=title or f"Titre {doc_id}", outlet=outlet, published=published)


DOCS = [
    doc("b", "PressTV", "2022-11-05", text=OTHER),
    doc("a", "Le Monde", "2022-11-03", title="Le premier"),
    doc("c", "Le Figaro", "2022-11-04"),
    doc("a2", "Ouest-France", "2022-11-04"),  # a wire copy of a
]
DUPS = {"a2": "a"}


def mention(doc_id: str, factuality: str = "asserted", speaker: str | None = None, *, start: int = 6,
            end: int = 48, trigger: str = "livrer", obj: str | None = "missiles") -> Mention:
    outlet = next(d.outlet for d in DOCS if d.id == doc_id)
    return Mention(event=f"e{doc_id}{start}{factuality}", doc=doc_id, outlet=outlet, start=start, end=end,
                   factuality=factuality, speaker=speaker, object=obj, evidence=TEXT[start:end], trigger=trigger)


def claim(cid: str, *mentions: Mention) -> Claim:
    return Claim(cid, "s1", "AID", ["IRN"], ["RUS"], "military", ["missiles"], list(mentions))


def status_of(comparison: StoryComparison, cid: str) -> ClaimStatus:
    return next(st for st in comparison.claims if st.claim.id == cid)


def test_a_denial_reported_by_one_outlet_contests_another_outlets_allegation() -> None:
    c = claim("c1", mention("a", "alleged", "Washington"),
              mention("b", "reported", "le ministre iranien", start=DENIAL[0], end=DENIAL[1], obj="drones"),
              mention("b", "denied", "le ministre iranien", start=DENIAL[0], end=DENIAL[1], trigger="faux"))
    st = compare_story("s1", DOCS, [c]).claims[0]
    assert st.status == "contested"
    assert st.cells == {"Le Monde": "alleged", "PressTV": "denied"}
    assert st.evidence["PressTV"] == "Téhéran dément."  # the sentence, for the hover
    assert st.evidence["Le Monde"] == "Selon Washington, l'Iran livre des missiles."
    assert st.independent_outlets == 2
    assert st.independent_speakers == 2  # Washington, the Iranian minister


def test_corroborated_single_and_near_duplicates() -> None:
    two = claim("c2", mention("a"), mention("c", "reported", "Kirby"))
    copied = claim("c3", mention("a"), mention("a2"))  # the wire copy is no second source
    one = claim("c4", mention("b"))
    comparison = compare_story("s1", DOCS, [one, copied, two], DUPS)
    assert status_of(comparison, "c2").status == "corroborated"
    assert status_of(comparison, "c3").status == "single"
    assert status_of(comparison, "c3").independent_outlets == 1
    assert status_of(comparison, "c3").outlets == ["Le Monde", "Ouest-France"]
    assert status_of(comparison, "c3").independent_speakers == 1  # one outlet voice, repeated
    assert status_of(comparison, "c4").status == "single"
    assert [c.claim.id for c in comparison.corroborated] == ["c2"]
    assert comparison.contested == []


def test_adds_omits_and_duplicates() -> None:
    wide = claim("c5", mention("a"), mention("c"), mention("a2"))
    only_b = claim("c6", mention("b"))
    copied = claim("c7", mention("a"), mention("a2"))
    comparison = compare_story("s1", DOCS, [wide, only_b, copied], DUPS)
    views = {v.outlet: v for v in comparison.views}
    assert views["PressTV"].adds == ["c6"]
    assert views["PressTV"].omits == ["c5"]  # two independent outlets carry it; c7 has one source
    assert views["Le Monde"].adds == ["c7"]  # only its own wire copy repeats it
    assert views["Le Monde"].omits == []
    assert views["Le Figaro"].omits == []  # c5's other outlets are one source (a and its copy)
    assert views["Ouest-France"].duplicates_of == ["a"]
    assert views["Le Monde"].duplicates_of == []


def test_story_header_and_order() -> None:
    wide = claim("c9", mention("a"), mention("c"))
    narrow = claim("c8", mention("b"))
    tied = claim("c0", mention("b"))
    comparison = compare_story("s1", DOCS, [narrow, wide, tied], DUPS)
    assert comparison.title == "Le premier"  # the earliest document's
    assert comparison.docs == ["a", "a2", "c", "b"]
    assert comparison.outlets == ["Le Monde", "Ouest-France", "Le Figaro", "PressTV"]
    assert (comparison.first_seen, comparison.last_seen) == ("2022-11-03", "2022-11-05")
    assert [c.claim.id for c in comparison.claims] == ["c9", "c0", "c8"]  # most outlets, then id
    assert [v.outlet for v in comparison.views] == comparison.outlets


def test_an_unknown_outlet_is_said_so_and_each_document_is_its_own_source() -> None:
    docs = [doc("x", None, None), doc("y", None, None)]
    c = Claim("c1", "s1", "AID", ["IRN"], ["RUS"], mentions=[
        Mention("e1", "x", None, 6, 48, "asserted", None, None, ""),
        Mention("e2", "y", None, 6, 48, "reported", "Kirby", None, ""),
    ])
    comparison = compare_story("s1", docs, [c])
    assert comparison.outlets == ["unknown outlet (x)", "unknown outlet (y)"]
    assert comparison.claims[0].status == "corroborated"
    assert comparison.claims[0].cells == {"unknown outlet (x)": "asserted", "unknown outlet (y)": "reported"}
    assert comparison.first_seen is None


def test_wordings_only_when_outlets_word_it_differently() -> None:
    same = claim("c1", mention("a"), mention("c"))
    differ = claim("c2", mention("a", trigger="lancer", obj="opération"), mention("c", trigger="invasion", obj=None))
    comparison = compare_story("s1", DOCS, [same, differ])
    assert status_of(comparison, "c1").wordings == {}
    assert status_of(comparison, "c2").wordings == {"Le Monde": ["lancer", "opération"], "Le Figaro": ["invasion"]}


def test_strongest_factuality_fills_the_cell() -> None:
    c = claim("c1", mention("a", "possible", "les analystes"),
              mention("a", "reported", "Kirby", start=DENIAL[0], end=DENIAL[1]))
    st = compare_story("s1", DOCS, [c]).claims[0]
    assert st.cells == {"Le Monde": "reported"}
    assert st.evidence["Le Monde"] == "Téhéran dément."


def test_speakers_and_sources_are_counted_once() -> None:
    assert distinct_speakers(["John Kirby", "Kirby", "le porte-parole John Kirby", "The Guardian",
                              "le journal The Guardian"]) == ["le journal The Guardian", "le porte-parole John Kirby"]
    assert distinct_speakers(["Les services de renseignement américains",
                              "services de renseignement americains"]) == ["Les services de renseignement américains"]
    assert independent_count([("A", "a"), ("B", "b"), ("C", "c")], {"c": "b"}) == 2
    assert independent_count([("A", "a"), ("A", "a3")], {}) == 1
    assert independent_count([("A", "a"), ("B", "b")], {"a": "b", "b": "a"}) == 1  # a cycle is survived


def test_a_claim_with_a_denied_mention_is_contested_even_alone() -> None:
    denial = claim("c1", mention("b", "denied", "le ministre iranien", start=DENIAL[0], end=DENIAL[1]))
    assert compare_story("s1", DOCS, [denial]).claims[0].status == "contested"


# --- "omits" must be true of the outlet's text ----------------------------------------------

PROTEST = "Missile nord-coréen\nPyongyang a tiré un missile au-dessus de l'archipel. Le Japon a protesté. Fin."
SILENT = "Missile nord-coréen\nPyongyang a tiré un missile au-dessus de l'archipel. Le Japon compte ses abris. Fin."
FAR = ("Missile nord-coréen\nPyongyang a tiré un missile. La Bourse a baissé. Le yen a monté. "
       "Les marchés ont protesté. Le Japon compte ses abris.")


def _actors(text: str) -> list[ActorMention]:
    names = {"Pyongyang": "PRK", "Le Japon": "JPN", "nord-coréen": "PRK"}
    return [ActorMention(code, name, text.index(name), text.index(name) + len(name))
            for name, code in names.items() if name in text]


def _accuse_story(third: str) -> tuple[StoryComparison, ClaimStatus]:
    """Two outlets say Japan accused North Korea; a third outlet's article is `third`."""
    docs = [doc("j1", "NHK", "2022-10-04", text=PROTEST), doc("j2", "Le Monde", "2022-10-04", text=PROTEST),
            doc("j3", "Libération", "2022-10-04", text=third)]
    start = PROTEST.index("Le Japon")
    accuse = Claim("c1", "s1", "ACCUSE", ["JPN"], ["PRK"], mentions=[
        Mention(f"e{d}", d, outlet, start, start + 19, "asserted", None, None, "Le Japon a protesté", None,
                "protester") for d, outlet in (("j1", "NHK"), ("j2", "Le Monde"))])
    comparison = compare_story("s1", docs, [accuse], {}, {d.id: _actors(d.text) for d in docs})
    return comparison, comparison.claims[0]


def test_an_outlet_whose_text_states_a_missed_fact_does_not_omit_it() -> None:
    """Rule: an outlet omits a claim only when its text does not carry it. Libération writes "Le
    Japon a protesté" too, but the extractor read no event there: "not extracted", not "omits"."""
    comparison, status = _accuse_story(PROTEST)
    views = {v.outlet: v for v in comparison.views}
    assert views["Libération"].omits == []
    assert views["Libération"].not_extracted == ["c1"]
    assert status.unextracted == {"Libération": "Le Japon a protesté."}
    assert status.status == "corroborated" and "Libération" not in status.cells


def test_an_outlet_whose_text_lacks_the_fact_omits_it() -> None:
    comparison, status = _accuse_story(SILENT)  # the actors, but no word of protest or accusation
    assert {v.outlet: v.omits for v in comparison.views}["Libération"] == ["c1"]
    assert status.unextracted == {}
    comparison, status = _accuse_story(FAR)  # a protest, but nowhere near Japan
    assert {v.outlet: v.omits for v in comparison.views}["Libération"] == ["c1"]
