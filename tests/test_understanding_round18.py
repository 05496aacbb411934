"""Round 18 of issue 11 (review cases, synthetic names): the post set aside before an address ("plutôt que le
courrier, utilisez x@", "je n'utilise plus la poste") does not make that address an old one."""

from __future__ import annotations

import pytest

from campaign.understanding import understand
from tests.test_understanding_units import FIRM, mail

ADDRESS = "contact@durand-btp.example"


@pytest.mark.parametrize("said", [
    f"plutôt que le courrier, utilisez {ADDRESS}",
    f"Je n'utilise plus la poste, veuillez utiliser {ADDRESS}",
    f"N'utilisez plus la poste, envoyez à {ADDRESS}",
    f"Au lieu de la poste, envoyez les factures à {ADDRESS}",
    f"Cessez le papier, tout sur {ADDRESS} svp",
])
def test_the_post_set_aside_before_an_address_hands_it_over(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", [ADDRESS])


@pytest.mark.parametrize("said", [
    f"Plutôt que {ADDRESS}, utilisez factures@durand-btp.example",
    f"N'utilisez plus {ADDRESS}, envoyez à factures@durand-btp.example",
])
def test_a_mailbox_set_aside_is_still_the_old_one(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["factures@durand-btp.example"])


def test_another_documents_words_in_the_sentence_before_leave_paper_for_the_invoices():
    body = ("Bonjour,\nSurtout ne m'envoyez rien sur patrick.renaud.21@orange.fr, je ne regarde jamais cette boite, "
            "c'est mon petit-fils qui me l'a créée pour les impôts.\nJe préfère continuer à recevoir mes factures par "
            "courrier à la maison.\nSalutations")
    assert understand(mail(body, sender="patrick.renaud.21@orange.fr"), FIRM).intent == "refusal"


def test_paper_for_official_letters_beside_an_address_is_no_refusal():
    body = ("Bonjour,\nVous pouvez utiliser compta@durand-btp.example pour les factures. Par contre pour les courriers "
            "officiels (impôts, etc.) je préfère toujours le papier.\nCordialement")
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])


@pytest.mark.parametrize("said", [
    "Plutôt que le courrier ou jean@orange.fr, utilisez factures@durand-btp.example",
    "Au lieu de la poste et de jean@orange.fr, envoyez à factures@durand-btp.example",
    "Plutôt que le papier ou l'adresse jean@orange.fr, utilisez factures@durand-btp.example.",
    "Plutôt que mon courrier habituel jean@orange.fr, utilisez factures@durand-btp.example",
])
def test_a_mailbox_set_aside_with_the_post_stays_set_aside(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["factures@durand-btp.example"])


def test_the_post_and_an_old_mailbox_refused_hand_nothing_over():
    reply = understand(mail("Bonjour,\nJe n'utilise plus la poste ni mon ancienne adresse jean@orange.fr.\nCordialement"),
                       FIRM)
    assert reply.addresses == []


@pytest.mark.parametrize("said", [
    "Plutôt que le courrier, utilisez compta@durand-btp.example pour les relances ; les factures restent en papier.",
    "Au lieu de la poste, envoyez les relevés à compta@durand-btp.example. Les factures, je les veux par courrier.",
    "N'utilisez plus la poste pour mes bulletins, envoyez-les à compta@durand-btp.example. Factures : papier.",
])
def test_the_post_set_aside_for_other_mail_beside_paper_invoices_is_a_refusal(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement"), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])


@pytest.mark.parametrize("said", [
    "Pour les impôts, on m'a imposé le numérique. Je préfère le papier pour ces documents-là.",
    "Pour les impôts j'ai une adresse mail. Je préfère quand même le papier pour ça.",
])
def test_paper_for_the_document_of_the_sentence_before_is_no_refusal(said):
    assert understand(mail(f"Bonjour,\n{said}\nCordialement"), FIRM).intent != "refusal"


def test_a_german_reply_retiring_a_mailbox_after_naming_it():
    body = ("Sehr geehrte Damen und Herren,\nbitte senden Sie Ihre Rechnungen ausschließlich an unsere Buchhaltung: "
            "buchhaltung@luxtrans.example\n\nDie Adresse office@luxtrans.example bitte nicht mehr für Rechnungen "
            "verwenden.\nMit freundlichen Grüßen")
    reply = understand(mail(body, sender="office@luxtrans.example"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["buchhaltung@luxtrans.example"])


def test_not_to_this_address_in_german_is_no_yes_to_the_sender():
    for given in (" petra.wagner[at]web.example", "\n\npetra.wagner[at]web.example\n"):  # (alone on its line too)
        body = ("Sehr geehrte Damen und Herren,\nbitte schicken Sie die Rechnungen nicht an diese Adresse, sondern an meine "
                f"eigene:{given}\nMit freundlichen Grüßen")
        reply = understand(mail(body, sender="j.wagner@web.example"), FIRM)
        assert (reply.intent, reply.addresses) == ("address", ["petra.wagner@web.example"]), given


def test_the_shared_mailbox_written_from_is_the_one_meant():
    body = ("Bonjour,\nvous pouvez utiliser l'adresse depuis laquelle je vous écris. C'est la boîte générale de la "
            "clinique, alors que ma boîte à moi déborde en permanence.\nDr Julia Roeder")
    reply = understand(mail(body, sender="Clinique des Prés <accueil@clinique-des-pres.example>",
                            headers={"Sender": "Dr Julia Roeder <j.roeder@clinique-des-pres.example>"}), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["accueil@clinique-des-pres.example"])
