"""Round 20 of issue 11 (set53's development half, in synthetic words): "pas celle-ci, l'autre" between the two
addresses the firm proposed, a supplier's invoice notice passed on by a client, "ours to me at this address" beside
another's address, and a manager relaying that the client will send an address later."""

from __future__ import annotations

import pytest

from campaign.understanding import understand
from tests.test_understanding_units import FIRM, mail

SENDER = "Karine Vergez <karine.vergez@free.example>"
ASKED = ("\n\nLe lun. 2 févr. 2032 à 16:20, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n"
         "> Bonjour,\n> Souhaitez-vous recevoir vos factures à comptabilite@sci-vergez.example ou à "
         "karine.vergez@free.example ?\n> Cordialement\n")


@pytest.mark.parametrize("said", [
    "Pas celle-ci (la free, je ne la consulte presque plus), l'autre.",
    "Non, pas cette adresse : l'autre svp.",
    "Not this one, the other one please.",
    # the round's reviews
    "Plutôt l'autre adresse, pas celle-ci.",
    "Pas celle-ci (la free...), l'autre.",
    "Utilisez l'autre, celle-ci va être fermée à la fin du mois.",
    "L'autre.",
    "Non, l'autre svp",
])
def test_not_this_one_the_other_chooses_the_proposed_address_that_is_not_the_senders(said):
    reply = understand(mail(f"Bonjour\n{said}\nMerci\nKarine Vergez{ASKED}", sender=SENDER), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["comptabilite@sci-vergez.example"])


def test_the_first_one_still_chooses_the_first():
    reply = understand(mail(f"Bonjour\nLa première svp.\nKarine Vergez{ASKED}", sender=SENDER), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["comptabilite@sci-vergez.example"])


NOTICE = ("Bonjour,\nPour la compta de février.\nYann\n\n---------- Forwarded message ---------\n"
          "De : Distribution Boissons <factures@boissons.example>\nDate: mer. 11 févr. 2032 à 06:30\n"
          "Subject: Votre facture FA-2032-00457\nTo: <yann@repaire.example>\n\n\nBonjour,\n\n"
          "Veuillez trouver ci-dessous le détail de votre facture FA-2032-00457 du 10/02/2032.\n"
          "Montant TTC : 1 846,32 EUR.\n\nPour toute question sur cette facture : comptabilite@boissons.example\n"
          "Merci de ne pas répondre à ce message.\n")


def test_a_suppliers_invoice_notice_passed_on_designates_nothing():
    reply = understand(mail(NOTICE, sender="Yann Berthou <yann@repaire.example>",
                            subject="Fwd: Votre facture FA-2032-00457"), FIRM)
    assert (reply.intent, reply.addresses) == ("other", [])


def test_ours_to_me_at_this_address_beside_anothers_address_gives_both():
    said = ("Dear Isabelle,\n\nCould you send the château's invoices to Fiona at fiona@chateau.example, and ours "
            "(the personal file) to me at this address?\n\nMany thanks,\nSimon")
    reply = understand(mail(said, sender="Simon Hargreaves <simon@partners.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["fiona@chateau.example", "simon@partners.example"])


def test_a_manager_relaying_that_the_client_will_send_an_address_later_is_a_question():
    said = ("Sandrine,\n\nM. Teyssier (C2207, Pessac) m'a appelé ce matin au sujet du mot sur la facture. Ils n'ont pas "
            "encore d'adresse mail : leur petit-fils doit leur en créer une à Pâques, il nous l'enverra à ce "
            "moment-là.\nRien à faire pour l'instant donc.\n\nJulien")
    reply = understand(mail(said, sender="Julien Mesplede <j.mesplede@cabinet-exemple.fr>",
                            subject="Teyssier - factures mail"), FIRM)
    assert reply.intent == "question" and reply.addresses == []


# -- the round's review ----------------------------------------------------------------------------

@pytest.mark.parametrize("said", [
    "Pas celle-ci, l'autre je pense, mais je vous confirme demain.",
    "Pas celle-ci, et l'autre n'existe plus non plus : je vous donne la nouvelle dès que possible.",
])
def test_the_other_one_not_yet_chosen_designates_nothing(said):
    reply = understand(mail(f"Bonjour\n{said}\nKarine Vergez{ASKED}", sender=SENDER), FIRM)
    assert reply.addresses == [] and reply.intent != "address"


def test_ours_here_beside_anothers_address_gives_both():
    said = "Please send the château's invoices to fiona@chateau.example, and ours here.\nSimon"
    reply = understand(mail(said, sender="Simon Hargreaves <simon@partners.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["fiona@chateau.example", "simon@partners.example"])


def test_the_other_day_is_no_choice():
    reply = understand(mail(f"Bonjour\nJe vous ai appelé l'autre jour à ce sujet.\nKarine Vergez{ASKED}", sender=SENDER),
                       FIRM)
    assert reply.addresses != ["comptabilite@sci-vergez.example"]


@pytest.mark.parametrize("said", [
    "Oui mais pas celle-ci : compta@durand-btp.example",
    "Oui, mais pas sur celle-ci : compta@durand-btp.example",
])
def test_this_mailbox_set_aside_for_the_one_that_follows(said):
    reply = understand(mail(f"Bonjour,\n{said}\nJean"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])


def test_an_address_refused_by_name_stays_refused():
    reply = understand(mail("Bonjour,\nPas sur compta@durand-btp.example svp, papier.\nJean"), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])
