"""Round 19 of issue 11 (review cases, synthetic names): paper kept for the invoices beside an address handed over for
the reminders before it; German words that keep or leave the post and retire an address."""

from __future__ import annotations

import pytest

from campaign.understanding import understand
from tests.test_understanding_units import FIRM, mail

SENDER = "Hans Müller <hans.mueller@mueller-bau.example>"


@pytest.mark.parametrize("said", [
    "Je préfère le papier pour les factures, mais envoyez les relances à compta@durand-btp.example.",
    "Je garde le papier pour les factures ; pour les rappels et relances : compta@durand-btp.example.",
])
def test_paper_for_the_invoices_beside_an_address_for_the_reminders_is_a_refusal(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])


def test_an_address_for_the_reminders_and_the_invoices_is_still_handed_over():
    said = "Envoyez les factures et les relances à compta@durand-btp.example."
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])


@pytest.mark.parametrize("said, intent, addresses", [
    ("Bitte schicken Sie die Rechnungen nicht mehr per Post, sondern an diese Adresse.", "address",
     ["hans.mueller@mueller-bau.example"]),
    ("Die Adresse info@mueller-bau.example ist nicht mehr gültig, bitte an buchhaltung@mueller-bau.example.", "address",
     ["buchhaltung@mueller-bau.example"]),
    ("Bitte nichts an diese Adresse schicken, wir bleiben bei der Post.", "refusal", []),
    ("Wir möchten die Rechnungen weiterhin per Post erhalten.", "refusal", []),
])
def test_german_post_kept_or_left_and_an_address_retired(said, intent, addresses):
    reply = understand(mail(f"Guten Tag,\n{said}\n\nMit freundlichen Grüßen\nHans Müller", sender=SENDER), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("said", [
    "Je préfère le papier pour les factures mais envoyez les relances à relance@durand-btp.example",
    "Pour les factures je reste au papier. Par contre les devis peuvent être envoyés à devis@durand-btp.example.",
    "Nous gardons le courrier postal pour les factures, mais vous pouvez adresser vos relances à "
    "compta@durand-btp.example.",
    "Je préfère le papier pour les factures. Pour les relances, vous pouvez utiliser relance@durand-btp.example.",
    "Factures papier s'il vous plaît. Pour les relances et les devis : admin@durand-btp.example.",
    "I'd rather keep paper invoices, but reminders can go to relance@durand-btp.example.",
])
def test_paper_for_the_invoices_and_an_address_for_other_mail_in_more_words(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])


@pytest.mark.parametrize("said", [
    "Fini le papier pour les factures ! Envoyez-les à compta@durand-btp.example, et les relances aussi.",
    "Je préfère le papier pour les relances, mais envoyez les factures à compta@durand-btp.example.",
    "Merci d'envoyer les factures et les relances à compta@durand-btp.example.",
])
def test_an_address_for_the_invoices_beside_other_mail_stays_handed_over(said):
    reply = understand(mail(f"Bonjour,\n{said}\nCordialement\nJean Durand"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])


@pytest.mark.parametrize("said, intent, addresses", [
    ("Für Mahnungen bleiben wir bei der Post, Rechnungen bitte an rechnung@mueller-bau.example.", "address",
     ["rechnung@mueller-bau.example"]),
    ("Bitte nichts an diese Adresse schicken außer den Rechnungen.", "address", ["hans.mueller@mueller-bau.example"]),
    ("Bitte nicht mehr per Post, sondern an diese Mailadresse.", "address", ["hans.mueller@mueller-bau.example"]),
    ("Die Adresse info@mueller-bau.example ist nicht mehr gueltig, bitte an buchhaltung@mueller-bau.example.",
     "address", ["buchhaltung@mueller-bau.example"]),
])
def test_more_german_post_and_address_wordings(said, intent, addresses):
    reply = understand(mail(f"Guten Tag,\n{said}\n\nMit freundlichen Grüßen\nHans Müller", sender=SENDER), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


def test_a_question_about_other_work_with_a_document_brought_in_is_other():
    body = ("Bonjour,\nJ'ai reçu mon avis de CFE 2031, le montant a presque doublé. Est-ce normal ? Quelqu'un au cabinet "
            "peut-il regarder ?\nJe peux passer déposer le papier jeudi matin.\nMerci\nJulien Le Page")
    assert understand(mail(body, subject="CFE 2031"), FIRM).intent == "other"


def test_a_managers_note_above_a_forwarded_absence_note_relays_the_clients_address():
    from email.message import EmailMessage
    msg = EmailMessage()
    msg["From"] = "Thomas Bouchet <t.bouchet@cabinet-exemple.fr>"
    msg["To"] = "secretariat@cabinet-exemple.fr"
    msg["Subject"] = "TR: Réponse automatique : Passage aux factures par e-mail"
    msg["Date"] = "Mon, 16 Feb 2032 10:12:00 +0100"
    msg.set_content(
        "Nathalie,\n\nMme Jaffeux est absente jusqu'à début mars (réponse auto ci-dessous), mais elle m'avait dit au "
        "bilan de mettre compta@pharmacie-jaffeux.example pour nos factures : je vous le transmets.\n\nThomas\n\n"
        "De : Pharmacie Jaffeux <contact@pharmacie-jaffeux.example>\nEnvoyé : lundi 16 février 2032 09:12\n"
        "À : Thomas Bouchet <t.bouchet@cabinet-exemple.fr>\nObjet : Réponse automatique : Passage aux factures par "
        "e-mail\n\nBonjour,\n\nJe suis absente de l'officine jusqu'au lundi 1er mars. Pour toute question, l'équipe "
        "reste à votre disposition par mail à preparateurs@pharmacie-jaffeux.example.\n\nIsabelle Jaffeux\n")
    reply = understand(bytes(msg), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@pharmacie-jaffeux.example"])
    assert reply.client_address == "contact@pharmacie-jaffeux.example"


@pytest.mark.parametrize("body, intent, addresses", [
    ("Bonjour,\nPas de factures par mail merci.\nJean", "refusal", []),
    ("Guten Tag,\nRechnungen bitte an buchhaltung@mueller-bau.example, Mahnungen weiterhin per Post.\nH. Müller",
     "address", ["buchhaltung@mueller-bau.example"]),
    ("Guten Tag,\nNein danke, wir bleiben bei Papierrechnungen.\nH. Müller", "refusal", []),
])
def test_more_refusals_and_a_german_address_beside_reminders_by_post(body, intent, addresses):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == (intent, addresses)


@pytest.mark.parametrize("body", [
    "Merci pour votre message. Je suis actuellement hors du bureau et serai de retour le 4 janvier.",
    "Thank you for your email. I am currently on holiday and will be back on 6 January.",
    "Je suis absent(e) jusqu'au 15 janvier. En cas d'urgence : accueil@durand-btp.example",
    "Absence du 23/12 au 02/01 inclus. Pour toute demande urgente : secretariat@durand-btp.example",
    "Ich bin bis zum 6. Januar nicht im Haus. In dringenden Fällen: info@mueller-bau.example",
])
def test_absence_notes_written_as_people_set_them_are_automatic(body):
    assert understand(mail(body), FIRM).intent == "autoreply"


def test_a_person_away_who_answers_is_not_automatic():
    body = "Bonjour,\nJe suis en vacances jusqu'au 10 mais voici l'adresse pour les factures : compta@durand-btp.example\nJean"
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["compta@durand-btp.example"])
