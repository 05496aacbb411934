"""Round 23 of issue 11 (set60's development half, in synthetic names): "Expert-comptable associée" in a manager's
signature names no client; a sole trader (EI) who signs with her own name; a couple's file named by both first names beside a bookkeeper's shared
address; a house number on a long street; "Mal" for Maréchal; "pour mon entreprise … et pour mon dossier perso" from a
family mailbox; and the understanding of "mettez-moi en copie" after a change of mind, "La contact@ c'est très bien",
"je me permets d'écrire à cette adresse", a manager's "M. X me confirme", "ils nous la communiqueront" and "on en
rediscute"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campaign.contacts import street_in, street_of
from campaign.matching.decide import _NOT_YET
from campaign.matching.index import build_index
from campaign.matching.matcher import Matcher
from campaign.matching.records import ReplyFacts
from campaign.matching.settings import MatchingSettings
from campaign.understanding import understand
from tests.test_matching_evidence import one, signals
from tests.test_understanding_units import FIRM as UNDERSTANDING_FIRM, mail

FIRM = ("cabinet-exemple.fr",)
MANAGER = "c.wendling@cabinet-exemple.fr"
FAMILY = "famille.weber@orange.example"
BOOKKEEPER = "a.fritsch@gestion-fritsch.example"


def _matcher() -> Matcher:
    clients = [
        dict(code="MULLER07", name="MULLER TRANSPORTS", legal_form="SAS", city="Bischwiller", postcode="67240",
             address="9 rue du Moulin", manager_email=MANAGER),
        dict(code="EARL03", name="EARL WENDLING", legal_form="EARL", city="Heiligenstein", postcode="67140"),
        dict(code="GFA03", name="GFA SCHALLER", legal_form="GFA", city="Mittelbergheim", postcode="67140"),
        dict(code="KOENIG02", name="KOENIG ET ASSOCIES", legal_form="SELARL", city="Strasbourg", postcode="67200"),
        dict(code="CLIMEX01", name="CLIM-EXPERT", legal_form="SAS", city="Lingolsheim", postcode="67380"),
        dict(code="HOFFMA02", name="HOFFMANN ET CIE", legal_form="SAS", city="Strasbourg", postcode="67200",
             manager_email="p.hoffmann@cabinet-exemple.fr"),
        dict(code="SCHAEF03", name="SCHAEFFER AURELIE", first_name="Aurélie", legal_form="Micro-entreprise",
             city="Monswiller", postcode="67700", address="9 rue des Vignerons"),
        dict(code="SCHAEF02", name="SCHAEFFER", first_name="Nicolas", city="Strasbourg", postcode="67100"),
        dict(code="CAB17", name="CAB. KINE HEITZ", first_name="Sophie", legal_form="EI", city="Barr", postcode="67140"),
        dict(code="HEITZ01", name="HEITZ", first_name="Claire", city="Strasbourg", postcode="67000"),
        dict(code="WEBER02", name="WEBER", first_name="Kevin", city="Erstein", postcode="67150",
             address="3 rue des Roses", emails=[FAMILY]),
        dict(code="WEBER06", name="WEBER PAYSAGE", first_name="Kevin", legal_form="EI", city="Erstein",
             postcode="67150", address="6 B rue des Roses", phone="07 30 87 45 81", emails=[FAMILY]),
        dict(code="WEBER09", name="WEBER", first_name="Christian et Sylvie", city="Erstein", postcode="67150",
             address="121 impasse des Lilas", emails=[FAMILY]),
        dict(code="FRITSC01", name="FRITSCH", first_name="Bruno et Agnès", city="Haguenau", postcode="67500"),
        dict(code="PEINTU06", name="PEINTURE WOLFF", first_name="Sébastien", legal_form="EI", city="Haguenau",
             postcode="67500", emails=[BOOKKEEPER]),
        dict(code="WINSTU01", name="WINSTUB LE FOUDRE", legal_form="SARL", city="Haguenau", postcode="67500",
             emails=[BOOKKEEPER]),
        dict(code="ELECSE01", name="ELEC-SERVICE 67", legal_form="SARL", city="Brumath", postcode="67170",
             emails=[BOOKKEEPER]),
        dict(code="GARAGE10", name="GARAGE FREY", legal_form="SARL", city="Wasselonne", postcode="67310",
             emails=[BOOKKEEPER]),
        dict(code="SCI17", name="SCI LES CIGOGNES", legal_form="SCI", city="Bischwiller", postcode="67240",
             emails=[BOOKKEEPER]),
        dict(code="SCI18", name="SCI DES MOUETTES", legal_form="SCI", city="Bischwiller", postcode="67240",
             emails=[BOOKKEEPER]),
        dict(code="KLEIN02", name="KLEIN", first_name="Marie", city="Sélestat", postcode="67600",
             address="56 rue du Maréchal-Leclerc"),
        dict(code="KLEIN03", name="KLEIN", first_name="Marie-Odile", city="Strasbourg", postcode="67100"),
    ]
    # a long street of a city, many clients' street
    clients += [dict(code=f"MITTEL{n:02d}", name=f"BAUMANN {name}", first_name=first, city="Strasbourg",
                     postcode="67200", address=f"{number} route de Mittelhausbergen")
                for n, (name, first, number) in enumerate([("", "Lucas et Laetitia", 88), ("", "Hugo", 79),
                                                            ("", "Paul", 91)], 1)]
    return Matcher(build_index(clients, FIRM), MatchingSettings(), FIRM)


MANAGERS_NOTE = ("Pour toi, voir plus bas. La cliente s'est trompée de chargé de mission.\n\nClaire\n\nClaire Wendling\n"
                 "Expert-comptable associée\nCabinet Schaller Wendling & Associés\nTél. 03 88 93 17 40\n\n")


def test_expert_and_associe_of_a_managers_signature_name_no_client():
    text = (MANAGERS_NOTE + "Bonjour, merci d'envoyer désormais vos factures à l'adresse de ce mail.\n"
            "Sandra Bieber\nMULLER TRANSPORTS SAS\n9 rue du Moulin – 67240 Bischwiller")
    outcome = one(_matcher(), sender="s.bieber@muller-transports.example", sender_name="Sandra Bieber",
                  company="MULLER TRANSPORTS SAS", own_text=text, addresses=["s.bieber@muller-transports.example"],
                  forwarded_by=MANAGER)
    proposed = {c.code for c in outcome.candidates}
    assert not proposed & {"KOENIG02", "CLIMEX01"}, proposed
    assert (outcome.status, outcome.linked) == ("linked", ["MULLER07"]), outcome.reasons


def test_a_client_named_in_full_with_those_words_is_still_named():
    outcome = one(_matcher(), sender="x@gmail.example", own_text="Pour Clim-Expert (SAS), merci d'envoyer ici.",
                  addresses=["x@gmail.example"])
    assert "CLIMEX01" in {c.code for c in outcome.candidates}


def test_a_sole_trader_signing_with_her_own_name():
    outcome = one(_matcher(), sender="sophie.heitz67@orange.example", sender_name="Sophie Heitz",
                  own_text="c'est cabinet.heitz@gmail.example pour le cabinet", addresses=["cabinet.heitz@gmail.example"])
    assert [c.code for c in outcome.candidates][:1] == ["CAB17"]
    assert "name" in signals(outcome, "CAB17")  # her name, not only the trade word "cabinet"
    assert "HEITZ01" not in outcome.linked


def test_a_couples_file_named_by_both_first_names_beside_a_bookkeepers_shared_address():
    text = ("Pour une fois je vous écris pour nous : concernant notre dossier personnel (Bruno et Agnès Fritsch, "
            "Haguenau), merci d'envoyer les factures à notre adresse privée bruno.agnes@orange.example.")
    outcome = one(_matcher(), sender=BOOKKEEPER, sender_name="Agnès Fritsch - Bureau de gestion Fritsch",
                  own_text=text, addresses=["bruno.agnes@orange.example"])
    assert "FRITSC01" in {c.code for c in outcome.candidates}
    assert not outcome.linked  # the bookkeeper's clients compete: a person checks


def test_a_house_number_tells_the_client_of_a_long_street():
    outcome = one(_matcher(), sender="laetitia.b@hotmail.example", sender_name="Laetitia Dupont",
                  own_text="Merci d'envoyer nos factures à cette adresse.", addresses=["laetitia.b@hotmail.example"],
                  signature="Laetitia\n88 route de Mittelhausbergen, Strasbourg")
    placed = {c.code for c in outcome.candidates for e in c.evidence if e.signal == "street_town"}
    assert placed == {"MITTEL01"}


def test_a_long_street_without_its_number_places_nobody():
    outcome = one(_matcher(), sender="laetitia.b@hotmail.example", own_text="Merci d'envoyer nos factures ici.",
                  addresses=["laetitia.b@hotmail.example"], signature="Laetitia\nroute de Mittelhausbergen, Strasbourg")
    assert not any(e.signal == "street_town" for c in outcome.candidates for e in c.evidence)


@pytest.mark.parametrize("written", ["56 rue du Mal Leclerc", "56 rue du Maréchal Leclerc", "56, rue Mal-Leclerc"])
def test_titles_abbreviated_in_a_street(written):
    street = street_of("56 rue du Maréchal-Leclerc", "67600")
    assert street is not None and street_in(written.lower().replace("é", "e"), street)


def test_a_marechal_abbreviated_gives_the_postal_address():
    outcome = one(_matcher(), sender="mklein1958@gmail.example", sender_name="Marie Klein",
                  own_text="Je vous donne mon adresse mail pour les factures mklein1958@gmail.example",
                  addresses=["mklein1958@gmail.example"], signature="Marie Klein\n56 rue du Mal Leclerc\n67600 Selestat")
    assert (outcome.status, outcome.linked) == ("linked", ["KLEIN02"]), outcome.reasons


def test_the_company_and_the_writers_own_file_from_a_family_mailbox():
    text = ("c'est Kevin Weber qui écrit depuis la boite mail de mes parents.\nPour mon entreprise WEBER PAYSAGE et "
            "pour mon dossier perso, merci d'envoyer désormais les factures sur ma propre adresse : "
            "kevin.weber.paysage@gmail.example")
    outcome = one(_matcher(), sender=FAMILY, sender_name="Famille Weber", own_text=text,
                  addresses=["kevin.weber.paysage@gmail.example"],
                  signature="Kevin Weber\nWeber Paysage - 6B rue des Roses - 67150 Erstein\n07 30 87 45 81")
    assert (outcome.status, sorted(outcome.linked)) == ("linked", ["WEBER02", "WEBER06"]), outcome.reasons


def test_the_parents_file_is_not_the_writers():
    text = ("Pour mon entreprise WEBER PAYSAGE et pour mon dossier perso, merci d'envoyer les factures sur "
            "kevin.weber.paysage@gmail.example")
    outcome = one(_matcher(), sender=FAMILY, sender_name="Famille Weber", own_text=text,
                  addresses=["kevin.weber.paysage@gmail.example"], signature="Sylvie Weber\nErstein")
    assert "WEBER09" not in outcome.linked and "WEBER02" not in outcome.linked


@pytest.mark.parametrize("said, put_off", [
    ("je vous confirmerai leur adresse la semaine prochaine", True),
    ("nous vous enverrons l'adresse", True),
    ("merci de nous confirmer leur adresse", False),  # the firm asked: an infinitive puts nothing off
    ("c'est pour nous donner l'adresse de la SCI", False),
])
def test_only_the_future_puts_an_answer_off(said, put_off):
    assert bool(_NOT_YET.search(said)) is put_off


SENDER = "Le Balto <lebalto@orange.example>"


def _understood(body: str, **kwargs):
    return understand(mail(body, **kwargs), UNDERSTANDING_FIRM)


def test_copy_me_after_retiring_my_own_address():
    reply = _understood("Bonjour, vous pouvez envoyer les factures a lebalto@orange.example\n\nnon finalement plutot a "
                        "notre comptable : compta.balto@gmail.example (mettez moi en copie quand meme)\n\nFabrice",
                        sender=SENDER)
    assert (reply.intent, reply.addresses, reply.copies) == ("address", ["compta.balto@gmail.example"],
                                                             ["lebalto@orange.example"])


@pytest.mark.parametrize("body, copies", [
    # "at this address" is the sender's; the mailbox named in the next sentence is not the copy
    ("Going forward, please send your invoices to ap@pines.example and cc me at this address. The old@pines.example "
     "mailbox will be closed at the end of the year.", ["rachel@pines.example"]),
    ("Envoyez les factures à ap@pines.example. Inutile de me mettre en copie.", []),
    ("Envoyez les factures à ap@pines.example, et mettez-moi en copie sur mon adresse perso r.n@gmail.example.",
     ["r.n@gmail.example"]),
])
def test_copy_me_read_with_its_words(body, copies):
    reply = _understood(f"Hello,\n\n{body}\n\nRachel", sender="Rachel N <rachel@pines.example>")
    assert (reply.intent, reply.addresses, sorted(reply.copies)) == ("address", ["ap@pines.example"], copies)


QUESTION = ("\n\n________________________________\nDe : Secrétariat <secretariat@cabinet-exemple.fr>\nEnvoyé : mardi 3 "
            "octobre 2034 11:12\nÀ : contact@hertzog.example; t.hertzog@hertzog.example\nObjet : Votre adresse e-mail "
            "de facturation\n\nBonjour,\n\nNous avons deux adresses e-mail dans notre fichier pour votre société : "
            "contact@hertzog.example et t.hertzog@hertzog.example.\n\nÀ laquelle devons-nous envoyer vos factures ?\n\n"
            "Bien cordialement,\nLe secrétariat")


@pytest.mark.parametrize("yes, main", [
    ("La contact@ c'est très bien", "contact@hertzog.example"),
    ("C'est très bien", "t.hertzog@hertzog.example"),  # the guard: nothing in the yes chooses among the two proposed
])
def test_a_proposed_address_named_by_its_mailbox_alone(yes, main):
    reply = _understood(f"Bonjour,\n\n{yes}, mais mettez aussi Mme Ritter en copie svp : m.ritter@hertzog.example.\n\n"
                        "Thierry Hertzog" + QUESTION,
                        sender="Thierry Hertzog <t.hertzog@hertzog.example>", subject="RE: Votre adresse e-mail")
    assert (reply.intent, reply.addresses, reply.copies) == ("address", [main], ["m.ritter@hertzog.example"])


def test_writing_to_the_firms_mailbox_designates_nothing():
    reply = _understood("Bonjour,\n\nJe me permets d'écrire à cette adresse car c'est la seule que j'ai trouvée sur votre "
                        "facture.\nJ'ai reçu un courrier des impôts. Est-ce que M. Meyer pourrait me rappeler ?\n\nValérie",
                        sender="Valérie Walter <valerie.walter@free.example>", subject="question impôts")
    assert reply.addresses == [] and reply.intent != "address"


def test_writing_from_this_address_still_designates_it():
    reply = _understood("Bonjour,\n\nPour les factures, vous pouvez m'écrire à cette adresse.\n\nValérie",
                        sender="Valérie Walter <valerie.walter@free.example>")
    assert (reply.intent, reply.addresses) == ("address", ["valerie.walter@free.example"])


def test_undecided_between_the_two_of_us():
    reply = _understood("Bonjour,\nj'ai scanné le code sur votre facture mais je ne peux pas encore vous donner de réponse "
                        ": mon mari préfère garder le papier et moi je voudrais le mail, on en rediscute ce week end. "
                        "Je vous redis avant Noël promis.\nBernadette", sender="Bernadette S <b.s@orange.example>")
    assert reply.intent == "question"


MANAGER_SENDER = "Thomas Meyer <t.meyer@cabinet-exemple.fr>"


def test_a_manager_relays_a_clients_written_confirmation():
    reply = _understood("Correction : j'ai mal compris hier. M. Nguyen me confirme par écrit qu'il faut garder l'adresse "
                        "que nous avons déjà au dossier, eric.nguyen@gmail.example. L'autre n'existe pas.\n\nThomas",
                        sender=MANAGER_SENDER, subject="RE: Nguyen - adresse factures")
    assert (reply.intent, reply.addresses) == ("address", ["eric.nguyen@gmail.example"])


def test_a_manager_relays_an_answer_to_come():
    reply = _understood("M. Jean-Luc Muller m'a appelé ce midi. Ils sont d'accord sur le principe des factures par mail "
                        "mais n'ont pas encore d'adresse : leur fils doit leur en créer une à Noël, ils nous la "
                        "communiqueront ensuite.\nEn attendant on continue le papier pour eux.\n\nThomas",
                        sender=MANAGER_SENDER, subject="Muller - adresse mail plus tard")
    assert reply.intent == "question"


# The round's adversarial review: a helper who had not read the code wrote 60 cases against the round's rules and ran them
# with the round's start code and its first version; these are the ones either got wrong and the round's code gets right
# (a namesake sole trader in another town or trade, "inutile de me mettre en copie", "mettez-moi en copie sur mon adresse
# perso x@", someone else's « mettez-moi en copie » quoted, "je vous écris à cette adresse, c'est celle qu'il faut
# utiliser", paper decided "on en reparle l'an prochain"), and those the round put right. Synthetic names throughout.
REVIEW = json.loads((Path(__file__).parent / "fixtures" / "review-round23.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", REVIEW, ids=[c["name"] for c in REVIEW])
def test_round_23_review(case):
    if case.get("kind") == "understand":
        sent = case["mail"]
        reply = _understood(sent["body"], sender=sent["from"], subject=sent.get("subject", "Re: factures"),
                            headers={"Cc": sent["cc"]} if sent.get("cc") else None)
        want = case["expect"]
        assert (reply.intent, sorted(reply.addresses), sorted(reply.copies)) == \
            (want["intent"], sorted(want.get("addresses", [])), sorted(want.get("copies", [])))
        return
    matcher = Matcher(build_index(case["clients"], FIRM), MatchingSettings(), FIRM)
    facts = dict(case["reply"], auth={"dmarc": "pass"}, intent="address")
    outcome = matcher.match([ReplyFacts(1, **facts)])[0]
    got = "linked:" + ",".join(sorted(outcome.linked)) if outcome.status == "linked" else outcome.status
    assert got == case["expect"], outcome.reasons
