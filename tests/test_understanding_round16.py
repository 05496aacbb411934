"""Round 16 of issue 11 (set42's development half, rewritten with synthetic names): a domain corrected in words is no
address; "I only have this address" under a question decides nothing; an address dictated after "vous pouvez mettre"
is handed over."""

from __future__ import annotations

from campaign.understanding import understand
from campaign.understanding.addresses import find_addresses
from tests.test_understanding_units import FIRM, mail


def test_a_domain_corrected_in_words_is_no_address():
    text = ("Attention, petite coquille dans son message : c'est @orange.fr et pas @oragne.fr.\n"
            "Donc : gerard.astruc@orange.fr pour M. Astruc.")
    assert [f.address for f in find_addresses(text)] == ["gerard.astruc@orange.fr"]
    assert [f.address for f in find_addresses("compta @ durand.fr")] == ["compta@durand.fr"]
    assert [f.address for f in find_addresses("john.smith@gmial.com, sorry: it's @gmail.com not @gmial.com")] == \
        ["john.smith@gmail.com"]


def test_an_address_whose_domain_the_reply_corrects_is_read_corrected():
    reply = understand(mail("Mon adresse est marie.roux@oragne.fr, pardon c'est @orange.fr et pas @oragne.fr.\nMarie",
                            sender="Marie Roux <m.roux@webmail.example>"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["marie.roux@orange.fr"])


def test_i_only_have_this_address_under_a_question_decides_nothing():
    body = ("J'ai reçu votre papier avec la facture. Est-ce que c'est obligatoire de passer par internet ? je n'ai que "
            "cette adresse et c'est ma petite fille qui la regarde.\nSi c'est obligatoire je voudrais savoir si on "
            "peut mettre la sienne.\nRaymonde")
    reply = understand(mail(body, subject="question facture"), FIRM)
    assert (reply.intent, reply.addresses) == ("question", [])
    # handed over all the same
    reply = understand(mail("Je n'ai que cette adresse, vous pouvez l'utiliser pour les factures. Par contre est-ce "
                            "obligatoire pour la SCI ?"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["jean.durand@durand-btp.example"])


def test_an_address_dictated_after_vous_pouvez_mettre_is_handed_over():
    body = "Bonjour pour la boucherie Souladie à Grézels vous pouvez mettre\nboucherie.souladie arobase orange point fr"
    reply = understand(mail(body, subject="Boucherie"), FIRM)
    assert (reply.intent, reply.addresses) == ("address", ["boucherie.souladie@orange.fr"])
