"""Round 21 of issue 11: the writer's own yes beside a relative's paper ("Oui pour moi. Ma mère préfère le
papier") gives the writer's address; the paper stays the relative's, and a refusal of the writer's own stays one; "pourriez-vous
les envoyer à mon mari ? Je l'ai mis en copie" (set55) gives the husband's address in Cc."""

from __future__ import annotations

import pytest

from campaign.understanding import understand
from tests.test_understanding_units import FIRM, mail

SENDER = "Paul Collet <paul.collet@free.example>"
ASKED = ("\n\nLe lun. 7 juin 2032 à 10:02, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :\n"
         "> Bonjour,\n> Sauf erreur, nous n'avons pas reçu votre adresse e-mail pour l'envoi de vos factures."
         " Pouvez-vous nous l'indiquer en réponse à ce message ?\n> Cordialement\n")


@pytest.mark.parametrize("said", [
    "Oui pour moi. Ma mère préfère le papier.",
    "Ok pour moi par mail. Ma mère préfère garder le papier.",
    "Ok pour nous. Par contre mon père préfère continuer à recevoir ses factures par courrier.",
    "Pour nous c'est oui. Mon associé préfère le courrier pour ses factures.",
    "D'accord pour ma part. Mais ma femme veut garder le papier.",
    "Fine for me. My mother prefers to keep paper invoices.",
])
def test_the_writers_own_yes_beside_a_relatives_paper_gives_the_writers_address(said):
    reply = understand(mail(f"Bonjour\n{said}\nPaul Collet{ASKED}", sender=SENDER), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul.collet@free.example"])


@pytest.mark.parametrize("said", [
    "Pas d'accord pour moi. Ma mère préfère le papier.",
    "Ma mère préfère le papier, et moi aussi.",
    "Oui pour moi mais ma mère et moi gardons le papier.",
    "Mais je préfère le papier.",
    "Je préfère garder le papier. Ok pour ma fille par mail.",
])
def test_paper_the_writer_keeps_is_still_a_refusal(said):
    reply = understand(mail(f"Bonjour\n{said}\nPaul Collet{ASKED}", sender=SENDER), FIRM)
    assert reply.intent == "refusal"


@pytest.mark.parametrize("said", [
    "Pour nos factures (M. et Mme Collet, à Grandpré) pourriez-vous les envoyer à mon mari ? Je l'ai mis en copie de ce "
    "message, c'est lui qui s'occupe de tous les papiers de la maison.",
    "Pourriez-vous envoyer nos factures à mon mari ? Il est en copie.",
    "Pour nos factures, pouvez-vous les envoyer à mon mari ? Je l'ai mis en copie.",
])
def test_a_polite_request_to_send_to_the_husband_in_copy_gives_his_address(said):
    reply = understand(mail(f"Bonjour,\n\n{said}\n\nMerci\nSandrine Collet", sender="Sandrine Collet <s.collet@gmail.example>",
                            headers={"Cc": "Franck Collet <franck.collet@orange.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["franck.collet@orange.example"])


def test_the_husband_in_copy_for_information_is_not_handed_over():
    reply = understand(mail("Bonjour,\n\nPourriez-vous envoyer nos factures à mon mari ? Il est en copie pour information."
                            "\n\nSandrine Collet", sender="Sandrine Collet <s.collet@gmail.example>",
                            headers={"Cc": "Franck Collet <franck.collet@orange.example>"}), FIRM)
    assert reply.addresses == []


# set57's development half: a person away who answers by hand, and a bookkeeper's per-file lines


@pytest.mark.parametrize(("subject", "said"), [
    # "Absent jusqu'au …" typed as the subject by the person, over her own answer
    ("Absent jusqu'au 2 août - facture papier SVP (SE 03638)",
     "Actuellement en vacances avec un accès limité à mes mails, je vous réponds rapidement au sujet du message sur "
     "votre facture.\nJe souhaite continuer à recevoir vos factures par courrier postal à mon domicile, comme aujourd'hui."),
    ("Réf. SE 02864 - factures",
     "Je suis en congés jusqu'au 30 août (la boutique reste ouverte), mais je prends le temps de vous répondre au sujet "
     "de votre courrier.\n\nNous préférons continuer à recevoir vos factures par la poste, à l'adresse du magasin."),
])
def test_a_person_away_who_answers_by_hand_decides(subject, said):
    reply = understand(mail(f"Bonjour,\n\n{said}\n\nCordialement,\nPaul Collet", sender=SENDER, subject=subject), FIRM)
    assert reply.intent == "refusal"


def test_an_answer_to_the_robots_absence_notice_is_a_persons():
    reply = understand(mail("Bonjour,\nDe retour depuis hier. Oui vous pouvez garder cette adresse (paul.collet@free.example) "
                            "pour les factures, c'est très bien.\nCordialement\nPaul Collet",
                            sender=SENDER, subject="RE: Absent : Rappel : votre adresse e-mail pour vos factures"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["paul.collet@free.example"])


@pytest.mark.parametrize("subject", ["Absent : Rappel : votre adresse e-mail pour vos factures",
                                     "Réponse automatique : Rappel : votre adresse e-mail pour vos factures"])
def test_a_robots_absence_notice_is_still_automatic(subject):
    reply = understand(mail("Je suis absent jusqu'au 15 août. Pour une urgence : compta@collet-bois.example.",
                            sender=SENDER, subject=subject), FIRM)
    assert reply.intent == "autoreply"


def test_a_bookkeepers_lines_per_file_hand_over_their_addresses_and_her_other_files_wait():
    body = ("Bonjour,\n\nJe vous réponds pour les clients dont je tiens la comptabilité :\n\n"
            "- SARL Café des 2 Ponts (Donchery) : à nous, saisie@gestion-bechard.example\n"
            "- Garage Lemaire (Douzy) : pareil, saisie@gestion-bechard.example\n\n"
            "Pour mes autres dossiers je reviens vers vous à mon retour.\n\nSylvie Béchard")
    reply = understand(mail(body, sender="Sylvie Béchard <saisie@gestion-bechard.example>",
                            subject="Factures par mail - Café des 2 Ponts / Garage Lemaire"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["saisie@gestion-bechard.example"])
