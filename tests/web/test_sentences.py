"""Claims read as French sentences built from the record (phrases.yaml, articles.tsv, gazetteer)."""

from __future__ import annotations

import pytest

from recoupe.records import EVENT_TYPES, FACTUALITIES
from recoupe.web.sentences import actor, claim_factuality, display_name, phrases, sentence


def test_the_issue_example() -> None:
    assert sentence("AID", ["PRK"], ["RUS"], obj="obus d'artillerie", factuality="reported",
                    speakers=["John Kirby"], evidence="fournit des obus d'artillerie à la Russie") \
        == "La Corée du Nord fournit des obus d'artillerie à la Russie — selon John Kirby"


@pytest.mark.parametrize(("factuality", "expected"), [
    ("asserted", "L'Iran fournit des drones à la Russie"),
    ("alleged", "L'Iran fournirait des drones à la Russie"),
    ("possible", "L'Iran pourrait fournir des drones à la Russie"),
    ("intended", "L'Iran entend fournir des drones à la Russie"),
    ("denied", "L'Iran ne fournit pas de drones à la Russie"),  # the partitive after a negation
])
def test_factuality_turns_the_verb(factuality: str, expected: str) -> None:
    assert sentence("AID", ["IRN"], ["RUS"], obj="drones", factuality=factuality) == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((["USA"], ["JPN"]), "Les États-Unis accusent le Japon"),  # plural name, plural verb
    ((["FRA", "DEU"], ["ISR"]), "La France et l'Allemagne accusent Israël"),  # several sources; no article
    ((["UN"], ["HOUTHIS"]), "L'ONU accuse les Houthis"),  # bodies take the article bodies.tsv gives them
    (([], ["PRK"]), "Un acteur non identifié accuse la Corée du Nord"),
])
def test_actor_names_articles_and_agreement(args: tuple[list[str], list[str]], expected: str) -> None:
    assert sentence("ACCUSE", *args) == expected


def test_reciprocal_claims_read_without_a_complement() -> None:
    assert sentence("COOPERATE", ["RUS", "PRK"], ["PRK", "RUS"]) == "La Russie et la Corée du Nord coopèrent"
    assert sentence("RETREAT", ["JPN"], ["PSE"]) == "Le Japon recule face aux Territoires palestiniens"


def test_prepositions_contract_with_articles() -> None:
    assert sentence("AID", ["RUS"], ["USA"]) == "La Russie fournit une aide aux États-Unis"
    assert sentence("AID", ["RUS"], ["JPN", "IRN"]) == "La Russie fournit une aide au Japon et à l'Iran"
    assert sentence("REJECT", ["RUS"], ["UNSC"]) == "La Russie rejette les demandes du Conseil de sécurité de l'ONU"
    assert sentence("CONSULT", ["CHN"], ["ISR"], factuality="denied") == "La Chine ne s'entretient pas avec Israël"


def test_every_type_and_factuality_has_a_wording() -> None:
    p = phrases()
    assert set(p.types) == set(EVENT_TYPES) and set(p.factualities) == set(FACTUALITIES)
    for etype in EVENT_TYPES:
        for factuality in FACTUALITIES:
            text = sentence(etype, ["FRA"], ["RUS"], factuality=factuality)
            assert text.startswith("La France ") and "Russie" in text and "{" not in text


def test_unknown_codes_read_as_names_and_unknown_types_as_codes() -> None:
    assert display_name("DOMINIQUE_DE_VILLEPIN") == "Dominique de Villepin"
    assert display_name("M23") == "M23"
    assert actor("XYZ").bare() == "XYZ"
    assert sentence("NEWTYPE", ["PRK"], ["RUS"]) == "PRK NEWTYPE RUS"


def test_a_claim_reads_in_its_strongest_factuality() -> None:
    assert claim_factuality(["denied", "reported", "alleged"]) == "reported"
    assert claim_factuality(["denied", "denied"]) == "denied"
    assert claim_factuality(["possible", "intended"]) == "possible"
