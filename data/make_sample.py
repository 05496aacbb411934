"""Regenerate the bundled sample data (python data/make_sample.py): every file is synthetic.

- ``clients.csv``: the firm's export as French Windows software writes it: Windows-1252, ';',
  CRLF. Two rows carry deliberate mistakes (a SIREN typo, a malformed e-mail) so the demo shows
  warnings.
- ``invoices/*.pdf``: printed invoices for some of those clients (the demo stamps the memo on them).
- ``replies/*.eml``: replies to the memo as they reach the secretariat: addresses confirmed or
  given, a refusal, a forward by an engagement manager, an out-of-office, a reply from webmail
  that only a person can attribute, a forged sender (DMARC fail), a stranger.
"""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
import datetime as dt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from campaign.synthetic import make_clients, write_csv  # noqa: E402

FIRM = "cabinet-exemple.fr"
SECRETARIAT = f"secretariat@{FIRM}"
SUBJECT = "Re: Vos factures par e-mail à partir du 1er mars 2027"

# (file, sender, display name, subject or None, body, DMARC verdict or None, forwarded by)
REPLIES = [
    ("01-confirme", "contact@henry-pharmacie-fils.example", "Pharmacie Henry", None,
     "Bonjour,\n\nC'est bien cette adresse pour nos factures.\n\nCordialement,\nPaul Henry\nSELARL Henry Pharmacie & Fils",
     "pass", ""),
    ("02-qr-code", "gerant.girard@gmail.com", "Marc Girard", "Adresse e-mail de facturation - C0005",
     "Bonjour,\nMerci d'envoyer nos factures à compta@girard-batiment-freres.example\nMarc Girard", "pass", ""),
    ("03-nouvelle-adresse", "assistante@denis-restauration.example", "Julie Morel", None,
     "Bonjour,\nVous pouvez envoyer les factures à factures@denis-restauration.example, avec copie à "
     "assistante@denis-restauration.example.\nBien à vous,\nJulie Morel\nDenis Restauration EURL", "pass", ""),
    ("04-courrier", "sophie.gautier36@sfr.fr", "Sophie Gautier", None,
     "Bonjour,\nJe préfère continuer à recevoir mes factures par courrier.\nSophie Gautier", None, ""),
    ("05-siren", "m.muller@gmail.com", "M. Muller", None,
     "Bonjour,\nPour la société Muller Menuiserie (SIREN 677 932 527), envoyez les factures à m.muller@gmail.com\n"
     "Merci", "pass", ""),
    ("06-code-client", "laurent.chevalier57@orange.fr", "Laurent Chevalier", None,
     "Bonjour, notre code client est C0025. Vous pouvez utiliser l'adresse de ce mail.\nDr Chevalier", None, ""),
    ("07-deux-societes", "comptabilite@laurent-transports.example", "Service comptable", None,
     "Bonjour,\nPour Laurent Transports (C0027) et Laurent Paysage (C0036), merci d'envoyer les factures à "
     "comptabilite@laurent-transports.example\nCordialement", "pass", ""),
    ("08-webmail-nom", "boulangerie.blanc@laposte.net", "Blanc Boulangerie", None,
     "Bonjour,\nVous pouvez nous envoyer les factures à boulangerie.blanc@laposte.net\nMerci", "pass", ""),
    ("09-absence", "direction@joly-paysage.example", "Joly Paysage", "Réponse automatique : absent du bureau",
     "Je suis absent jusqu'au 15 décembre. Pour toute urgence, contactez accueil@joly-paysage.example.", "pass", ""),
    ("10-usurpation", "factures@thomas-immobilier.example", "Thomas Immobilier", None,
     "Bonjour,\nNouvelle adresse pour les factures : paiement.thomas@gmx.fr\nMerci", "fail", ""),
    ("11-transfert", "c.fontaine@" + FIRM, "Claire Fontaine", "TR: factures par mail",
     "", "pass", "comptabilite@dupont-imprimerie.example"),
    ("12-inconnu", "prospect@nouvelle-societe.example", "Nouvelle Société", None,
     "Bonjour,\nEnvoyez nos factures à compta@nouvelle-societe.example\nCordialement", "pass", ""),
    ("13-simon-optique", "compta@simon-optique.example", "Simon Optique", None,
     "Bonjour,\nC'est bien cette adresse.\nSimon Optique SAS", "pass", ""),
    ("14-refus-sci", "nathalie.dupont82@laposte.net", "Nathalie Dupont", None,
     "Bonjour,\nPour la SCI Les Vignes Dupont je ne souhaite pas recevoir les factures par mail, merci de "
     "continuer par la poste.\nN. Dupont", None, ""),
]


def reply(index: int, name: str, sender: str, display: str, subject: str | None, body: str, dmarc: str | None,
          original: str) -> bytes:
    """One reply as the secretariat's server stores it."""
    msg = EmailMessage()
    domain = sender.rsplit("@", 1)[1]
    if dmarc:
        msg["Authentication-Results"] = (f"mx.{FIRM}; spf={'pass' if dmarc == 'pass' else 'fail'} "
                                         f"smtp.mailfrom={domain}; dkim={dmarc} header.d={domain}; "
                                         f"dmarc={dmarc} header.from={domain}")
    msg["From"] = f"{display} <{sender}>"
    msg["To"] = SECRETARIAT
    msg["Subject"] = subject or SUBJECT
    msg["Date"] = format_datetime(dt.datetime(2026, 11, 2 + index, 9, 30, tzinfo=dt.timezone.utc))
    msg["Message-ID"] = f"<{name}.{index}@sample.example>"
    if name.startswith("09"):
        msg["Auto-Submitted"] = "auto-replied"
    if original:
        body = ("Bonjour, je vous transfère la réponse du client.\nClaire\n\n"
                "-------- Message transféré --------\n"
                f"De : Service comptable <{original}>\n"
                "Date : lun. 9 nov. 2026 à 10:12\n"
                f"À : {sender}\n"
                "Objet : Re: factures par mail\n\n"
                "Bonjour,\nVous pouvez envoyer nos factures à comptabilite@dupont-imprimerie.example\n"
                "Dupont Imprimerie SAS\n")
    msg.set_content(body)
    return bytes(msg)


def main() -> None:
    clients = make_clients(60, seed=2027)
    clients[6].siret = clients[6].siret.replace(" ", "")[:-1] + str((int(clients[6].siret[-1]) + 1) % 10)
    clients[11].email = "compta.durand@@example"
    write_csv(HERE / "clients.csv", clients)

    replies = HERE / "replies"
    replies.mkdir(exist_ok=True)
    for index, (name, sender, display, subject, body, dmarc, original) in enumerate(REPLIES):
        (replies / f"{name}.eml").write_bytes(reply(index, name, sender, display, subject, body, dmarc, original))

    from tests.pdf_factory import InvoiceSpec, invoice_pdf  # only needed to regenerate the PDFs

    invoices = HERE / "invoices"
    invoices.mkdir(exist_ok=True)
    batch = [InvoiceSpec(f"F2026-{n:04d}", client.code, layout=("roomy", "partial", "full")[n % 3])
             for n, client in enumerate(clients[:12], 1)]
    (invoices / "factures-novembre.pdf").write_bytes(invoice_pdf(batch))
    (invoices / "facture-C0030.pdf").write_bytes(invoice_pdf([InvoiceSpec("F2026-0100", "C0030", pages=2)]))


if __name__ == "__main__":
    main()
