"""Understanding: addresses the client points at instead of writing them (issue 11).

Headers (Cc, the To of the firm's quoted message), the firm's quoted question ("la première",
"oui celle-là"), the signature ("celle du service comptable ci-dessous"), a manager relaying a
phone call or correcting a forwarded typo, a double forward, and addresses present that are not
answers. Every message here is synthetic.
"""

from __future__ import annotations

import pytest

from campaign.matching.words import resolution_text
from campaign.understanding import FirmContext, understand
from tests.test_understanding_units import mail as units_mail

FIRM = FirmContext(secretariat="secretariat@cabinet-exemple.fr", domains=["cabinet-exemple.fr"], name="Cabinet Exemple")
CLIENT = "Marie Caradec <marie.caradec@orange.fr>"


def mail(body: str, *, sender: str = CLIENT, subject: str = "RE: Vos factures par e-mail",
         headers: dict[str, str] | None = None) -> bytes:
    return units_mail(body, sender=sender, subject=subject, headers=headers)


def firm_question(text: str, to: str = "contact@caradec-immo.example") -> str:
    """The firm's message quoted below a reply, Outlook style (its To shown)."""
    return ("\n\nDe : Secrétariat Cabinet Exemple <secretariat@cabinet-exemple.fr>\n"
            "Envoyé : lundi 2 novembre 2026 09:00\n"
            f"À : {to}\n"
            "Objet : Vos factures par e-mail\n\n"
            f"{text}\n\nCordialement,\nLe secrétariat\n")


TWO = firm_question("Bonjour, souhaitez-vous recevoir les factures à compta@caradec-immo.example ou à "
                    "m.caradec@caradec-immo.example ?")
ONE = firm_question("Bonjour, pouvons-nous utiliser l'adresse gestion@caradec-immo.example que nous avons dans "
                    "notre fichier ?")


def test_the_first_and_the_second_choose_among_the_firms_proposals():
    first = understand(mail("La première, merci." + TWO), FIRM)
    second = understand(mail("Plutôt la seconde svp" + TWO), FIRM)
    assert (first.intent, first.addresses) == ("address", ["compta@caradec-immo.example"])
    assert second.addresses == ["m.caradec@caradec-immo.example"]
    assert "resolved_reference" in first.flags
    assert first.context["resolved"]["kind"] == "proposed"
    said = resolution_text(first.context["resolved"], "fr")
    assert "la premiere" in said and "compta@caradec-immo.example" in said and "message du cabinet" in said
    assert first.context["proposed"] == ["compta@caradec-immo.example", "m.caradec@caradec-immo.example"]


def test_a_yes_approves_the_one_address_the_firm_proposed_not_the_sender():
    r = understand(mail("Oui c'est parfait, merci." + ONE), FIRM)
    assert (r.intent, r.addresses) == ("address", ["gestion@caradec-immo.example"])
    # the same yes, pointing at this mailbox, is the sender's address
    mine = understand(mail("Non, utilisez plutôt l'adresse de ce mail." + ONE), FIRM)
    assert mine.addresses == ["marie.caradec@orange.fr"]


def test_an_example_in_the_firms_message_is_not_a_proposal():
    r = understand(mail("Oui, vous pouvez utiliser cette adresse." +
                        firm_question("Indiquez-nous une adresse, par exemple compta@votre-societe.example.")), FIRM)
    assert r.addresses == ["marie.caradec@orange.fr"]


def test_the_address_you_wrote_to_is_the_to_of_the_firms_quoted_message():
    r = understand(mail("Gardez l'adresse à laquelle vous m'avez écrit, c'est très bien." +
                        firm_question("Bonjour, votre adresse e-mail pour les factures ?",
                                      to="direction@caradec-immo.example")), FIRM)
    assert (r.intent, r.addresses) == ("address", ["direction@caradec-immo.example"])


def test_a_copy_named_only_in_the_cc_header():
    r = understand(mail("D'accord pour l'envoi par mail, mon mari est en copie pour les recevoir aussi.",
                        headers={"Cc": "Yann Caradec <yann.caradec@gmail.com>"}), FIRM)
    assert (r.intent, r.addresses, r.copies) == ("address", ["marie.caradec@orange.fr"], ["yann.caradec@gmail.com"])
    assert r.context["cc"] == ["yann.caradec@gmail.com"]


def test_the_signature_address_the_text_points_at():
    body = ("Bonjour, pour les factures utilisez celle du service comptable ci-dessous.\n\nCordialement\n"
            "Marie Caradec\nDirection : direction@caradec-immo.example\nComptabilité : compta@caradec-immo.example\n"
            "Commercial : ventes@caradec-immo.example\n")
    r = understand(mail(body), FIRM)
    assert (r.intent, r.addresses) == ("address", ["compta@caradec-immo.example"])


def test_a_manager_relaying_a_phone_call_in_her_own_words():
    r = understand(mail("Mme Caradec m'a appelée ce matin : elle souhaite recevoir ses factures sur "
                        "compta@caradec-immo.example. Merci de mettre à jour.",
                        sender="Claire Fontaine <c.fontaine@cabinet-exemple.fr>", subject="Caradec"), FIRM)
    assert (r.intent, r.addresses) == ("address", ["compta@caradec-immo.example"])
    assert r.context["relayed_by"] == "c.fontaine@cabinet-exemple.fr" and "relayed_by_firm" in r.flags
    plain = understand(mail("Réunion jeudi à 10 h.", sender="c.fontaine@cabinet-exemple.fr"), FIRM)
    assert plain.intent == "other" and "from_firm" in plain.flags


@pytest.mark.parametrize("body, corrected, client", [
    ("Attention, erreur dans son adresse, la bonne adresse est compta@caradec-immo.example\n\n"
     "-------- Message transféré --------\nDe : Marie Caradec <marie.caradec@orange.fr>\n"
     "Date : 2 nov. 2026\nObjet : factures\n\n"
     "Envoyez les factures à compta@caradec-imo.example merci\n", "compta@caradec-immo.example", "marie.caradec@orange.fr"),
    # round 6: the top-level domain mistyped, "au lieu de" and "l'adresse à enregistrer"
    ("Réponse de M. Gruchet ci-dessous, mais il a tapé « .rf » au lieu de « .fr » : l'adresse à enregistrer "
     "est contact@elagage-gruchet.fr\n\nClaire\n\n-------- Message transféré --------\nSujet : factures\n"
     "De : Didier Gruchet <dgruchet@free.example>\nPour : Claire <c.duval@cabinet-exemple.fr>\n\n"
     "Bonjour,\nvous pouvez envoyer les factures de l'entreprise à contact@elagage-gruchet.rf\n",
     "contact@elagage-gruchet.fr", "dgruchet@free.example"),
])
def test_a_manager_correcting_the_clients_typo_in_a_forward(body, corrected, client):
    r = understand(mail(body, sender="c.fontaine@cabinet-exemple.fr", subject="TR: factures"), FIRM)
    assert (r.intent, r.addresses) == ("address", [corrected])
    assert r.client_address == client and "corrected_by_firm" in r.flags


def test_a_double_forward_credits_the_innermost_sender():
    body = ("Pour info\n\n---------- Forwarded message ---------\nDe : Paul Assistant <paul@caradec-immo.example>\n"
            "Date : 2 nov. 2026\nObjet : TR: factures\n\n"
            "---------- Forwarded message ---------\nDe : Marie Caradec <marie.caradec@orange.fr>\n"
            "Date : 1 nov. 2026\nObjet : factures\n\n"
            "Vous pouvez utiliser l'adresse de ce mail pour les factures.\n")
    r = understand(mail(body, sender="c.fontaine@cabinet-exemple.fr", subject="TR: TR: factures"), FIRM)
    assert (r.intent, r.addresses, r.client_address) == ("address", ["marie.caradec@orange.fr"],
                                                         "marie.caradec@orange.fr")


def test_addresses_present_that_are_not_answers():
    refusal = understand(mail("Ne m'envoyez rien sur marie.caradec@orange.fr, je préfère le papier."), FIRM)
    assert (refusal.intent, refusal.addresses) == ("refusal", [])
    form = understand(mail("Adresse factures : compta@caradec-immo.example\n"
                           "Adresse commandes : achats@caradec-immo.example (pas pour les factures)"), FIRM)
    assert form.addresses == ["compta@caradec-immo.example"] and not form.copies
    away = understand(mail("Je suis absente du bureau jusqu'au 12 novembre. Pour la comptabilité : "
                           "compta@caradec-immo.example", subject="Absence"), FIRM)
    assert away.intent == "autoreply"


def test_a_no_reply_sender_that_designates_an_address_is_read():
    r = understand(mail("Merci d'envoyer nos factures à factures@compta.caradec-immo.example",
                        sender="noreply@caradec-immo.example"), FIRM)
    assert (r.intent, r.addresses) == ("address", ["factures@compta.caradec-immo.example"])
    bulk = understand(mail("Découvrez nos offres : promo@caradec-immo.example", sender="noreply@caradec-immo.example",
                           subject="Nos offres de décembre"), FIRM)
    assert bulk.intent == "other" and not bulk.addresses


def test_what_a_review_found_stays_fixed():
    footer = firm_question("Pouvez-vous nous indiquer votre adresse e-mail ?").replace(
        "Le secrétariat\n", "Le secrétariat\nProtection des données : dpo@rgpd-conseil.example\n")
    ok = understand(mail("Oui c'est ok pour moi." + footer), FIRM)
    assert ok.addresses == ["marie.caradec@orange.fr"] and "proposed" not in ok.context  # a footer proposes nothing
    gone = understand(mail("Non, n'écrivez plus à l'adresse à laquelle vous m'avez écrit, elle ne marche plus." +
                           firm_question("Votre adresse ?", to="old@caradec-immo.example")), FIRM)
    assert "old@caradec-immo.example" not in gone.addresses
    for body in ("Non.", "papier svp", "Je ne sais pas."):
        qr = understand(mail(body, subject="Adresse e-mail pour les factures - ref. C1234"), FIRM)
        assert qr.addresses == [], body
    human = understand(mail("Suite à votre message automatique, voici mon adresse pour les factures : "
                            "compta@caradec-immo.example"), FIRM)
    assert (human.intent, human.addresses) == ("address", ["compta@caradec-immo.example"])
