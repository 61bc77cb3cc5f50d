from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from recoupe.actors.gazetteer import (
    DATA_DIR,
    KINDS,
    RULES,
    Gazetteer,
    entity_code,
    fold,
    inflect_demonym,
    load_gazetteer,
    raw_entries,
    read_tsv,
    strip_article,
)

ROOT = Path(__file__).resolve().parents[2]

# The 193 member states of the United Nations (ISO 3166-1 alpha-3).
_UN_MEMBERS = """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI DMA
    DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND
    HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY
    LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD
    NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA KNA LCA VCT WSM SMR
    STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON
    TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE"""
UN_MEMBERS = set(_UN_MEMBERS.split())
OTHER_STATES = {"TWN", "XKX", "PSE", "VAT"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_un_member_list_is_complete() -> None:
    assert len(UN_MEMBERS) == 193


@pytest.mark.parametrize("code", sorted(UN_MEMBERS | OTHER_STATES))
def test_every_state_has_a_french_name_and_a_demonym(gaz: Gazetteer, code: str) -> None:
    assert gaz.is_state(code)
    assert gaz.name_of(code) != code
    demonym_codes = {row[0] for row in read_tsv(DATA_DIR / "demonyms.tsv") if row[1]}
    assert code in demonym_codes


def test_every_member_state_has_a_capital() -> None:
    capitals = {row[1] for row in read_tsv(DATA_DIR / "metonyms.tsv") if row[2] == "capital"}
    # Brussels is coded as the EU, the metonym French news uses it for.
    assert UN_MEMBERS - capitals == {"BEL"}


def test_countries_tsv_is_the_generators_output() -> None:
    spec = importlib.util.spec_from_file_location("build_countries", ROOT / "scripts" / "build_countries.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = [tuple(row) for row in read_tsv(DATA_DIR / "countries.tsv")]
    assert committed == module.build_rows()


def test_countries_exclude_regions_and_groupings() -> None:
    codes = {row[0] for row in read_tsv(DATA_DIR / "countries.tsv")}
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert not codes & {"EU", "EZ", "UN", "QO", "001", "150", "419"}


def test_data_files_are_well_formed() -> None:
    widths = {"countries.tsv": 3, "metonyms.tsv": 3, "people.tsv": 3, "bodies.tsv": 3,
              "institutions.tsv": 2, "ambiguity.tsv": 2}
    for name, width in widths.items():
        for row in read_tsv(DATA_DIR / name):
            assert len(row) == width and all(row), (name, row)
    for row in read_tsv(DATA_DIR / "ambiguity.tsv"):
        assert row[1] in RULES
    for entry in raw_entries():
        assert entry.kind in KINDS
        assert re.fullmatch(r"[A-Z0-9_]+", entry.code), entry


def test_ambiguity_rules_name_existing_entries() -> None:
    # skip rules may guard names no file has yet (Corée, Congo); the others must apply to something.
    texts = {fold(e.text).lower() for e in raw_entries()}
    for text, rule in read_tsv(DATA_DIR / "ambiguity.tsv"):
        if rule not in ("block", "skip"):
            assert fold(text).lower() in texts, text


def test_display_names(gaz: Gazetteer) -> None:
    assert gaz.name_of("PRK") == "Corée du Nord"
    assert gaz.name_of("USA") == "États-Unis"
    assert gaz.name_of("UNSC") == "Conseil de sécurité de l'ONU"
    assert gaz.name_of("UN") == "ONU"
    assert gaz.name_of("NO_SUCH_CODE") == "NO_SUCH_CODE"
    assert gaz.is_state("XKX") and not gaz.is_state("UN") and not gaz.is_state("HAMAS")


@pytest.mark.parametrize(
    ("adjective", "forms"),
    [
        ("russe", {"russe", "russes"}),
        ("iranien", {"iranien", "iranienne", "iraniens", "iraniennes"}),
        ("nord-coréen", {"nord-coréen", "nord-coréenne", "nord-coréens", "nord-coréennes"}),
        ("américain", {"américain", "américaine", "américains", "américaines"}),
        ("français", {"français", "française", "françaises"}),
        ("chinois", {"chinois", "chinoise", "chinoises"}),
        ("britannique", {"britannique", "britanniques"}),
        ("turc", {"turc", "turque", "turcs", "turques"}),
        ("grec", {"grec", "grecque", "grecs", "grecques"}),
    ],
)
def test_inflect_demonym(adjective: str, forms: set[str]) -> None:
    assert forms <= set(inflect_demonym(adjective))


def test_demonym_forms_are_entries(gaz: Gazetteer) -> None:
    for text, code in [("nord-coréennes", "PRK"), ("Ukrainiens", "UKR"), ("états-unienne", "USA"),
                       ("grecque", "GRC"), ("suissesse", "CHE"), ("israélienne", "ISR")]:
        entry = gaz.lookup(text)
        assert entry is not None and entry.code == code, text


def test_ambiguous_names_are_dropped(gaz: Gazetteer) -> None:
    for text in ("Corée", "Congo", "Guinée", "coréen", "européen", "arabe", "occidental"):
        assert gaz.lookup(text) is None, text


def test_congolais_is_the_drc_s_and_brazzavillois_the_republic_s(gaz: Gazetteer) -> None:
    """The demonym data gives "congolais" to the DRC, by far its more frequent sense in French news."""
    assert gaz.lookup("congolais").code == "COD"  # type: ignore[union-attr]
    assert gaz.lookup("brazzavillois").code == "COG"  # type: ignore[union-attr]


def test_lookup_ignores_article_case_and_accents(gaz: Gazetteer) -> None:
    def code(text: str) -> str | None:
        entry = gaz.lookup(text)
        return entry.code if entry else None

    assert code("la Corée du Nord") == "PRK"
    assert code("Etats-Unis") == "USA"
    assert code("l'ONU") == "UN"
    assert code("le Kremlin") == "RUS"
    assert code("Bruxelles") == "EU"
    assert code("la CEDEAO") == "ECOWAS"
    assert code("les talibans") == "TALIBAN"
    assert code("Kim Jong-un") == "PRK"


def test_kinds(gaz: Gazetteer) -> None:
    kinds = {e.text: e.kind for e in gaz.entries}
    assert kinds["Russie"] == "state"
    assert kinds["Pyongyang"] == "capital"
    assert kinds["Kremlin"] == "seat"
    assert kinds["Poutine"] == "person"
    assert kinds["OTAN"] == "igo"
    assert kinds["Hamas"] == "group"
    assert kinds["russes"] == "demonym"


def test_people_leave_out_common_words(gaz: Gazetteer) -> None:
    people = {e.text for e in gaz.entries if e.kind == "person"}
    assert {"Poutine", "Kim Jong Un", "Zelensky", "Netanyahou", "Xi Jinping", "Rubio", "Araghchi"} <= people
    assert not people & {"Borne", "Philippe", "Conte", "May", "Abe", "Kim", "Khan", "Hollande"}
    assert gaz.roles["Sergueï Lavrov"] == "foreign_minister"


def test_institution_lemmas(gaz: Gazetteer) -> None:
    lemmas = gaz.institution_lemmas
    for lemma in ("gouvernement", "armée", "service", "renseignement", "autorité", "régime"):
        assert lemmas[lemma] == "body"
    for lemma in ("ministre", "président", "porte-parole", "ambassadeur", "diplomate", "chef"):
        assert lemmas[lemma] == "official"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("The Guardian", "THE_GUARDIAN"),
        ("l'Élysée", "ELYSEE"),
        ("Royal United Services Institute", "ROYAL_UNITED_SERVICES_INSTITUTE"),
        ("la Croix-Rouge", "CROIX_ROUGE"),
        ("Institut international d’études stratégiques", "INSTITUT_INTERNATIONAL_D_ETUDES_STRATEGIQUES"),
    ],
)
def test_entity_code(name: str, code: str) -> None:
    assert entity_code(name) == code


def test_strip_article() -> None:
    assert strip_article("le Kremlin") == "Kremlin"
    assert strip_article("l’ONU") == "ONU"
    assert strip_article("La Havane") == "La Havane"  # part of the name
    assert strip_article("La Russie", any_case=True) == "Russie"
    assert strip_article("The Guardian", any_case=True) == "The Guardian"  # kept, as in entity codes


def test_load_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()
