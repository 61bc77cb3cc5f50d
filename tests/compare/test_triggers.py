"""Which event types a text's words can trigger (compare/triggers.py, data/triggers.yaml), and the
sentences the comparison reads them in (compare/textcheck.py)."""

from __future__ import annotations

from recoupe.claims.records import Claim
from recoupe.claims.stems import words
from recoupe.compare.textcheck import TextCheck, sentence_spans
from recoupe.compare.triggers import default_triggers, trigger_types
from recoupe.records import ActorMention


def _types(text: str) -> set[str]:
    return trigger_types(w for _, w in words(text))


def test_lemmas_and_the_forms_a_text_writes_them_in_trigger_the_same_types() -> None:
    assert trigger_types({"protester"}) == _types("Le Japon a protesté") >= {"ACCUSE"}
    assert "AID" in _types("des obus vendus à la Russie")  # an irregular participle ("vendre")
    assert "COERCE" in _types("il a été détenu trois jours")  # "détenir" -> "détenu"
    assert "SANCTION" in _types("ils ont rompu leurs relations")
    assert _types("vendredi soir, le temps était beau") == set()


def test_light_verbs_trigger_nothing_and_kinds_group_what_one_happening_may_be_coded() -> None:
    assert _types("il a mis son manteau et tenu la porte") == set()  # "mettre", "tenir": light verbs
    triggers = default_triggers()
    assert triggers.kind("ACCUSE") == {"ACCUSE", "PROTEST"}
    assert triggers.kind("COERCE") == {"COERCE", "SANCTION"}
    assert triggers.kind("REQUEST") == {"REQUEST"}


def test_sentences_and_the_actors_named_around_the_trigger() -> None:
    text = "Titre du jour\nPyongyang a tiré un missile. Le Japon a protesté. La Bourse a baissé."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Titre du jour", "Pyongyang a tiré un missile.", "Le Japon a protesté.", "La Bourse a baissé."]
    actors = [ActorMention("PRK", "Pyongyang", text.index("Pyongyang"), text.index("Pyongyang") + 9),
              ActorMention("JPN", "Le Japon", text.index("Le Japon"), text.index("Le Japon") + 8)]
    accuse = Claim("c1", "s1", "ACCUSE", ["JPN"], ["PRK"])
    assert TextCheck({"d": text}, {"d": actors}).carrying("d", accuse) == "Le Japon a protesté."
    assert TextCheck({"d": text}, {"d": actors}, window=0).carrying("d", accuse) is None  # PRK is a sentence away
    other = Claim("c2", "s1", "ACCUSE", ["USA"], ["PRK"])
    assert TextCheck({"d": text}, {"d": actors}).carrying("d", other) is None
    assert TextCheck({"d": text}).carrying("d", other) == "Le Japon a protesté."  # no actors known: trigger alone
