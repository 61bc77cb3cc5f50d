"""Component tests of the event extractor on short French sentences (not seed sentences)."""

from __future__ import annotations

import pytest

from recoupe.records import Event

pytestmark = pytest.mark.model


def events(nlp, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    return list(nlp(text)._.events or [])


def one(nlp, text: str, etype: str) -> Event:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, text) if e.type == etype]
    assert found, f"no {etype} in {[(e.type, e.source, e.target) for e in events(nlp, text)]}"
    return found[0]


def test_transfer_verb_with_recipient(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "La Chine livre des drones à la Russie depuis le printemps.", "AID")
    assert (e.source, e.target, e.factuality, e.context) == (["CHN"], ["RUS"], "asserted", "military")


def test_purchase_inverts_roles(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "L'Iran achète des avions de chasse à la Russie.", "AID")
    assert (e.source, e.target) == (["RUS"], ["IRN"])


def test_attempt_to_procure_is_a_request(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le Venezuela a tenté d'acheter des missiles à la Chine.", "REQUEST")
    assert (e.source, e.target) == (["VEN"], ["CHN"])


def test_nominal_delivery_with_adjective_origin(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Les livraisons d'armes américaines à Taïwan inquiètent Pékin.", "AID")
    assert (e.source, e.target) == (["USA"], ["TWN"])


def test_sanctions_with_support_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "L'Union européenne a imposé de nouvelles sanctions à la Biélorussie.", "COERCE")
    assert (e.source, e.target) == (["EU"], ["BLR"])


def test_conditional_is_possible_with_selon_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Selon des diplomates, la Turquie fournirait des munitions à l'Ukraine.", "AID")
    assert e.factuality == "possible"
    assert e.speaker and "diplomates" in e.speaker


def test_speech_verb_reports(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le ministre allemand a déclaré que l'Allemagne livrera des chars à l'Ukraine.", "AID")
    assert e.factuality in ("reported", "intended")
    assert e.speaker and "ministre" in e.speaker


def test_accusation_makes_the_embedded_event_alleged(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Kiev accuse Minsk de fournir du carburant à l'armée russe.", "AID")
    assert e.factuality == "alleged"
    assert e.speaker == "Kiev"
    acc = one(nlp, "Kiev accuse Minsk de fournir du carburant à l'armée russe.", "ACCUSE")
    assert (acc.source, acc.target) == (["UKR"], ["BLR"])


def test_negation_denies(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le Qatar n'a jamais financé le Hamas, a affirmé son ministre.", "AID")
    assert e.factuality == "denied"


def test_intention(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le Japon envisage d'imposer des sanctions à la Corée du Nord.", "COERCE")
    assert e.factuality == "intended"


def test_veto_targets_the_council(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "La Chine a opposé son veto au Conseil de sécurité.", "REJECT")
    assert (e.source, e.target) == (["CHN"], ["UNSC"])


def test_quote_speaker_named_after(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("« Nous savons que la Syrie livre des roquettes au Hezbollah depuis des mois », "
            "a déclaré Antony Blinken devant la presse.")
    e = one(nlp, text, "AID")
    assert e.factuality == "reported"
    assert e.speaker and "Blinken" in e.speaker


def test_blocked_nominal_is_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    evs = events(nlp, "Moscou a bloqué de nouvelles sanctions contre l'Iran.")
    assert not [e for e in evs if e.type == "COERCE"]


def test_one_sided_event_is_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events(nlp, "Des armes ont été livrées la semaine dernière.") if e.type == "AID"]


def test_repeated_headline_gives_one_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "La Chine livre des drones à la Russie\n\nUn texte.\n\nLa Chine livre des drones à la Russie"
    assert len([e for e in events(nlp, text) if e.type == "AID"]) == 1


@pytest.mark.parametrize(("text", "source", "target"), [
    ("La Russie a massé des dizaines de milliers de soldats à la frontière ukrainienne.", ["RUS"], ["UKR"]),
    ("L'Inde a déployé des renforts le long de sa frontière avec la Chine.", ["IND"], ["CHN"]),
    ("L'Égypte a rappelé des réservistes en vue d'une offensive contre la Libye.", ["EGY"], ["LBY"]),
])
def test_forces_are_deployed_against_the_other_side(nlp, text: str, source: list[str],  # type: ignore[no-untyped-def]
                                                   target: list[str]) -> None:
    e = one(nlp, text, "MOBILIZE")
    assert (e.source, e.target) == (source, target)


def test_a_strike_on_a_site_hits_its_owner(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Une frappe turque contre un dépôt de carburant de la Syrie a fait trois morts.", "ASSAULT")
    assert (e.source, e.target) == (["TUR"], ["SYR"])


def test_crowds_before_an_embassy_protest_against_its_state(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Des centaines d'Arméniens se sont rassemblés devant l'ambassade de Russie à Erevan.", "PROTEST")
    assert (e.source, e.target) == (["ARM"], ["RUS"])
    e = one(nlp, "Des milliers de manifestants ont défilé dimanche à Belgrade contre le gouvernement.", "PROTEST")
    assert (e.source, e.target) == (["SRB"], ["SRB"])


def test_a_date_before_the_infinitive_controls_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "L'Inde et le Japon se sont engagés jeudi à renforcer leur coopération navale.", "AGREE")
    assert (sorted(e.source), e.factuality) == (["IND", "JPN"], "intended")


def test_talks_joined_later_in_the_week(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le Venezuela participera la semaine prochaine à des pourparlers avec le Guyana.", "CONSULT")
    assert sorted(e.source) == ["GUY", "VEN"] and e.factuality == "intended"


def test_declared_readiness_to_talk_is_an_agreement(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "L'Éthiopie s'est dite prête à participer à des négociations avec l'Érythrée.", "AGREE")
    assert set(e.source) == {"ETH", "ERI"} and e.factuality == "intended"


@pytest.mark.parametrize(("text", "factuality"), [
    ("Le ministre a annoncé que la Norvège livrerait des obus à l'Ukraine.", "intended"),
    ("Selon la presse, la Norvège aurait livré des obus à l'Ukraine.", "possible"),
])
def test_conditional_after_an_announcement_is_the_future_of_the_past(  # type: ignore[no-untyped-def]
        nlp, text: str, factuality: str) -> None:
    assert one(nlp, text, "AID").factuality == factuality


@pytest.mark.parametrize(("text", "etype", "source", "target", "factuality"), [
    # a shot-down aircraft's owner named by a genitive; "près de X" is a place, not a party
    ("Un avion de l'armée nigériane a été abattu par des combattants de Boko Haram près de Maiduguri.",
     "ASSAULT", ["BOKO_HARAM"], ["NGA"], "asserted"),
    # PPs and objects hung on a date
    ("Le président kényan s'est rendu jeudi à la Maison Blanche.", "CONSULT", ["KEN"], ["USA"], "asserted"),
    ("Un émissaire de l'Union européenne a rencontré lundi Nicolas Maduro à Caracas.",
     "CONSULT", ["EU", "VEN"], ["EU", "VEN"], "asserted"),
    # the near future and the scheduled
    ("La Corée du Sud va livrer des obusiers à la Pologne.", "AID", ["KOR"], ["POL"], "intended"),
    # an embargo on goods, read through their origin
    ("L'Inde a suspendu les importations de produits pakistanais.", "COERCE", ["IND"], ["PAK"], "asserted"),
    ("Le Canada a interdit l'importation de pétrole russe.", "COERCE", ["CAN"], ["RUS"], "asserted"),
    ("Israël a exclu toute reconnaissance de l'État de Palestine.", "REJECT", ["ISR"], ["PSE"], "asserted"),
])
def test_frames_read_on_unseen_wordings(nlp, text: str, etype: str, source: list[str],  # type: ignore[no-untyped-def]
                                        target: list[str] | None, factuality: str) -> None:
    e = one(nlp, text, etype)
    assert sorted(e.source) == sorted(source) and e.factuality == factuality
    if target is not None:
        assert sorted(e.target) == sorted(target)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Kinshasa accuse Kigali d'armer les rebelles du M23, ce que le Rwanda dément.", "le Rwanda"),
    ("Séoul accuse Pyongyang d'avoir livré des obus à Moscou. La Corée du Nord dément ces informations.",
     "La Corée du Nord"),
    ("Washington accuse Téhéran de livrer des drones à Moscou. L'Iran a démenti.", "L'Iran"),
])
def test_the_accused_denies_the_allegation_just_made(nlp, text: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    found = [e for e in events(nlp, text) if e.type == "AID"]
    assert {e.factuality for e in found} == {"alleged", "denied"}
    denied = next(e for e in found if e.factuality == "denied")
    assert denied.speaker == speaker


def test_a_denial_of_something_else_answers_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Washington accuse Téhéran de livrer des drones à Moscou. Pékin dément toute livraison de missiles."
    assert all(e.factuality != "denied" or e.source != ["IRN"] for e in events(nlp, text))


@pytest.mark.parametrize(("text", "etype", "source", "target"), [
    ("Un journaliste américain a été arrêté à Moscou.", "COERCE", ["RUS"], ["USA"]),
    ("Les soldats de la Minusma ont quitté leur base de Kidal.", "RETREAT", ["UN"], ["MLI"]),
    ("Paris va retirer une partie de ses soldats stationnés au Tchad.", "RETREAT", ["FRA"], ["TCD"]),
    ("Une dizaine de navires iraniens ont été déployés près des Émirats arabes unis.", "MOBILIZE", ["IRN"], ["ARE"]),
    ("L'Inde va imposer des droits de douane sur les produits chinois.", "COERCE", ["IND"], ["CHN"]),
    ("Téhéran a condamné la destruction d'un drone iranien par l'armée turque.", "ASSAULT", ["TUR"], ["IRN"]),
])
def test_places_and_nationalities_fill_the_missing_side(nlp, text: str, etype: str,  # type: ignore[no-untyped-def]
                                                        source: list[str], target: list[str]) -> None:
    e = one(nlp, text, etype)
    assert (e.source, e.target) == (source, target)


def test_forces_stationed_somewhere_are_no_deployment(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events(nlp, "Le départ des soldats français stationnés à Niamey est prévu.")
                if e.type == "MOBILIZE"]


def test_a_spokesperson_unknown_to_the_gazetteer_speaks_for_the_body(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le porte-parole des Houthis, Abdel Salam Jahaf, a menacé de viser tout navire lié aux États-Unis.",
            "THREATEN")
    assert (e.source, e.target) == (["HOUTHIS"], ["USA"])


def test_genocide_at_a_place_hits_its_state(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le Nicaragua accuse l'armée israélienne de commettre un génocide à Gaza.", "ASSAULT")
    assert (e.source, e.target, e.factuality) == (["ISR"], ["PSE"], "alleged")


def test_a_purchase_under_a_contract_is_the_signatory_s(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "La Roumanie a signé un contrat pour l'achat de chars Abrams aux États-Unis.", "AID")
    assert (e.source, e.target) == (["USA"], ["ROU"])


def test_lifting_a_veto_concedes(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "La Hongrie a levé son veto à l'adhésion de la Suède à l'OTAN.", "CONCEDE")
    assert e.source == ["HUN"] and "SWE" in e.target


def test_a_veto_aims_at_the_council_named_nearby(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Le Conseil de sécurité de l'ONU s'est réuni mardi. "
            "La Chine et la Russie ont mis leur veto à un texte américain sur la Birmanie.")
    e = one(nlp, text, "REJECT")
    assert sorted(e.source) == ["CHN", "RUS"] and "UNSC" in e.target


def test_denying_a_noun_act_denies_one_s_own(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le ministre biélorusse de la Défense a démenti toute livraison d'obus à la Russie.", "AID")
    assert (e.source, e.target, e.factuality) == (["BLR"], ["RUS"], "denied")


def test_an_object_clitic_is_not_its_clause_s_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le président brésilien a téléphoné à Emmanuel Macron mardi. Lula l'a félicité pour sa victoire."
    e = one(nlp, text, "SUPPORT")
    assert (e.source, e.target) == (["BRA"], ["FRA"])


@pytest.mark.parametrize(("text", "etype"), [
    ("Joe Biden a appelé Volodymyr Zelensky mardi soir.", "CONSULT"),            # a phone call
    ("Joe Biden a appelé la Russie à retirer ses troupes.", "REQUEST"),          # an appeal
    ("La Chine a appelé l'Inde et le Pakistan à la retenue.", "REQUEST"),
])
def test_calling_someone_is_a_call_unless_to_do_something(nlp, text: str, etype: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.type for e in events(nlp, text)] == [etype]


# PLOVER's CAMEO2PLOVER mapping: 057 sign formal agreement -> SUPPORT; 114 complain officially -> ACCUSE;
# 0862 receive inspectors -> RETREAT; 14x demonstrate -> PROTEST.
@pytest.mark.parametrize(("text", "etype", "factuality"), [
    ("Le Kenya et l'Éthiopie ont signé lundi à Nairobi un accord de coopération militaire.", "SUPPORT", "asserted"),
    ("Le Kenya et l'Éthiopie vont signer un accord de coopération militaire.", "AGREE", "intended"),
    ("Alger a convoqué l'ambassadeur de France.", "ACCUSE", "asserted"),
    ("Pékin a protesté auprès de Tokyo contre la visite.", "ACCUSE", "asserted"),
    ("Des milliers d'Arméniens ont protesté contre le gouvernement.", "PROTEST", "asserted"),
    ("La Syrie a autorisé les inspecteurs de l'AIEA à accéder au site.", "RETREAT", "asserted"),
])
def test_plover_mapping_of_cameo_codes(nlp, text: str, etype: str, factuality: str) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, text, etype)
    assert e.factuality == factuality


def test_apologies_are_support(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le gouvernement allemand a présenté ses excuses à la Namibie.", "SUPPORT")
    assert (e.source, e.target) == (["DEU"], ["NAM"])


def test_demanding_that_someone_acts_asks_them(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Le Mali a exigé que la France retire ses soldats de son territoire.", "REQUEST")
    assert (e.source, e.target) == (["MLI"], ["FRA"])


@pytest.mark.parametrize(("text", "etype", "source", "target"), [
    ("La Colombie a extradé vers les États-Unis Carlos Lehder.", "COOPERATE", ["COL"], ["USA"]),
    ("Kiev a remercié Berlin pour son soutien.", "SUPPORT", ["UKR"], ["DEU"]),
    ("Rome a dépêché des centaines de policiers à la frontière slovène.", "MOBILIZE", ["ITA"], ["SVN"]),
    ("Ankara a suspendu ses consultations avec Athènes.", "SANCTION", ["TUR"], ["GRC"]),
])
def test_more_cameo_acts(nlp, text: str, etype: str, source: list[str],  # type: ignore[no-untyped-def]
                         target: list[str] | None) -> None:
    e = one(nlp, text, etype)
    assert e.source == source and (target is None or e.target == target)


@pytest.mark.parametrize(("text", "etype", "source", "target"), [
    ("Washington a mis fin à toutes ses aides à la Colombie.", "SANCTION", ["USA"], ["COL"]),
    ("Quelque 1 500 militaires dominicains ont été envoyés dans les provinces frontalières d'Haïti.",
     "MOBILIZE", ["DOM"], ["HTI"]),
    ("Le Niger a déclaré persona non grata l'ambassadeur français.", "SANCTION", ["NER"], ["FRA"]),
    ("La présidente moldave avait appelé la veille l'Union européenne à renforcer son soutien.",
     "REQUEST", ["MDA"], ["EU"]),
])
def test_relations_deployments_and_appeals(nlp, text: str, etype: str, source: list[str],  # type: ignore[no-untyped-def]
                                           target: list[str]) -> None:
    e = one(nlp, text, etype)
    assert (e.source, e.target) == (source, target)


def test_an_object_hung_on_a_span_of_time_keeps_its_complements(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Taïwan réclame depuis des mois des chasseurs F-16 à Washington.", "REQUEST")
    assert (e.source, e.target) == (["TWN"], ["USA"])


def test_a_purpose_clause_is_intended(nlp) -> None:  # type: ignore[no-untyped-def]
    e = one(nlp, "Kiev demande des missiles à Berlin pour frapper les bases russes en Crimée.", "ASSAULT")
    assert e.factuality == "intended"


@pytest.mark.parametrize(("text", "etype", "source", "target"), [
    # "entre X et Y" with Y coordinated to the noun by the parser
    ("Des négociations secrètes entre Téhéran et les talibans se seraient tenues à Doha.", "CONSULT",
     ["IRN", "TALIBAN"], ["IRN", "TALIBAN"]),
    # forces raised in answer to an act face its author; sent to deter a party face it
    ("L'armée japonaise a relevé son niveau d'alerte après le tir d'un missile par la Corée du Nord.", "MOBILIZE",
     ["JPN"], ["PRK"]),
    ("Londres envisage d'envoyer des troupes dans le Golfe pour dissuader l'Iran.", "MOBILIZE", ["GBR"], ["IRN"]),
    # a bare genitive gives a member's side: a government accusing an opposition deputy
    ("Le gouvernement kényan accuse un député d'opposition d'avoir détourné des fonds publics.", "ACCUSE",
     ["KEN"], ["KEN"]),
    # the owner of a place hit, through its possessive
    ("Bakou accuse Erevan d'avoir ouvert le feu sur ses positions près de la frontière.", "ASSAULT", ["ARM"], ["AZE"]),
    # a crowd in a spot of a city is the people of the city's state
    ("Des milliers de personnes ont défilé dans le centre de Belgrade contre le gouvernement.", "PROTEST",
     ["SRB"], ["SRB"]),
])
def test_sides_the_clause_leaves_to_grammar(nlp, text: str, etype: str, source: list[str],  # type: ignore[no-untyped-def]
                                            target: list[str]) -> None:
    e = one(nlp, text, etype)
    assert (e.source, e.target) == (source, target)


def test_a_mediator_meets_the_parties_beside_their_own_talks(nlp) -> None:  # type: ignore[no-untyped-def]
    found = {(e.type, tuple(e.source), tuple(e.target)) for e in events(
        nlp, "Sous l'égide du Qatar, des émissaires congolais et rwandais ont repris leurs discussions.")}
    assert ("CONSULT", ("QAT",), ("COD", "RWA")) in found
    assert ("CONSULT", ("COD", "RWA"), ("COD", "RWA")) in found


def test_refusing_to_give_rejects_the_receiver(nlp) -> None:  # type: ignore[no-untyped-def]
    found = [(e.type, e.source, e.target) for e in events(nlp, "Berlin a refusé de livrer des missiles à Kiev.")]
    assert found == [("REJECT", ["DEU"], ["UKR"])]
