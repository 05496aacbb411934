"""Unit tests of reply understanding: MIME text, automatic mail, quotes, forwards, addresses, intent."""

from __future__ import annotations

import base64
from email.message import EmailMessage

import pytest

from campaign.understanding import FirmContext, understand
from campaign.understanding.addresses import find_addresses, normalise
from campaign.understanding.automatic import fold
from campaign.understanding.evidence import references, sirens
from campaign.understanding.mime import html_to_text
from campaign.understanding.quotes import split

FIRM = FirmContext(secretariat="secretariat@cabinet-exemple.fr", domains=["cabinet-exemple.fr"])
SUBJECT = "Re: Vos factures par e-mail à partir du 1er mars 2027"


def mail(body: str, *, sender: str = "Jean Durand <jean.durand@durand-btp.example>", subject: str = SUBJECT,
         headers: dict[str, str] | None = None, html: str | None = None, charset: str = "utf-8") -> bytes:
    """A reply as bytes (plain, or multipart/alternative with ``html``)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "secretariat@cabinet-exemple.fr"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 03 Nov 2026 10:12:00 +0100"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body, charset=charset)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return bytes(msg)


QUOTE_GMAIL = ("\n\nLe mar. 3 nov. 2026 à 09:00, Secrétariat Cabinet Exemple <\nsecretariat@cabinet-exemple.fr> a écrit :\n"
               "> Merci de nous indiquer l'adresse e-mail, par exemple compta@autre-client.example\n")


# -- addresses -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("compta [at] durand.fr", ["compta@durand.fr"]),
    ("compta (at) durand.fr", ["compta@durand.fr"]),
    ("compta arobase durand point fr merci", ["compta@durand.fr"]),
    ("compta @ durand . fr", ["compta@durand.fr"]),
    ("écrivez à Compta@Durand-BTP.Example. Merci", ["compta@durand-btp.example"]),
    ("a@x.test, b@y.example et c@z.fr", ["a@x.test", "b@y.example", "c@z.fr"]),
    ("look at this. See you at 10.30", []),
    ("rendez-vous at home", []),
    ("jean@@x.fr or @x.fr or jean@", []),
])
def test_find_addresses_deobfuscates_and_validates(text, expected):
    assert [f.address for f in find_addresses(text)] == expected


def test_normalise_lowercases_and_refuses_invalid():
    assert normalise("Jean.Durand@ORANGE.FR") == "jean.durand@orange.fr"
    assert normalise("jean..durand@orange.fr") == ""
    assert normalise("jean@localhost") == ""


# -- quotes and signatures -----------------------------------------------------------------

@pytest.mark.parametrize("marker", [
    "Le mar. 3 nov. 2026 à 09:00, Secrétariat <secretariat@cabinet-exemple.fr> a écrit :",
    "-----Message d'origine-----",
    "-----Original Message-----",
    "----- Mail original -----",
    "De\u00a0: Secrétariat\nEnvoyé\u00a0: mardi 3 novembre 2026 09:00\nÀ\u00a0: Jean\nObjet\u00a0: Vos factures",
    "From: Secretariat\nSent: Tuesday, November 3, 2026 9:00 AM\nTo: Jean\nSubject: invoices",
    "> Message du 03/11/26 09:00\n> De : secretariat@cabinet-exemple.fr",
    "- Le 2026-11-03 09:00, Secrétariat a écrit :",
    "On Tue, Nov 3, 2026 at 9:00 AM Secretariat <secretariat@cabinet-exemple.fr> wrote:",
])
def test_split_cuts_quoted_history_at_each_marker(marker):
    parts = split(f"Bonjour,\nOK pour moi.\n\n{marker}\n> ancien texte avec old@x.fr\n")
    assert parts.own == "Bonjour,\nOK pour moi."
    assert "old@x.fr" in parts.quoted


def test_split_separates_signature_after_closing_and_device_footer():
    parts = split("Voici : compta@x.fr\n\nCordialement,\nJean\nperso@y.fr\n")
    assert parts.own == "Voici : compta@x.fr" and "perso@y.fr" in parts.signature
    assert split("Merci\n\nEnvoyé de mon iPhone").own == "Merci"


def test_html_to_text_keeps_mailto_target_and_marks_quotes():
    text = html_to_text('<p>Factures : <a href="mailto:compta@x.fr">ici</a></p>'
                        '<div class="gmail_quote">Le ... a écrit :<blockquote>old</blockquote></div>')
    assert "compta@x.fr" in text
    assert split(text).own.startswith("Factures")
    assert "old" not in split(text).own


# -- intent --------------------------------------------------------------------------------

def test_gives_an_address_with_evidence_and_ignores_quoted_and_signature_addresses():
    r = understand(mail("Bonjour,\nMerci d'envoyer les factures à compta@durand-btp.example.\n\nCordialement,\n"
                        "Jean Durand\nperso.jean@gmail.com" + QUOTE_GMAIL), FIRM)
    assert r.intent == "address"
    assert r.addresses == ["compta@durand-btp.example"] and r.copies == []
    assert "compta@durand-btp.example" in r.evidence
    assert r.client_address == "jean.durand@durand-btp.example" and r.client_name == "Jean Durand"


def test_main_and_copies():
    r = understand(mail("Factures à compta@durand-btp.example, merci de mettre daf@durand-btp.example en copie."), FIRM)
    assert r.addresses == ["compta@durand-btp.example"] and r.copies == ["daf@durand-btp.example"]


def test_use_this_address_means_the_sender():
    r = understand(mail("Bonjour, vous pouvez utiliser cette adresse." + QUOTE_GMAIL), FIRM)
    assert r.intent == "address" and r.addresses == ["jean.durand@durand-btp.example"]


def test_refusal_and_its_negation():
    r = understand(mail("Je préfère recevoir mes factures par courrier."), FIRM)
    assert r.intent == "refusal" and "courrier" in r.evidence and r.addresses == []
    assert understand(mail("Je ne veux plus de papier, d'accord pour ce mail."), FIRM).intent == "address"


def test_question_and_human_away_message():
    assert understand(mail("Est-ce obligatoire de passer par e-mail ?"), FIRM).intent == "question"
    r = understand(mail("Je suis en déplacement, je vous rappelle à mon retour."), FIRM)
    assert r.intent == "question"


@pytest.mark.parametrize("body", [
    "Votre facture est disponible dans votre espace. Contactez-nous : service@shop.example",
    "Pour toute question sur les factures : accueil@durand-btp.example",
    "Faut-il vous donner compta@durand-btp.example ou plutôt la mienne ?",
    "Je ne suis pas la bonne personne pour les factures, voyez avec paul@durand-btp.example",
])
def test_contact_lines_and_questions_are_not_designations(body):
    assert understand(mail(body), FIRM).addresses == []


def test_copying_me_puts_the_sender_in_copy():
    r = understand(mail("Please send invoices to ap@durand-btp.example, cc'ing me."), FIRM)
    assert r.addresses == ["ap@durand-btp.example"] and r.copies == ["jean.durand@durand-btp.example"]


def test_firm_addresses_are_never_candidates():
    r = understand(mail("Envoyez les factures à secretariat@cabinet-exemple.fr ou c.dubois@cabinet-exemple.fr"), FIRM)
    assert r.addresses == [] and r.copies == []


def test_old_address_is_not_taken():
    r = understand(mail("Nouvelle adresse pour les factures : new@durand-btp.example, "
                        "ne plus utiliser old@durand-btp.example."), FIRM)
    assert r.addresses == ["new@durand-btp.example"]


def test_references_and_sirens():
    assert references("Client C0123, réf c4567", r"\b[Cc]\d{4,6}\b") == ["C0123", "C4567"]
    assert sirens("SIREN 732 829 320, SIRET 73282932000074, faux 123456789") == ["732829320"]
    # a French VAT number carries the SIREN; its key must agree with it
    assert sirens("N° TVA intracommunautaire : FR44732829320") == ["732829320"]
    assert sirens("TVA FR00123456789") == []


@pytest.mark.parametrize("text", ["Vous pouvez envoyer les factures du magasin ici.",
                                  "C'est bien l'adresse à utiliser pour la société."])
def test_more_ways_to_confirm_the_sender_address(text):
    r = understand(mail(text), FIRM)
    assert r.intent == "address" and r.addresses == ["jean.durand@durand-btp.example"]


def test_postal_address_is_flagged_not_taken():
    r = understand(mail("Notre adresse de facturation : 12 rue des Lilas, 69003 Lyon."), FIRM)
    assert "postal_address" in r.flags and r.addresses == []


# -- automatic mail ------------------------------------------------------------------------

@pytest.mark.parametrize("headers, subject, expected", [
    ({"Auto-Submitted": "auto-replied"}, SUBJECT, "autoreply"),
    ({"X-Autoreply": "yes"}, SUBJECT, "autoreply"),
    ({}, "Réponse automatique : Vos factures", "autoreply"),
    ({}, "Absent(e) du bureau", "autoreply"),
    ({}, "Automatic reply: invoices", "autoreply"),
    ({}, "Non remis : Vos factures", "bounce"),
    ({}, "Undeliverable: invoices", "bounce"),
    ({"List-Id": "<news.example>"}, "Notre lettre", "other"),
    ({"Precedence": "bulk"}, "Promo", "other"),
    ({"X-Auto-Response-Suppress": "All"}, SUBJECT, "address"),  # a request not to auto-reply, not a marker
])
def test_automatic_mail_by_headers_then_subject(headers, subject, expected):
    r = understand(mail("D'accord, envoyez-les à compta@durand-btp.example pour les factures.",
                        subject=subject, headers=headers), FIRM)
    assert r.intent == expected
    if expected in ("bounce", "other"):
        assert r.addresses == []


def test_out_of_office_body_without_headers_and_flagged_invoice_address():
    r = understand(mail("Je suis absente du bureau jusqu'au 15 novembre. Pour toute urgence, contactez l'accueil."), FIRM)
    assert r.intent == "autoreply" and r.addresses == []
    r = understand(mail("Je suis absent. Pour toute urgence, contactez accueil@durand-btp.example.",
                        headers={"Auto-Submitted": "auto-replied"}), FIRM)
    assert (r.intent, r.addresses, r.flags) == ("autoreply", [], [])  # nothing about invoices: nothing to review
    r = understand(mail("Je suis absent. Pour les factures : compta@durand-btp.example\nPour le reste : accueil@durand-btp.example",
                        headers={"Auto-Submitted": "auto-replied"}), FIRM)
    assert r.intent == "autoreply" and "autoreply_with_address" in r.flags
    assert r.addresses == [] and r.context["mentioned"] == ["compta@durand-btp.example"]  # a suggestion, not an answer


def test_delivery_status_report_is_a_bounce_without_addresses():
    msg = EmailMessage()
    msg["From"] = "MAILER-DAEMON@mx.example"
    msg["Subject"] = "Returned mail"
    msg.set_content("The mail to compta@durand-btp.example could not be delivered: please use factures@x.example")
    msg.make_mixed()
    msg.replace_header("Content-Type", 'multipart/report; report-type=delivery-status; boundary="b"')
    r = understand(bytes(msg), FIRM)
    assert r.intent == "bounce" and r.addresses == [] and r.copies == []


# -- forwards and encodings ----------------------------------------------------------------

def test_inline_forward_by_the_manager_names_the_client():
    body = ("Pour info.\n\n-------- Message transféré --------\nSujet : Re: Vos factures\n"
            "Date : Tue, 3 Nov 2026 10:00\nDe : Marie Client <marie@client.example>\n"
            "Pour : c.dubois@cabinet-exemple.fr\n\nBonjour, merci d'envoyer les factures à compta@client.example.\n")
    r = understand(mail(body, sender="Claire Dubois <c.dubois@cabinet-exemple.fr>", subject="TR: Re: Vos factures"), FIRM)
    assert r.intent == "address" and r.addresses == ["compta@client.example"]
    assert r.client_address == "marie@client.example" and r.forwarded_by == "c.dubois@cabinet-exemple.fr"


def test_attached_forward_names_the_client():
    inner = EmailMessage()
    inner["From"] = "Marie Client <marie@client.example>"
    inner["Subject"] = SUBJECT
    inner.set_content("Vous pouvez utiliser cette adresse pour les factures.")
    outer = EmailMessage()
    outer["From"] = "c.dubois@cabinet-exemple.fr"
    outer["Subject"] = "TR: " + SUBJECT
    outer.set_content("Voir la réponse ci-jointe.")
    outer.add_attachment(inner)
    r = understand(bytes(outer), FIRM)
    assert r.client_address == "marie@client.example" and r.forwarded_by == "c.dubois@cabinet-exemple.fr"
    assert r.intent == "address" and r.addresses == ["marie@client.example"]


def test_mislabelled_charset_html_only_and_rfc2047_name():
    body = "Vous pouvez envoyer nos factures à compta@durand-btp.example. Très cordialement"
    raw = (b"From: =?iso-8859-1?q?J=E9r=F4me_Durand?= <j@durand-btp.example>\r\nTo: s@cabinet-exemple.fr\r\n"
           b"Subject: =?utf-8?b?" + base64.b64encode(SUBJECT.encode()) + b"?=\r\n"
           b"Content-Type: text/html; charset=us-ascii\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>"
           + body.encode("cp1252") + b"</p>\r\n")
    r = understand(raw, FIRM)
    assert r.client_name == "Jérôme Durand"
    assert r.intent == "address" and r.addresses == ["compta@durand-btp.example"]


def test_fold_keeps_positions():
    text = "Réponse AUTOMATIQUE\u00a0: l’été"
    assert len(fold(text)) == len(text) and fold(text) == "reponse automatique : l'ete"


def test_company_and_person_from_the_signature():
    r = understand(mail("OK pour cette adresse.\n\nCordialement,\nJean Durand\nDurand BTP SARL\nTél. 01 02 03 04 05",
                        sender="jean.durand@durand-btp.example"), FIRM)
    assert r.company == "Durand BTP SARL" and r.client_name == "Jean Durand"
