"""Round 15 of issue 11 (from the development parts read this round, rewritten with synthetic names): a town
whose name is "Saint" and a short word is not any other Saint's; a sole trader's trade name is written without
her first name."""

from __future__ import annotations

import pytest

from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.settings import MatchingSettings
from tests.test_matching_evidence import one, signals

FIRM = ("cabinet-exemple.fr",)


def _matcher(clients: list[dict]) -> Matcher:
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


def test_saint_and_a_short_word_is_not_every_saint():
    # "Saint-Benoît" in the reply is not the town of the namesake in Saint-Leu: its "Leu" is short, not absent
    clients = [dict(code="CLI0105", name="SNACK CHEZ LUCETTE", first_name="Lucette", legal_form="EI",
                    city="SAINT BENOIT", address="11 RUE DES FILAOS"),
               dict(code="CLI0495", name="EURL SNACK CHEZ LUCETTE", legal_form="EURL", city="Saint-Leu",
                    address="8 RUE DU COMMERCE", emails=["compta.snack.leu@gmail.com"])]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="lucette.d1952@orange.fr", sender_name="Lucette", intent="refusal",
                  subject="snack chez lucette st benoit", addresses=[],
                  own_text="C'est Lucette du snack à Saint-Benoît, je préfère garder le papier.\nLucette")
    assert "town" not in signals(outcome, "CLI0495")
    assert outcome.linked != ["CLI0495"], [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_a_town_named_saint_and_a_short_word_is_still_read():
    clients = [dict(code="A1", name="BOULANGERIE MARTIN", city="Saint-Lô", address="2 RUE HAUTE"),
               dict(code="A2", name="BOULANGERIE MARTIN", city="Saint-Malo", address="3 RUE BASSE")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="boul.martin@webmail.example", sender_name="",
                  own_text="Pour la boulangerie Martin de Saint-Lô, envoyez les factures ici.",
                  addresses=["boul.martin@webmail.example"])
    assert "town" in signals(outcome, "A1") and "town" not in signals(outcome, "A2")


def test_a_sole_traders_trade_name_is_written_without_his_first_name():
    clients = [dict(code="E0412", name="BOULANGERIE LECOMTE", first_name="Paul", legal_form="EI", city="ARRAS",
                    address="4 PLACE DES HEROS"),
               dict(code="P0413", name="LECOMTE", first_name="Paul", city="LENS", address="9 RUE DE LILLE")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="p.lecomte62@webmail.example", sender_name="",
                  own_text="Pour la boulangerie Lecomte à Arras, vous pouvez envoyer les factures sur cette adresse.",
                  addresses=["p.lecomte62@webmail.example"])
    assert "mention" in signals(outcome, "E0412"), [(c.code, c.evidence) for c in outcome.candidates]


def test_a_first_name_inside_the_trade_name_is_no_second_name():
    # "SJ COMPTA" of Sylvie Jacquier: her name signed at the foot of a bookkeeper's note is the writer, not the file
    clients = [dict(code="C10339", name="JACQUIER SYLVIE (SJ COMPTA)", first_name="Sylvie", legal_form="EI",
                    emails=["sj.compta@webmail.example"], city="THONES"),
               dict(code="C10290", name="GARAGE DU LAC", legal_form="SARL", emails=["sj.compta@webmail.example"],
                    city="ANNECY"),
               dict(code="C10372", name="FROMAGERIE DES ARAVIS", legal_form="SAS", emails=["sj.compta@webmail.example"],
                    city="THONES")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="sj.compta@webmail.example", sender_name="SJ Compta",
                  own_text="Pour le dossier dont on a parlé, d'accord pour cette adresse.",
                  signature="Sylvie Jacquier – SJ Compta", addresses=["sj.compta@webmail.example"])
    assert outcome.linked == []


def test_a_ligature_is_written_in_letters():
    # "Bœuf" typed with its ligature is the file's BOEUF (and Marcq-en-Barœul its town)
    clients = [dict(code="B1", name="BOUCHERIE AU BOEUF DE FLANDRE", legal_form="SARL", city="MARCQ EN BAROEUL",
                    address="5 RUE NATIONALE")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="jm.desmet59@orange.fr", sender_name="",
                  own_text="Pour la Boucherie au Bœuf de Flandre à Marcq-en-Barœul, les factures à cette adresse.",
                  addresses=["jm.desmet59@orange.fr"])
    assert {"mention", "town"} <= signals(outcome, "B1"), [(c.code, c.evidence) for c in outcome.candidates]


def test_a_beach_is_no_town():
    # Oye-Plage is "Oye": "la plage" in a reply is not that town
    clients = [dict(code="H1", name="HOTEL DE LA DIGUE", legal_form="SARL", city="OYE-PLAGE", address="1 RUE DE LA MER"),
               dict(code="H2", name="HOTEL DE LA DIGUE", legal_form="SARL", city="WISSANT", address="2 RUE DU CAP")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="hotel.digue@webmail.example", sender_name="",
                  own_text="Pour l'hôtel de la Digue, face à la plage, envoyez les factures ici.",
                  addresses=["hotel.digue@webmail.example"])
    assert "town" not in signals(outcome, "H1")


def test_a_street_named_after_a_town_is_no_other_town():
    # "la friterie chez Jojo (rue de Douai)" of Hénin-Beaumont: Douai, a town of the file, is only the street's name
    clients = [dict(code="262601", name="FRITERIE CHEZ JOJO", first_name="Joël", legal_form="EI", city="HENIN-BEAUMONT",
                    address="70 RUE DE DOUAI"),
               dict(code="262602", name="BAR DU MARCHE", legal_form="SARL", city="DOUAI", address="1 PLACE D'ARMES")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="jojo.frites62@gmail.com", sender_name="Jojo Frites",
                  own_text="c'est Joël de la friterie chez jojo (rue de Douai). envoyez les factures ici.",
                  addresses=["jojo.frites62@gmail.com"])
    assert "town_elsewhere" not in signals(outcome, "262601")


def test_a_sole_traders_trade_name_in_its_own_word_order_names_both_namesakes():
    # "Boulangerie Lecomte … Lens": the Lens baker (BOULANGERIE LECOMTE, Didier) is named as much as the other one
    clients = [dict(code="629901", name="BOULANGERIE LECOMTE", legal_form="SARL", city="ARMENTIERES",
                    address="5 RUE NATIONALE"),
               dict(code="692901", name="BOULANGERIE LECOMTE", first_name="Didier", legal_form="EI", city="LENS",
                    address="88 RUE DE LA REPUBLIQUE")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="didier.lct62@gmail.com", sender_name="Didier",
                  own_text="Boulangerie Lecomte rue de la République Lens : ok pour recevoir les factures ici",
                  addresses=["didier.lct62@gmail.com"])
    assert outcome.candidates and outcome.candidates[0].code == "692901", \
        [(c.code, c.score, c.evidence) for c in outcome.candidates]


def test_the_owners_own_file_and_the_companys_address_go_to_a_person():
    # "Pour la boulangerie (place des Héros), vous gardez contact@maison-caron.fr" under the QR code of M. Caron's own
    # file: the address handed over is on file for his bakery, which the reply is about
    clients = [dict(code="362702", name="BOUL. PAT. CARON", legal_form="SARL", city="ARRAS", address="3 PLACE DES HEROS",
                    emails=["contact@maison-caron.fr"]),
               dict(code="362704", name="CARON", first_name="Stéphane", legal_form="Particulier", city="BEAURAINS",
                    address="26 RUE DE LA PAIX", emails=["stephane.caron62@orange.fr"])]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="stephane.caron62@orange.fr", sender_name="Stéphane Caron",
                  subject="Adresse e-mail pour les factures - ref. 362704",
                  own_text="Pour la boulangerie (place des Héros), vous gardez contact@maison-caron.fr, c'est bon.",
                  addresses=["contact@maison-caron.fr"])
    assert outcome.linked == [] and any(r.code == "for_business" for r in outcome.reasons), outcome.reasons


def test_a_reply_that_goes_to_a_person_proposes_the_files_tied_to_its_client_that_it_speaks_of():
    # "pour mon cabinet d'orthophonie, pour la SCI JCD et aussi pour mon mari Jean": the SCI is found by its name and
    # town; the husband's file at the same street, which "Jean" points at, is proposed to the person who reads it
    clients = [dict(code="675202", name="DUPONT", first_name="Jean", city="LAMBERSART",
                    address="11 AVENUE DE L'HIPPODROME", emails=["jean.dupont.archi@gmail.com"]),
               dict(code="675203", name="DUPONT CLAIRE ORTHOPHONISTE", legal_form="Entreprise individuelle",
                    city="LAMBERSART", address="11 AVENUE DE L'HIPPODROME"),
               dict(code="675204", name="SCI JCD", legal_form="SCI", city="LAMBERSART", address="11 AVENUE DE L'HIPPODROME")]
    matcher = _matcher(clients)
    text = ("Je réponds pour la famille :\npour mon cabinet d'orthophonie, pour la SCI JCD de Lambersart et aussi pour "
            "mon mari Jean, vous pouvez tout envoyer sur cd.ortho59@gmail.com.")
    outcome = one(matcher, sender="cd.ortho59@gmail.com", sender_name="", own_text=text, addresses=["cd.ortho59@gmail.com"])
    assert outcome.status == "review" and "675202" in [c.code for c in outcome.candidates], \
        [(c.code, c.evidence) for c in outcome.candidates]


def test_two_namesakes_named_alike_and_the_other_ones_town_written_go_to_a_person():
    # "Pour la friterie chez Jojo de Douai" from the mailbox on file for the Friterie chez Jojo of Hénin
    clients = [dict(code="J1", name="FRITERIE CHEZ JOJO", first_name="Joël", legal_form="EI", city="HENIN-BEAUMONT",
                    address="70 RUE DE DOUAI", emails=["jojo.frites62@gmail.com"]),
               dict(code="J2", name="FRITERIE CHEZ JOJO", legal_form="SARL", city="DOUAI", address="5 RUE DE PARIS")]
    matcher = _matcher(clients)
    outcome = one(matcher, sender="jojo.frites62@gmail.com", sender_name="",
                  own_text="Pour la friterie chez Jojo de Douai, ok pour cette adresse.",
                  addresses=["jojo.frites62@gmail.com"])
    assert outcome.linked == [] and any(r.code == "namesake_placed" for r in outcome.reasons), \
        (outcome.linked, outcome.reasons)


CARONS = [dict(code="C4127", name="CARON", first_name="Stéphane", city="ARRAS", address="26 RUE DE LA PAIX",
               emails=["stephane.caron62@orange.fr"]),
          dict(code="C4128", name="CARON", first_name="Nathalie", city="ARRAS", address="26 RUE DE LA PAIX",
               emails=["nath.caron@gmail.com"])]


def test_a_reply_for_a_relative_whose_address_it_gives_goes_to_a_person():
    # "Pour ma femme Nathalie, envoyez ses factures à nath.caron@…" from the husband's own mailbox, under his reference
    matcher = _matcher(CARONS)
    outcome = one(matcher, sender="stephane.caron62@orange.fr", sender_name="Stéphane Caron",
                  subject="Adresse e-mail pour les factures - ref. C4127",
                  own_text="Pour ma femme Nathalie, envoyez ses factures à nath.caron@gmail.com",
                  addresses=["nath.caron@gmail.com"])
    assert outcome.linked == [] and any(r.code == "given_is_anothers" for r in outcome.reasons), outcome.reasons
    # her own invoices sent to her husband's address: hers
    own = one(matcher, sender="nath.caron@gmail.com", sender_name="Nathalie Caron",
              subject="Adresse e-mail pour les factures - ref. C4128",
              own_text="C'est mon mari qui s'occupe des papiers : je préfère que mes factures lui soient envoyées, "
                       "à stephane.caron62@orange.fr.", addresses=["stephane.caron62@orange.fr"])
    assert not any(r.code == "given_is_anothers" for r in own.reasons), own.reasons


GITES = [dict(code="500101", name="SARL LES GITES DE LA CANCHE", legal_form="SARL", city="MONTREUIL",
              address="3 RUE DE LA CANCHE", website="gites-canche.fr"),
         dict(code="500104", name="LEROY", first_name="Marie", city="ARRAS", address="9 RUE DE LILLE")]


@pytest.mark.parametrize("text", [
    # asked, then answered no: not the writer's file too
    "Bonjour, pour la SARL Les Gîtes de la Canche (réf 500101), et pour mon perso aussi? Non, juste la société.",
])
def test_the_writers_own_file_asked_is_no_link_of_it(text):
    matcher = _matcher(GITES)
    outcome = one(matcher, sender="marie.leroy@gites-canche.fr", sender_name="Marie Leroy", own_text=text,
                  addresses=["marie.leroy@gites-canche.fr"])
    assert "500104" not in outcome.linked, (outcome.linked, outcome.reasons)


def test_the_writers_own_file_too_which_nothing_finds_goes_to_a_person():
    # "Pour la SARL … et mon dossier perso aussi" from Emma, whose own file the client file does not hold
    matcher = _matcher(GITES)
    outcome = one(matcher, sender="emma@gites-canche.fr", sender_name="Emma Whitfield", addresses=["emma@gites-canche.fr"],
                  own_text="Pour la SARL Les Gîtes de la Canche (réf 500101) et mon dossier perso aussi, à cette adresse.")
    assert outcome.linked == [] and any(r.code == "also_for" for r in outcome.reasons), (outcome.linked, outcome.reasons)
