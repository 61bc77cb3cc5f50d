"""Which event types a text's words can trigger (compare/triggers.py: the extractor's constructions,
and data/textcheck.yaml), and the sentences the comparison reads them in (compare/textcheck.py)."""

from __future__ import annotations

import yaml

from recoupe.claims.records import Claim
from recoupe.claims.stems import stem, words
from recoupe.compare.textcheck import TextCheck, sentence_spans
from recoupe.compare.triggers import DATA, default_triggers, trigger_types
from recoupe.events.lexicon import default_lexicon
from recoupe.records import ActorMention


def _types(text: str) -> set[str]:
    return trigger_types(w for _, w in words(text))


def test_lemmas_and_the_forms_a_text_writes_them_in_trigger_the_same_types() -> None:
    assert trigger_types({"protester"}) == _types("Le Japon a protesté") >= {"ACCUSE"}
    assert "AID" in _types("des obus vendus à la Russie")  # an irregular participle ("vendre")
    assert "COERCE" in _types("il a été détenu trois jours")  # "détenir" -> "détenu"
    assert "SANCTION" in _types("ils ont rompu leurs relations")
    assert _types("vendredi soir, le temps était beau") == set()


def test_every_construction_of_the_extractor_triggers_the_type_of_its_frame() -> None:
    """The words are the extractor's own: no copy to keep in step with its constructions."""
    triggers = default_triggers()
    light = set(yaml.safe_load(DATA.read_text(encoding="utf-8"))["light"])
    for c in default_lexicon().constructions():
        if c.fixed_obj or c.fixed_pp or c.lemma in light:
            continue
        assert c.frame.type in triggers.types_of_stem[stem(c.lemma)], c.id


def test_an_idiom_triggers_only_beside_its_own_words() -> None:
    assert "ASSAULT" in _types("des touristes pris en otage par les rebelles")
    assert _types("il a pris le train du soir") == set()
    assert "ACCUSE" in _types("la famille a porté plainte contre la police")
    assert _types("il portait un manteau") == set()


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
