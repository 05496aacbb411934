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
