"""Round 21 of issue 11 (set55's development half, in synthetic names): "ne pas oublier la SCI", a lieu-dit in the
writer's postal address, a reference written without its zeros for a sole trader, an EI named by its trade, a
reference a slip away from the client the reply describes by its SIREN, a name written in full that spells another's
acronym, and the trade abbreviations of a client file."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from campaign.names import normalise_name
from tests.test_matching_evidence import one

FIRM = ("cabinet-exemple.fr",)
FARMER = "bruno.marchal.voncq@free.example"


def _matcher() -> Matcher:
    clients = [
        dict(code="RE01391", name="SCEA MARCHAL", legal_form="SCEA", city="Voncq", address="FERME DU HAUT CHEMIN",
             postcode="08400"),
        dict(code="RE01392", name="GFA DES TERRES DU VALLAGE", legal_form="GFA", city="Voncq",
             address="FERME DU HAUT CHEMIN", postcode="08400"),
        dict(code="RE01394", name="SCI MARCHAL-COLIN", legal_form="SCI", city="Voncq", address="2 RUE DU FOUR",
             postcode="08400"),
        dict(code="RE01279", name="SCEA DE LA FERME DU HAUT CHEMIN", legal_form="SCEA", city="Rethel",
             address="ROUTE DE NOVY", postcode="08300"),
        dict(code="GI00740", name="EXPL. FORESTIERE GERARDIN", first_name="Sylvain", legal_form="EI", city="Fumay",
             address="RUE DE LA PLATINERIE", postcode="08170"),
        dict(code="SE02453", name="MENUISERIE COLLARD", first_name="Yann", legal_form="EI", city="Sedan",
             address="8 RUE DE BOUILLON", postcode="08200", phone="0764825289"),
        dict(code="CM04492", name="PHARMACIE DU PONT NEUF", legal_form="SELARL", city="Charleville",
             address="15 RUE HAUTE", postcode="08000", siren="855922357", phone="0324731839"),
        dict(code="CM04429", name="RAMONAGE DUBOIS", legal_form="EURL", city="Nouzonville", postcode="08700"),
        dict(code="SE04492", name="BOULANGERIE HENRY", legal_form="SARL", city="Sedan", postcode="08200"),
        dict(code="GI00439", name="SRL LES BATEAUX DE LA MEUSE", city="Dinant", address="QUAI DE MEUSE 18",
             postcode="5500"),
        dict(code="CM02989", name="SBM", legal_form="SAS", city="Nouzonville", postcode="08700"),
        dict(code="CM02302", name="FORGES ET ESTAMP. DE LA SEMOY", legal_form="SAS", city="Monthermé", postcode="08800"),
    ]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_not_forgetting_the_sci_includes_it():
    text = ("Pour nos trois dossiers chez vous :\n- SCEA MARCHAL (RE01391)\n- GFA DES TERRES DU VALLAGE (RE01392)\n"
            f"- SCI MARCHAL-COLIN (RE01394)\nvous pouvez tout envoyer à la même adresse : {FARMER}\n\n"
            "Merci de ne pas oublier la SCI, l'an dernier une facture était partie à une ancienne adresse.\n\n"
            "Bruno Marchal\nFerme du Haut Chemin - 08400 Voncq")
    outcome = one(_matcher(), sender=FARMER, sender_name="Bruno Marchal", own_text=text, addresses=[FARMER])
    assert (outcome.status, sorted(outcome.linked)) == ("linked", ["RE01391", "RE01392", "RE01394"]), outcome.reasons
    assert not any(e.signal == "excluded" for c in outcome.candidates for e in c.evidence)


def test_a_sole_traders_reference_without_its_zeros_names_his_business():
    sender = "syl.gerardin@orange.example"
    outcome = one(_matcher(), sender=sender, sender_name="sylvain gerardin", addresses=[sender],
                  own_text=f"bonjour je vous envoi mon adresse pour les facture de l'exploitation forestiere : {sender}\n"
                           "ref GI740\nmerci", signature="Gerardin sylvain fumay")
    assert (outcome.status, outcome.linked) == ("linked", ["GI00740"]), outcome.reasons


def test_an_ei_named_by_its_trade_is_the_business_its_workshop_address_is_for():
    sender = "y.collard.menuiserie@gmail.example"
    given = "menuiserie.collard.sedan@gmail.example"
    outcome = one(_matcher(), sender=sender, sender_name="Yann Collard", addresses=[given],
                  own_text=f"Je vous donne l'adresse pour les factures du cabinet : {given}\n"
                           "C'est celle de l'atelier, ma compagne la regarde tous les jours.",
                  signature="Yann Collard\nMenuiserie Collard - 8 rue de Bouillon, Sedan\n07 64 82 52 89")
    assert (outcome.status, outcome.linked) == ("linked", ["SE02453"]), outcome.reasons


def test_a_reference_a_slip_away_from_the_client_the_siren_gives_links_it_with_a_warning():
    sender = "contact@pharmacie-pont-neuf.example"
    outcome = one(_matcher(), sender=sender, sender_name="Pharmacie du Pont Neuf", subject="Adresse - réf. CM04429",
                  addresses=["compta@pharmacie-pont-neuf.example"], references=["CM04429"], sirens=["855922357"],
                  own_text="Merci d'adresser désormais vos factures à compta@pharmacie-pont-neuf.example\n\n"
                           "Référence client : CM04429",
                  signature="PHARMACIE DU PONT NEUF\n15 rue Haute - 08000 Charleville\nTél. 03 24 73 18 39\n"
                            "SIRET 855 922 357 00022")
    assert (outcome.status, outcome.linked) == ("linked", ["CM04492"]), outcome.reasons
    assert [w.args for w in outcome.warnings if w.code == "ref_slip"] == [{"ref": "CM04429", "code": "CM04492"}]


@pytest.mark.parametrize("ref", [
    "SE04492",  # another office's code of the same digits: another client as often as a slip
    "CM02989",  # far from the client described
])
def test_a_reference_that_is_no_slip_of_the_client_described_still_goes_to_a_person(ref):
    sender = "contact@pharmacie-pont-neuf.example"
    outcome = one(_matcher(), sender=sender, sender_name="Pharmacie du Pont Neuf", subject=f"Adresse - réf. {ref}",
                  addresses=["compta@pharmacie-pont-neuf.example"], references=[ref], sirens=["855922357"],
                  own_text="Merci d'adresser désormais vos factures à compta@pharmacie-pont-neuf.example",
                  signature="PHARMACIE DU PONT NEUF\nSIRET 855 922 357 00022")
    assert outcome.status == "review"


def test_a_name_written_in_full_is_not_also_the_acronym_of_another():
    sender = "info@bateaux-meuse.example"
    outcome = one(_matcher(), sender=sender, sender_name="Les Bateaux de la Meuse", addresses=["compta@bateaux-meuse.example"],
                  own_text="Bonjour, s'il vous plaît notre adresse pour les factures : compta@bateaux-meuse.example\n\n"
                           "Merci et à tantôt,\nJean-François Wauthier\nSRL Bateaux De Meuse\nQuai de Meuse 18 - 5500 Dinant")
    assert not any(c.code == "CM02989" for c in outcome.candidates)
    assert (outcome.status, outcome.linked) == ("linked", ["GI00439"]), outcome.reasons


def test_trade_abbreviations_of_a_client_file_read_as_the_words_people_write():
    assert normalise_name("FORGES ET ESTAMP. DE LA SEMOY").key == normalise_name("Forges et Estampage de la Semoy").key
    assert normalise_name("DECOLL. DES HTES RIVIERES").key == normalise_name("Décolletage des Hautes-Rivières").key
    assert normalise_name("EXPL. FORESTIERE").key == normalise_name("Exploitation forestière").key


# the round's review (adversarial cases against the new rules)


def test_an_sci_not_forgotten_because_it_is_gone_is_set_aside():
    matcher = Matcher(build_index([
        dict(code="DU00401", name="SARL DURAND BATIMENT", legal_form="SARL", city="Charleville", address="5 RUE FOREST",
             postcode="08000", emails=["contact@durand-batiment.example"]),
        dict(code="DU00402", name="SCI DURAND", legal_form="SCI", city="Charleville", address="5 RUE FOREST",
             postcode="08000", emails=["sci.durand@durand-batiment.example"])], FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="p.durand@durand-batiment.example", sender_name="Pierre Durand",
                  addresses=["compta@durand-batiment.example"],
                  own_text="Bonjour, nouvelle adresse pour la SARL : compta@durand-batiment.example. Votre courrier dit de "
                           "ne pas oublier la SCI : elle a été dissoute l'an dernier.")
    assert (outcome.status, outcome.linked) == ("linked", ["DU00401"]), outcome.reasons


def test_a_private_persons_reference_without_zeros_from_another_business_goes_to_a_person():
    matcher = Matcher(build_index([dict(code="GI00740", name="LAMBERT", first_name="Jean", city="Signy-le-Petit",
                                        postcode="08380")], FIRM), MatchingSettings(), FIRM)
    outcome = one(matcher, sender="contact@bois-ardennes.example", sender_name="Bois des Ardennes", references=["GI740"],
                  addresses=["contact@bois-ardennes.example"], signature="Bois des Ardennes SARL",
                  own_text="Bonjour, ref GI740 pour l'exploitation forestière : factures à contact@bois-ardennes.example.")
    assert outcome.status == "review"


def test_hte_is_no_abbreviation_of_haute():
    assert normalise_name("HTE").key != normalise_name("HAUTE").key
