"""A request, an intention and a report of the act are three claims (claims/modes.py)."""

from __future__ import annotations

from pathlib import Path

from recoupe.claims.merge import merge_claims
from recoupe.claims.modes import ACT, INTENDED, REQUESTED, mode_of
from recoupe.records import Document, Event


def _event(text: str, trigger: str, etype: str, source: list[str], target: list[str], *,
           doc: str = "a", fact: str = "asserted", clause: str | None = None) -> Event:
    """An event read from `text`, its trigger at the first `trigger`, its evidence `clause` (from
    the trigger to the sentence end when not given)."""
    at = text.index(trigger)
    start = text.index(clause) if clause else at
    end = start + len(clause) if clause else text.index(".", at)
    return Event(doc, start, end, etype, source, target, factuality=fact, trigger=trigger, trigger_start=at,
                 evidence=text[start:end])


HUN_SEN = ("Le Premier ministre, Hun Sen, a demandé à son homologue thaïlandais d'ordonner le retrait de ses "
           "troupes du sol cambodgien.")
DENIAL = "Bangkok dément avoir retiré ses troupes du sol cambodgien."
SIAM = "La Thaïlande, autrefois appelée Siam, a retiré ses troupes."


def test_a_request_for_an_act_is_not_the_act() -> None:
    """Rule: a request, an intention and a report of the act are different claims."""
    request = _event(HUN_SEN, "retrait", "RETREAT", ["THA"], ["KHM"], clause="d'ordonner le retrait")
    denied = _event(DENIAL, "retiré", "RETREAT", ["THA"], ["KHM"], doc="b", fact="denied")
    assert mode_of(request, text=HUN_SEN) == REQUESTED
    assert mode_of(denied, text=DENIAL) == ACT
    docs = {"a": Document.make("a", HUN_SEN), "b": Document.make("b", DENIAL)}
    claims = merge_claims("s1", [request, denied], docs)
    assert len(claims) == 2
    asked = next(c for c in claims if c.mode == REQUESTED)
    assert asked.label == "THA RETREAT KHM, requested" and asked.factualities == ["asserted"]


def test_a_request_word_in_another_clause_governs_nothing() -> None:
    act = _event(SIAM, "retiré", "RETREAT", ["THA"], [])
    assert mode_of(act, text=SIAM) == ACT  # "appelée" is a name, before a comma
    asking = _event("Moscou demande des armes à Pyongyang.", "demande", "REQUEST", ["RUS"], ["PRK"])
    assert mode_of(asking) == ACT  # a REQUEST is itself the act of asking


def test_an_intention_is_not_the_act_unless_it_goes_on_with_it() -> None:
    text = ("Moscou envisage d'envoyer des troupes. Moscou a envoyé des troupes. "
            "Moscou envisage de poursuivre les combats.")
    plan = _event(text, "envoyer", "MOBILIZE", ["RUS"], ["UKR"], fact="intended")
    sent = _event(text, "envoyé", "MOBILIZE", ["RUS"], ["UKR"])
    going_on = _event(text, "combats", "ASSAULT", ["RUS"], ["UKR"], fact="intended")
    assert (mode_of(plan, text=text), mode_of(sent, text=text), mode_of(going_on, text=text)) == \
        (INTENDED, ACT, ACT)
    claims = merge_claims("s1", [plan, sent], {"a": Document.make("a", text)})
    assert sorted(c.mode for c in claims) == [ACT, INTENDED]
    assert next(c for c in claims if c.mode == INTENDED).label.endswith(", intended")


def test_the_store_keeps_a_claims_mode(tmp_path: Path) -> None:
    from recoupe.store import Store

    request = _event(HUN_SEN, "retrait", "RETREAT", ["THA"], ["KHM"], clause="d'ordonner le retrait")
    claims = merge_claims("s1", [request], {"a": Document.make("a", HUN_SEN)})
    with Store(tmp_path / "modes.db") as store:
        store.replace_claims("s1", claims)
        assert [c.mode for c in store.claims()] == [REQUESTED]
