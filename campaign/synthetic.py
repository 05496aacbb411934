"""Synthetic French client files for the demo, the tests and the benchmarks.

Every name, number and address here is made up: SIREN/SIRET numbers are random with a valid
check digit, and e-mail domains use ``.example``-style or invented names. Nothing is real data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from stdnum import luhn

from campaign.clients.importer import import_client_file
from campaign.workspace import Campaign, init_campaign

SURNAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
    "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
    "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
)
FIRST_NAMES = (
    "Marie", "Jean", "Pierre", "Sophie", "Nathalie", "Philippe", "Isabelle", "Laurent", "Céline", "Éric",
    "Sandrine", "Olivier", "Valérie", "Stéphane", "Christine", "Thierry", "Aurélie", "Nicolas", "Hélène", "Julien",
)
TRADES = (
    "Bâtiment", "Plomberie", "Menuiserie", "Boulangerie", "Transports", "Immobilier", "Conseil", "Électricité",
    "Garage", "Restauration", "Paysage", "Informatique", "Optique", "Pharmacie", "Coiffure", "Imprimerie",
)
FORMS = ("SARL", "SAS", "SASU", "EURL", "SCI", "SA", "SNC", "SELARL", "EI", "SCM", "EARL")
PROFESSIONS = ("Dr", "Maître", "")
CITIES = (
    ("75011", "Paris"), ("69003", "Lyon"), ("13006", "Marseille"), ("31000", "Toulouse"), ("33000", "Bordeaux"),
    ("44000", "Nantes"), ("59000", "Lille"), ("67000", "Strasbourg"), ("34000", "Montpellier"), ("35000", "Rennes"),
    ("01000", "Bourg-en-Bresse"), ("06000", "Nice"), ("21000", "Dijon"), ("38000", "Grenoble"), ("74000", "Annecy"),
)
STREETS = ("rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo", "place de l'Église",
           "rue des Écoles", "chemin des Vignes", "allée des Tilleuls", "rue Pasteur")
CONSUMER_DOMAINS = ("gmail.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "hotmail.fr", "yahoo.fr")
MANAGERS = (
    ("Claire Fontaine", "c.fontaine"), ("Marc Lemoine", "m.lemoine"), ("Julie Besson", "j.besson"),
    ("Hugo Marchand", "h.marchand"), ("Léa Perrot", "l.perrot"), ("Antoine Caron", "a.caron"),
)
FIRM_DOMAIN = "cabinet-exemple.fr"

FR_HEADERS = ("Code client", "Raison sociale", "Forme juridique", "SIRET", "Adresse", "CP", "Ville",
              "Téléphone", "E-mail", "Responsable de mission", "E-mail responsable")
EN_HEADERS = ("Client code", "Company name", "Legal form", "SIRET", "Address", "Postcode", "City",
              "Phone", "Email", "Engagement manager", "Manager email")


@dataclass
class SyntheticClient:
    """One made-up client, as the firm's software would export it."""

    code: str
    name: str
    legal_form: str
    siret: str
    address: str
    postcode: str
    city: str
    phone: str
    email: str
    manager: str
    manager_email: str

    def cells(self) -> list[str]:
        """The row in FR_HEADERS / EN_HEADERS order."""
        return [self.code, self.name, self.legal_form, self.siret, self.address, self.postcode, self.city,
                self.phone, self.email, self.manager, self.manager_email]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def make_siren(rng: random.Random) -> str:
    """A random 9-digit number with a valid Luhn check digit (not a real company)."""
    body = f"{rng.randrange(10**7, 10**8):08d}"
    return body + luhn.calc_check_digit(body)


def make_siret(rng: random.Random, siren: str | None = None) -> str:
    """A random SIRET with valid check digit, on ``siren`` if given."""
    body = (siren or make_siren(rng)) + f"{rng.randrange(1, 10**4):04d}"
    return body + luhn.calc_check_digit(body)


def make_clients(count: int, seed: int = 2027) -> list[SyntheticClient]:
    """``count`` varied clients: companies, SCIs, liberal professions, individuals."""
    rng = random.Random(seed)
    clients = []
    for number in range(1, count + 1):
        surname = rng.choice(SURNAMES)
        kind = rng.random()
        if kind < 0.6:
            form = rng.choice(FORMS[:4] + FORMS[5:8])
            name = f"{surname} {rng.choice(TRADES)}"
            if rng.random() < 0.2:
                name += f" {rng.choice(('& Fils', 'Frères', 'et Associés'))}"
            siret = make_siret(rng)
            domain = f"{_slug(name)}.example"
        elif kind < 0.75:
            form = "SCI"
            name = f"SCI {rng.choice(('du Moulin', 'du Parc', 'Les Tilleuls', 'Les Vignes', 'du Port'))} {surname}"
            siret = make_siret(rng)
            domain = rng.choice(CONSUMER_DOMAINS)
        elif kind < 0.9:
            form = rng.choice(("SELARL", "EI", "SCM"))
            title = rng.choice(PROFESSIONS)
            name = f"{title} {surname} {rng.choice(FIRST_NAMES)}".strip()
            siret = make_siret(rng)
            domain = rng.choice(CONSUMER_DOMAINS)
        else:
            form = ""
            name = f"{surname.upper()} {rng.choice(FIRST_NAMES)}"
            siret = ""
            domain = rng.choice(CONSUMER_DOMAINS)
        if domain.endswith(".example"):
            local = rng.choice(("contact", "compta", "comptabilite", _slug(surname), "direction", "factures"))
        else:  # a made-up personal mailbox at an ISP or webmail
            local = f"{_slug(rng.choice(FIRST_NAMES))}.{_slug(surname)}{rng.randrange(10, 99)}"
        email = f"{local}@{domain}" if rng.random() < 0.7 else ""
        postcode, city = rng.choice(CITIES)
        manager, handle = rng.choice(MANAGERS)
        clients.append(SyntheticClient(
            code=f"C{number:05d}" if count >= 10000 else f"C{number:04d}",
            name=name,
            legal_form=form,
            siret=" ".join((siret[:3], siret[3:6], siret[6:9], siret[9:])) if siret and rng.random() < 0.5 else siret,
            address=f"{rng.randrange(1, 120)} {rng.choice(STREETS)}",
            postcode=postcode,
            city=city,
            phone=f"0{rng.randrange(1, 6)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            email=email,
            manager=manager,
            manager_email=f"{handle}@{FIRM_DOMAIN}",
        ))
    return clients


def to_csv(clients: list[SyntheticClient], *, headers: tuple[str, ...] = FR_HEADERS, separator: str = ";") -> str:
    """The clients as CSV text with CRLF line ends, as Windows software writes it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(headers)
    for client in clients:
        writer.writerow(client.cells())
    return buffer.getvalue()


def write_csv(path: Path, clients: list[SyntheticClient], *, encoding: str = "cp1252",
              headers: tuple[str, ...] = FR_HEADERS, separator: str = ";") -> Path:
    """Write a client export the way French Windows software does (cp1252, ';', CRLF)."""
    Path(path).write_bytes(to_csv(clients, headers=headers, separator=separator).encode(encoding))
    return Path(path)


def write_xlsx(path: Path, clients: list[SyntheticClient], *, headers: tuple[str, ...] = EN_HEADERS,
               sheet: str = "Clients") -> Path:
    """Write the clients as a one-sheet workbook."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for client in clients:
        ws.append(client.cells())
    book.save(path)
    return Path(path)


def campaign_with_clients(folder: Path, clients: list[SyntheticClient], *, encoding: str = "cp1252") -> Campaign:
    """A throw-away campaign in ``folder/campaign`` with ``clients`` imported from ``folder/clients.csv``."""
    campaign = init_campaign(Path(folder) / "campaign", firm="Cabinet Exemple", secretariat="secretariat@example.fr",
                             switch_date=dt.date(2027, 3, 1), language="fr")
    with campaign.open_store() as store:
        import_client_file(store, write_csv(Path(folder) / "clients.csv", clients, encoding=encoding))
    return campaign
