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
