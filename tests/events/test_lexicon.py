"""The lexicon and cue files load, and every sense points at a known frame and type."""

from __future__ import annotations

from recoupe.events.lexicon import default_lexicon
from recoupe.records import EVENT_TYPES


def test_lexicon_loads_with_valid_types() -> None:
    lex = default_lexicon()
    assert "fournir" in lex.verbs and "livraison" in lex.nouns
    for table in (lex.verbs, lex.nouns):
        for senses in table.values():
            for s in senses:
                assert s.frame.type in EVENT_TYPES


def test_classes_expand_into_conditions() -> None:
    lex = default_lexicon()
    envoyer = lex.verbs["envoyer"][0]
    assert "obus" in envoyer.when_obj and "argent" in envoyer.when_obj


def test_cues_present() -> None:
    lex = default_lexicon()
    for name in ("speech_verbs", "allegation_verbs", "denial_verbs", "intention_verbs", "false_predicates"):
        assert lex.cue(name), name
