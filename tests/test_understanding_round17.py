"""Round 17 of issue 11 (review cases, synthetic names): an address kept for other work (payment reminders, notices
of meetings) beside paper for the invoices is a refusal, or nothing; "utilisez le courrier papier" is a refusal."""

from __future__ import annotations

import pytest

from campaign.understanding import understand
from tests.test_understanding_units import FIRM, mail


@pytest.mark.parametrize("body", [
    "Bonjour,\nVeuillez utiliser relances@roux-btp.example pour les relances de paiement, les factures restent en "
    "papier.\nCordialement",
    "Bonjour,\nVeuillez utiliser jean.dupont arobase orange.fr pour les relances uniquement, pas pour les factures, que "
    "je veux en papier.\nCordialement",
])
def test_an_address_for_reminders_beside_paper_invoices_is_a_refusal(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("refusal", [])


def test_an_address_for_meeting_notices_is_no_invoice_address():
    reply = understand(mail("Bonjour,\nVeuillez utiliser ag@sci-roux.example pour les convocations aux assemblées.\n"
                            "Cordialement"), FIRM)
    assert (reply.intent, reply.addresses) == ("other", [])


def test_an_address_for_invoices_and_reminders_is_handed_over():
    for body in ("Bonjour,\nUtilisez compta@roux-btp.example pour les relances et les factures.\nCordialement",
                 "Bonjour,\nEnvoyez à compta@roux-btp.example pour les factures, et les relances aussi.\nCordialement"):
        reply = understand(mail(body), FIRM)
        assert (reply.intent, reply.addresses) == ("address", ["compta@roux-btp.example"]), body


def test_use_the_paper_post_is_a_refusal():
    reply = understand(mail("Bonjour,\nVeuillez utiliser le courrier papier comme avant, merci.\nCordialement"), FIRM)
    assert reply.intent == "refusal"


@pytest.mark.parametrize("body", [
    "Bonjour,\nUtilisez contact@roux-btp.example pour les relances. Les factures aussi, et non en papier.\nCordialement",
    "Bonjour,\nUtilisez contact@roux-btp.example pour les devis, et pour tout le reste aussi.\nCordialement",
    "Bonjour,\nUtilisez contact@roux-btp.example pour les relances, fini le papier.\nCordialement",
])
def test_an_address_for_reminders_and_the_rest_is_handed_over(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["contact@roux-btp.example"]), body


def test_no_need_to_use_the_post_is_no_refusal():
    reply = understand(mail("Bonjour,\nInutile d'utiliser la poste, envoyez à cette adresse.\nCordialement"), FIRM)
    assert reply.intent == "address"


@pytest.mark.parametrize("body", [
    "Bonjour,\ncontact@roux-btp.example est uniquement pour les commandes, mais vous pouvez aussi y envoyer vos "
    "factures.\nCordialement",
    "Bonjour,\ncontact@roux-btp.example est uniquement pour moi, envoyez-y les factures.\nCordialement",
    "Bonjour,\ncontact@roux-btp.example est uniquement pour les commandes clients. Pour vos factures (honoraires), "
    "c'est contact@roux-btp.example aussi.\nCordialement",
])
def test_an_address_kept_for_other_work_and_for_invoices_too_is_handed_over(body):
    reply = understand(mail(body), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["contact@roux-btp.example"]), body


def test_the_postal_address_kept_is_no_mailbox():
    body = ("Bonjour,\nPour nous vous pouvez continuer sur cette adresse postale. Par contre pour notre fils, c'est "
            "thomas.roux@webmail.example\nCordialement")
    reply = understand(mail(body), FIRM)
    assert reply.addresses == ["thomas.roux@webmail.example"]


# -- set44's development half ---------------------------------------------------------------------------------------

def test_the_firms_mailbox_seen_on_the_invoice_is_not_handed_over():
    body = ("Bonjour,\nJe profite de cette adresse (vue sur la facture) car je n'arrive pas à joindre M. Martin. "
            "Pouvez-vous lui transmettre ma question sur la CFE ?\nCatherine")
    reply = understand(mail(body, sender="Catherine <secretariat@ferrus-archi.example>"), FIRM)
    assert reply.addresses == [] and reply.intent != "address"


@pytest.mark.parametrize("body, kept", [
    ("Le fatture possono essere inviate all'indirizzo amministrazione@alpi.example.\nL'indirizzo "
     "cantiere@alpi.example è solo per il cantiere, non per le fatture.", "amministrazione@alpi.example"),
    ("L'adresse hotel.ancien@webmail.example était celle de M. Tournier, elle est fermée.\nMerci d'envoyer vos factures "
     "à contact@hotel-gentianes.example", "contact@hotel-gentianes.example"),
])
def test_an_address_for_other_work_or_closed_is_set_aside(body, kept):
    reply = understand(mail(body), FIRM)
    assert reply.addresses == [kept]


def test_our_own_address_kept_beside_a_childs_new_one():
    body = ("Pour nous (réf. DIG.1680) vous pouvez continuer sur cette adresse, c'est très bien.\nPar contre pour notre "
            "fils, il a maintenant sa propre adresse (seb.jouve@webmail.example).")
    reply = understand(mail(body, sender="Danielle Jouve <jouve.famille@webmail.example>"), FIRM)
    assert sorted(reply.addresses) == ["jouve.famille@webmail.example", "seb.jouve@webmail.example"]
