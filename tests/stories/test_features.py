"""Fingerprints: compact, deterministic, and read off the parse (here a hand-made Doc, no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from recoupe.records import Document, Event
from recoupe.stories.features import (
    MAX_TERMS,
    event_keys,
    features_of,
    features_of_text,
    shingle_sketch,
    stop_lemmas,
)
from recoupe.stories.neardup import SKETCH_SIZE
from recoupe.stories.records import features_from_json, features_to_json

TITLE = "Pyongyang livre des obus à Moscou"
TEXT = TITLE + "\nLa Corée du Nord a livré des obus à la Russie, selon Washington. Les obus sont arrivés lundi."


def _parsed(text: str = TEXT) -> Doc:
    """The parse a French pipeline would give (lemmas, coarse tags, actor spans), built by hand."""
    nlp = spacy.blank("fr")
    words = [t.text for t in nlp.make_doc(text)]
    tagged = {"Pyongyang": ("PROPN", "Pyongyang"), "livre": ("VERB", "livrer"), "obus": ("NOUN", "obus"),
              "Moscou": ("PROPN", "Moscou"), "Corée": ("PROPN", "Corée"), "Nord": ("PROPN", "Nord"),
              "livré": ("VERB", "livrer"), "Russie": ("PROPN", "Russie"), "Washington": ("PROPN", "Washington"),
              "arrivés": ("VERB", "arriver"), "lundi": ("NOUN", "lundi"), "sont": ("AUX", "être")}
    pos = [tagged.get(w, ("DET", w.lower()))[0] for w in words]
    lemmas = [tagged.get(w, ("DET", w.lower()))[1] for w in words]
    doc = Doc(nlp.vocab, words=words, spaces=[t.whitespace_ == " " for t in nlp.make_doc(text)],
              pos=pos, lemmas=lemmas)
    codes = {"Pyongyang": "PRK", "Moscou": "RUS", "Russie": "RUS", "Washington": "USA"}
    doc.spans["actors"] = [Span(doc, t.i, t.i + 1, label=codes[t.text]) for t in doc if t.text in codes]
    return doc


def test_features_of_reads_lemmas_title_actors_and_events() -> None:
    doc = Document.make("d1", TEXT, title=TITLE, published="2024-03-05T10:00:00", outlet="Le Monde")
    events = [Event("d1", 0, 10, "AID", ["PRK"], ["RUS"]), Event("d1", 0, 10, "ACCUSE", ["USA"], [])]
    f = features_of(_parsed(), doc, events)
    assert f.doc == "d1" and f.date == "2024-03-05" and f.outlet == "Le Monde"
    assert f.terms["obus"] == 3 and f.terms["livrer"] == 2 and f.terms["pyongyang"] == 1
    assert "lundi" not in f.terms and "être" not in f.terms  # calendar words and auxiliaries say nothing
    assert set(f.title_terms) == {"pyongyang", "livrer", "obus", "moscou"}
    assert f.actors == {"RUS": 2, "PRK": 1, "USA": 1}
    assert f.events == ("ACCUSE:USA>", "AID:PRK>RUS")
    assert list(f.terms) == sorted(f.terms, key=lambda t: (-f.terms[t], t))  # stable order for JSON


def test_title_outside_the_text_is_mapped_through_the_body_forms() -> None:
    body = TEXT.partition("\n")[2]
    doc = Document.make("d2", body, title="Des obus pour la Russie")  # a .jsonl title is not in the text
    assert features_of(_parsed(body), doc, []).title_terms == {"obus": 1, "russie": 1}


def test_features_are_compact_and_deterministic() -> None:
    words = [f"mot{a}{b}" for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"]
    text = "Titre de test\n" + " ".join(words * 2)
    doc = Document.make("d3", text, title="Titre de test")
    a, b = features_of_text(doc), features_of_text(doc)
    assert a == b
    assert len(a.terms) == MAX_TERMS
    assert len(a.shingles) == SKETCH_SIZE and list(a.shingles) == sorted(a.shingles)
    assert all(0 <= s < 2**64 for s in a.shingles)


def test_plain_features_drop_stop_words_and_fold_plurals() -> None:
    doc = Document.make("d4", "Les otages libérés\nLes otages sont libres, a-t-on appris mardi.")
    f = features_of_text(doc)
    assert f.terms["otage"] == 2 and "les" not in f.terms and "mardi" not in f.terms
    assert f.title_terms == {"otage": 1, "libéré": 1}


def test_shingle_sketch_of_short_texts() -> None:
    assert shingle_sketch("") == ()
    assert len(shingle_sketch("trois mots seulement")) == 1
    assert shingle_sketch("Un deux trois quatre cinq six") == shingle_sketch("un DEUX trois, quatre cinq six!")


def test_event_keys_expand_several_actors() -> None:
    ev = Event("d", 0, 1, "COOPERATE", ["RUS", "PRK"], ["PRK", "RUS"])
    assert event_keys([ev]) == ("COOPERATE:PRK>PRK", "COOPERATE:PRK>RUS", "COOPERATE:RUS>PRK", "COOPERATE:RUS>RUS")


def test_stop_lemmas_read_the_data_file() -> None:
    stops = stop_lemmas()
    assert {"déclarer", "lundi", "le"} <= stops and not any(w.startswith("#") for w in stops)


def test_json_round_trip() -> None:
    doc = Document.make("d5", TEXT, title=TITLE, published="2024-03-05")
    f = features_of(_parsed(), doc, [Event("d5", 0, 10, "AID", ["PRK"], ["RUS"])])
    text = features_to_json(f)
    assert features_from_json(text) == f
    assert len(text) < 6000
    assert features_from_json('{"doc": "old", "terms": {"obus": 2}}').shingles == ()
