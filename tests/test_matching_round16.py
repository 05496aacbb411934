"""Round 16 of issue 11 (synthetic names): of two namesakes, the one whose town the reply writes; a town is written
"St-Lô" as often as "Saint-Lô"; a street named after a town ("av. de Douai") is no other town written."""

from __future__ import annotations

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one, signals

FIRM = ("cabinet-exemple.fr",)


def _matcher(clients: list[dict]) -> Matcher:
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def _namesakes(town_a: str, town_b: str, **extra_b) -> Matcher:
    clients = [dict(code="A1", name="BOULANGERIE MARTIN", legal_form="SARL", city=town_a, address="2 RUE HAUTE"),
               dict(code="A2", name="BOULANGERIE MARTIN", legal_form="SARL", city=town_b, address="3 RUE BASSE",
                    **extra_b)]
    return _matcher(clients)


def _reply(matcher: Matcher, text: str, sender: str = "boul.martin@webmail.example"):
    return one(matcher, sender=sender, sender_name="", own_text=text, addresses=[sender])


def test_the_namesake_whose_town_is_written_is_the_one_meant():
    outcome = _reply(_namesakes("Saint-Malo", "Vire"), "Pour la boulangerie Martin de Vire, envoyez les factures ici.")
    assert outcome.status == "linked" and outcome.linked == ["A2"], [(c.code, c.score, c.evidence)
                                                                      for c in outcome.candidates]


def test_a_town_written_with_st_is_the_towns():
    outcome = _reply(_namesakes("Saint-Lô", "Saint-Malo"), "Pour la boulangerie Martin de St-Lô, envoyez ici.")
    assert "town" in signals(outcome, "A1") and "town" not in signals(outcome, "A2")
    assert outcome.linked == ["A1"]


def test_a_street_named_after_a_town_is_no_other_town_written():
    # "12 av. de Douai" is the bakery's street in Lens, not Douai, where another client of the file is
    clients = [dict(code="A1", name="BOULANGERIE MARTIN", legal_form="SARL", city="Lens", address="12 AV DE DOUAI"),
               dict(code="A2", name="GARAGE DU BEFFROI", legal_form="SARL", city="Douai", address="3 RUE BASSE")]
    matcher = _matcher(clients)
    outcome = _reply(matcher, "Boulangerie Martin, 12 av. de Douai : ok pour cette adresse")
    assert "town_elsewhere" not in signals(outcome, "A1"), [(c.code, c.evidence) for c in outcome.candidates]


def test_a_town_the_other_is_called_by_too_leaves_it_to_a_person():
    # Saint-Leu-la-Forêt is "Saint-Leu" to its people: the town written does not tell the two apart
    outcome = _reply(_namesakes("Saint-Leu", "Saint-Leu-la-Forêt"), "Pour la boulangerie Martin à Saint-Leu, ok.")
    assert outcome.status == "review"


def test_a_namesake_with_evidence_of_its_own_still_competes():
    # the mailbox is on file for the one of Saint-Malo: the town written is not enough to give the reply to the other
    outcome = _reply(_namesakes("Vire", "Saint-Malo", emails=["boul.martin@webmail.example"]),
                     "Pour la boulangerie Martin de Vire, envoyez les factures ici.")
    assert outcome.linked != ["A1"], [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_a_networks_mailbox_named_after_another_town_is_another_shop():
    # espalion@halle-paysanne.fr when the file holds millau@halle-paysanne.fr for the Millau shop (set42's QH027 kind)
    clients = [dict(code="C11539", name="SARL HALLE PAYSANNE ESPALION", legal_form="SARL", city="Espalion",
                    address="2 AVENUE DE LA GARE", postcode="12500"),
               dict(code="C12200", name="SAS LHP MILLAU", legal_form="SAS", city="Millau", address="AV DE MILLAU PLAGE",
                    postcode="12100", emails=["millau@halle-paysanne.fr"])]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="espalion@halle-paysanne.fr", sender_name="La Halle Paysanne",
                  own_text="Vous pouvez utiliser notre adresse magasin pour les factures.\nLaetitia",
                  addresses=["espalion@halle-paysanne.fr"])
    assert outcome.linked != ["C12200"] and "branch_mailbox" in signals(outcome, "C12200")
    assert "C11539" in [c.code for c in outcome.candidates]
    # the Millau shop's own mailbox is still the Millau shop's
    outcome = one(matcher, sender="millau@halle-paysanne.fr", sender_name="La Halle Paysanne",
                  own_text="Vous pouvez utiliser notre adresse magasin pour les factures.",
                  addresses=["millau@halle-paysanne.fr"])
    assert outcome.linked == ["C12200"]


def test_a_couples_file_is_proposed_for_each_partners_name():
    clients = [dict(code="C06618", name="PRADAYROL", first_name="Martine et Julien", city="Castelnau-Montratier",
                    address="13 RUE DU BARRY", postcode="46170"),
               dict(code="C03502", name="SCI PRADAYROL", legal_form="SCI", city="Saint-Jean-du-Bruel",
                    address="LA COMBE", postcode="12230")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="martine.pradayrol@webmail.example", sender_name="Martine Pradayrol",
                  own_text="Pour nos factures (M. et Mme Pradayrol), merci de les envoyer à mon mari, en copie.",
                  addresses=["j.pradayrol46@webmail.example"])
    # proposed, never linked on one partner's name: she may bear it in a file of her own (set41's test part had one)
    assert "partner_name" in signals(outcome, "C06618")
    assert outcome.status == "review" and "C06618" in [c.code for c in outcome.candidates]


def test_the_managers_signature_in_the_firms_quoted_message_names_no_client():
    # manager Pierre Costes (p.costes@…) and client COSTES Pierre: the quote's signature is the manager's
    clients = [dict(code="C02056", name="COSTES", first_name="Pierre", city="Saint-Beauzély", address="LE MAS",
                    manager_email="p.costes@cabinet-exemple.fr"),
               dict(code="C10526", name="SARL PEINTURE DU VALLON", legal_form="SARL", city="Saint-Izaire",
                    address="LA PLANE", manager_email="p.costes@cabinet-exemple.fr")]
    matcher = _matcher(clients)
    quote = ("Bonjour Kevin,\nPour la SARL Peinture du Vallon, souhaitez-vous qu'on les envoie à cette adresse ?\n"
             "Bonne soirée,\nPierre Costes\nCabinet Exemple")
    outcome = one(matcher, sender="kev.salvan12@webmail.example", sender_name="Kevin",
                  own_text="ok pour moi vous pouvez envoyer sur cette adresse\nKevin",
                  addresses=["kev.salvan12@webmail.example"], context={"quoted_firm": quote})
    assert "C02056" not in [c.code for c in outcome.candidates]
    assert outcome.candidates and outcome.candidates[0].code == "C10526"


def test_a_hamlet_named_like_the_writer_is_the_writer():
    clients = [dict(code="C05770", name="ROUQUETTE", first_name="Bernard", city="Laguiole",
                    address="LIEU-DIT LE BOUYSSOU", postcode="12210"),
               dict(code="C02144", name="BOUYSSOU", first_name="Cedric", city="Naucelle", address="LA COMBE",
                    postcode="12800")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="cedric.b@webmail.example", sender_name="Cédric Bouyssou",
                  own_text="Pour mon dossier personnel (Cédric Bouyssou), vous pouvez utiliser cette adresse.",
                  addresses=["cedric.b@webmail.example"])
    assert "lieu_dit" not in signals(outcome, "C05770")


def test_a_town_written_elsewhere_in_the_reply_tells_no_namesake_apart():
    # a bookkeeper's own town, the writer's holidays: only the town written right after the name places a namesake
    matcher = _namesakes("Rodez", "Millau")
    for text in ("Bonjour, la boulangerie Martin : je suis en vacances à Rodez, mais envoyez les factures ici.",
                 "Bonjour, pour la boulangerie Martin, les factures ici.\nCabinet Compta Plus, 12000 Rodez"):
        outcome = _reply(matcher, text)
        assert outcome.status == "review", (text, [(c.code, c.score, c.evidence) for c in outcome.candidates])
    # nor when the other's postcode is written too
    outcome = _reply(_namesakes("Rodez", "Millau", postcode="12100"),
                     "Bonjour, pour la Boulangerie Martin de Rodez, les factures ici.\nBoulangerie Martin, 12100")
    assert outcome.status == "review", [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_a_near_miss_of_a_partners_name_weighs_nothing_either():
    clients = [dict(code="C06618", name="PRADAYROL", first_name="Martine et Julien", city="Castelnau-Montratier",
                    address="13 RUE DU BARRY", postcode="46170")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="julie.pradayrol@webmail.example", sender_name="Julie Pradayrol",
                  own_text="Bonjour, vous pouvez utiliser cette adresse pour les factures.",
                  addresses=["julie.pradayrol@webmail.example"])
    assert outcome.status != "linked", [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_new_operators_under_the_clients_reference_are_a_takeover():
    # "nous sommes les nouveaux exploitants" from a new domain, under the old company's reference: not its new domain
    clients = [dict(code="C05913", name="HOTEL DU VIEUX PONT", legal_form="SARL", city="Peyreleau", address="1 RUE DROITE",
                    emails=["hotel.vieuxpont@laposte.net"], website="www.hotel-vieux-pont.example")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="contact@aubrac-sejours.example", sender_name="Aubrac Séjours",
                  own_text="Bonjour, pour l'Hôtel du Vieux Pont (réf. C05913) : nous sommes les nouveaux exploitants "
                           "depuis mars, merci d'envoyer les factures à cette adresse.",
                  addresses=["contact@aubrac-sejours.example"])
    assert outcome.status == "review", [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_a_namesake_placed_in_a_reply_for_several_files_is_not_linked_alone():
    # "la boulangerie Lecoq à Fécamp et la SCI des Embruns": the town tells the bakery apart, but the reply is for the
    # SCI too; linking the bakery alone would leave the SCI out
    clients = [dict(code="B1", name="SARL BOULANGERIE LECOQ", legal_form="SARL", city="Fécamp", address="27 RUE HUET"),
               dict(code="B2", name="SARL BOULANGERIE LECOQ", legal_form="SARL", city="Evreux", address="64 RUE JOSEPHINE"),
               dict(code="S1", name="SCI DES EMBRUNS", legal_form="SCI", city="Fécamp", address="6 RUE DU RENARD"),
               dict(code="S2", name="SCI LES EMBRUNS", legal_form="SCI", city="Paris", address="23 AVENUE MOZART")]
    matcher = _matcher(clients)
    outcome = _reply(matcher, "C'est Josiane, de la boulangerie Lecoq à Fécamp. Pour la boulangerie et la SCI des "
                              "Embruns, vous pouvez tout envoyer à cette adresse.")
    assert outcome.status == "review", [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_a_relatives_business_goes_to_a_person():
    # from the writer's own mailbox, signed with his name and phone: the reply is for someone else's business
    clients = [dict(code="E100", name="BOUSQUET", first_name="Marc", legal_form="EI", city="Rodez",
                    address="14 RUE DU TOUAT", postcode="12000", phone="06 12 34 56 78")]
    matcher = _matcher(clients)
    for text in ("Bonjour, pour le restaurant de mon frère, voici l'adresse de l'entreprise pour les factures.",
                 "Bonjour, c'est l'adresse de la société de mon mari, pour les factures."):
        outcome = one(matcher, sender="mbousquet12@webmail.example", sender_name="", own_text=text,
                      signature="Marc Bousquet\n06 12 34 56 78", addresses=["mbousquet12@webmail.example"])
        assert outcome.status == "review", (text, outcome.reasons)
