from __future__ import annotations

import itertools
import time

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from recoupe.actors.matcher import SPANS_KEY, ActorMatcher, actor_mentions
from recoupe.records import ActorMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("fr")
    nlp.add_pipe("recoupe_actors")
    return nlp


def actors(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la Corée du Nord", [("Corée du Nord", "PRK")]),
        ("de la Corée du Nord", [("Corée du Nord", "PRK")]),
        ("Pyongyang", [("Pyongyang", "PRK")]),
        ("les variantes nord-coréennes", [("nord-coréennes", "PRK")]),
        ("Kim Jong-un et Kim Jong Un", [("Kim Jong-un", "PRK"), ("Kim Jong Un", "PRK")]),
        ("Washington a accusé", [("Washington", "USA")]),
        ("la Maison Blanche et la Maison-Blanche", [("Maison Blanche", "USA"), ("Maison-Blanche", "USA")]),
        ("les services de renseignement américains", [("américains", "USA")]),
        ("les Etats-Unis", [("Etats-Unis", "USA")]),
        ("au Conseil de sécurité de l'ONU", [("Conseil de sécurité de l'ONU", "UNSC")]),
        ("des sanctions de l'ONU", [("ONU", "UN")]),
        ("aux Ukrainiens", [("Ukrainiens", "UKR")]),
        ("la CEDEAO", [("CEDEAO", "ECOWAS")]),
        ("à l'Iran", [("Iran", "IRN")]),
        ("le Kremlin et Moscou", [("Kremlin", "RUS"), ("Moscou", "RUS")]),
        ("Bruxelles a tranché", [("Bruxelles", "EU")]),
        ("les talibans et le Hamas", [("talibans", "TALIBAN"), ("Hamas", "HAMAS")]),
        ("l'État islamique", [("État islamique", "ISIS")]),
        ("la Guinée-Bissau et la RDC", [("Guinée-Bissau", "GNB"), ("RDC", "COD")]),
        ("la guerre Israël-Hamas", [("Israël", "ISR"), ("Hamas", "HAMAS")]),
        ("le président Biden", [("Biden", "USA")]),
        ("à l'île Maurice", [("Maurice", "MUS")]),
        ("la vallée de l'Équateur", [("Équateur", "ECU")]),
        ("le régime de Bachar al-Assad", [("Bachar al-Assad", "SYR")]),
        ("au Caire", [("Caire", "EGY")]),
        ("la Douma a voté", [("Douma", "RUS")]),
    ],
)
def test_gazetteer_matches(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La Corée couvre la destination",  # which Korea? not said
        "le Congo et la Guinée",
        "une maison blanche au bord de l'équateur",
        "la guerre russo-ukrainienne et la musique latino-américaine",
        "selon le Washington Post",
        "Il a reçu Hunter Biden hier",
        "Il a reçu Maurice Papon et Dominique de Villepin",
        "le Tour de France et France Télévisions",
        "une goutte d'eau dans l'océan Indien",
        "GOUTTE D'EAU",
        "les vingt-sept journalistes",
        "les montagnes russes",
        "le Conseil de sécurité nationale",
        "le député de la Vienne",
        "il séjourne à la campagne",
        "l'attaque chimique à Douma",
    ],
)
def test_no_false_actor(nlp: Language, text: str) -> None:
    assert actors(nlp, text) == []


def test_spans_carry_code_and_kind(nlp: Language) -> None:
    doc = nlp("Poutine, le Kremlin, Moscou, la Russie, les Russes, l'OTAN et le Hamas")
    spans = doc.spans[SPANS_KEY]
    assert all(isinstance(s, Span) for s in spans)
    assert [(s.label_, s.kb_id_) for s in spans] == [
        ("RUS", "person"), ("RUS", "seat"), ("RUS", "capital"), ("RUS", "state"),
        ("RUS", "demonym"), ("NATO", "igo"), ("HAMAS", "group"),
    ]


def test_spans_do_not_overlap(nlp: Language) -> None:
    doc = nlp("le Conseil de sécurité des Nations unies et la République populaire démocratique de Corée")
    spans = list(doc.spans[SPANS_KEY])
    assert [(s.text, s.label_) for s in spans] == [
        ("Conseil de sécurité des Nations unies", "UNSC"),
        ("République populaire démocratique de Corée", "PRK"),
    ]
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


def test_entities_get_normalised_codes(nlp: Language) -> None:
    doc = nlp.make_doc("selon The Guardian et l'ONU , John Doe a parlé avec Marie de France")
    doc.ents = [
        Span(doc, 1, 3, label="ORG"),  # The Guardian
        Span(doc, 4, 6, label="ORG"),  # l'ONU: the gazetteer has it
        Span(doc, 7, 9, label="PER"),  # John Doe
        Span(doc, 12, 15, label="PER"),  # Marie de France: a person, not France
    ]
    doc = nlp.get_pipe("recoupe_actors")(doc)
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans[SPANS_KEY]] == [
        ("The Guardian", "THE_GUARDIAN", "entity"),
        ("ONU", "UN", "igo"),
        ("John Doe", "JOHN_DOE", "person"),
        ("Marie de France", "MARIE_DE_FRANCE", "person"),
    ]


def test_misc_entities_only_when_organisations(nlp: Language) -> None:
    doc = nlp.make_doc("les Francophones et le Front Polisario et le IIES")
    doc.ents = [Span(doc, 1, 2, label="MISC"), Span(doc, 8, 9, label="MISC")]
    doc = nlp.get_pipe("recoupe_actors")(doc)
    assert [(s.text, s.label_) for s in doc.spans[SPANS_KEY]] == [
        ("Front Polisario", "POLISARIO"), ("IIES", "IIES"),
    ]


def test_use_entities_false() -> None:
    nlp = spacy.blank("fr")
    nlp.add_pipe("recoupe_actors", config={"use_entities": False})
    doc = nlp.make_doc("selon John Doe")
    doc.ents = [Span(doc, 1, 3, label="PER")]
    doc = nlp.get_pipe("recoupe_actors")(doc)
    assert list(doc.spans[SPANS_KEY]) == []


def test_actor_mentions(nlp: Language) -> None:
    text = "Washington a accusé la Russie."
    mentions = actor_mentions(nlp(text))
    assert mentions == [
        ActorMention("USA", "Washington", 0, 10, "state"),
        ActorMention("RUS", "Russie", 23, 29, "state"),
    ]
    assert text[23:29] == "Russie"


def test_component_is_an_actor_matcher(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("recoupe_actors"), ActorMatcher)
    assert actors(nlp, "") == []


def test_matching_is_fast(nlp: Language) -> None:
    sentence = ("Washington a accusé la Russie de se procurer des munitions à Pyongyang, "
                "selon le porte-parole du Conseil de sécurité de l'ONU. ")
    docs = [nlp.make_doc(sentence * 20) for _ in range(100)]  # ~60,000 tokens
    matcher = nlp.get_pipe("recoupe_actors")
    start = time.perf_counter()
    for doc in docs:
        matcher(doc)
    assert time.perf_counter() - start < 5.0


@pytest.mark.model
def test_with_the_trained_model() -> None:
    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("recoupe_actors")
    doc = nlp(
        "Selon un expert interrogé par The Guardian, la Russie achète des obus à Pyongyang, "
        "a dit John Kirby, porte-parole du Conseil national de sécurité. "
        "Kim Jong Un a rencontré Vladimir Poutine."
    )
    found = {(s.text, s.label_) for s in doc.spans[SPANS_KEY]}
    assert {("The Guardian", "THE_GUARDIAN"), ("Russie", "RUS"), ("Pyongyang", "PRK"),
            ("John Kirby", "USA"), ("Kim Jong Un", "PRK"), ("Vladimir Poutine", "RUS")} <= found


@pytest.mark.model
def test_institution_lemmas_match_the_model() -> None:
    from recoupe.actors.gazetteer import load_gazetteer

    nlp = spacy.load("fr_core_news_md")
    lemmas = load_gazetteer().institution_lemmas
    doc = nlp("Les armées, les ministres, les autorités, les troupes, les forces et les services "
              "de renseignement russes ont parlé aux diplomates et aux porte-parole.")
    nouns = [t.lemma_ for t in doc if t.pos_ == "NOUN"]
    assert nouns and all(lemma in lemmas for lemma in nouns), nouns
