"""Recognise the columns of a client file from their French or English header names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from campaign.errors import InputRefused, UsageError

# Field -> header names it answers to, most specific first. Headers are compared after
# normalise_header(), so accents, case, punctuation and "N°" spellings do not matter.
FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "code": (
        "code client", "n client", "numero client", "num client", "no client", "ref client",
        "reference client", "id client", "code tiers", "code dossier", "n dossier", "numero dossier",
        "client code", "client id", "client number", "client ref", "customer code", "customer id",
        "customer number", "account code", "code",
    ),
    "name": (
        "raison sociale", "denomination", "denomination sociale", "nom client", "nom du client",
        "nom", "client", "societe", "entreprise", "company name", "company", "client name",
        "customer name", "customer", "business name", "name",
    ),
    "first_name": ("prenom", "first name", "given name", "firstname"),
    "legal_form": ("forme juridique", "forme", "statut juridique", "legal form", "legal status", "entity type"),
    "siren": ("siren", "n siren", "numero siren", "siren number"),
    "siret": ("siret", "n siret", "numero siret", "siret number"),
    "address": (
        "adresse", "adresse 1", "adresse1", "adresse postale", "rue", "address", "address 1",
        "address line 1", "street", "postal address",
    ),
    "address2": (
        "adresse 2", "adresse2", "complement d adresse", "complement adresse", "complement",
        "address 2", "address line 2",
    ),
    "postcode": ("code postal", "cp", "postcode", "post code", "postal code", "zip", "zip code"),
    "city": ("ville", "commune", "localite", "city", "town"),
    "phone": ("telephone", "tel", "telephone fixe", "phone", "phone number", "telephone number"),
    "email": (
        "e mail", "email", "courriel", "mail", "adresse e mail", "adresse email", "adresse mail",
        "adresse courriel", "e mail client", "email client", "mail client", "email address",
        "e mail address",
    ),
    "website": ("site web", "site internet", "site", "web", "website", "url"),
    "manager": (
        "responsable de mission", "responsable", "collaborateur", "chef de mission",
        "responsable dossier", "responsable du dossier", "expert comptable", "engagement manager",
        "manager", "account manager",
    ),
    "manager_email": (
        "e mail responsable", "email responsable", "mail responsable", "courriel responsable",
        "e mail du responsable", "e mail collaborateur", "email collaborateur",
        "e mail responsable de mission", "e mail chef de mission", "manager email", "manager e mail",
    ),
    # optional: "Mme" / "M." lets the memo say "Votre interlocutrice" / "Votre interlocuteur"
    "manager_title": (
        "civilite responsable", "civilite du responsable", "civilite collaborateur", "civilite responsable de mission",
        "civilite chef de mission", "titre responsable", "manager title", "manager salutation",
    ),
}
REQUIRED = ("code", "name")
FIELD_LABELS = {
    "code": "client code", "name": "name", "first_name": "first name", "legal_form": "legal form",
    "siren": "SIREN", "siret": "SIRET", "address": "address", "address2": "address line 2",
    "postcode": "postcode", "city": "city", "phone": "phone", "email": "e-mail",
    "website": "website", "manager": "engagement manager", "manager_email": "manager's e-mail",
    "manager_title": "manager's title",
}
_HEADER_SEARCH_ROWS = 10


def normalise_header(header: str) -> str:
    """Fold accents, case and punctuation: 'N° SIRET' -> 'n siret', 'E-mail' -> 'e mail'."""
    text = unicodedata.normalize("NFKD", header)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\bn\s*[°ºo]\s*(?=\w)", "n ", text)  # N°, Nº, No before a word
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


_LOOKUP = {
    normalise_header(name): (field, rank)
    for field, names in FIELD_HEADERS.items()
    for rank, name in enumerate(names)
}


@dataclass
class ColumnMap:
    """Which column (index) feeds which field, and what was left aside."""

    header_row: int
    headers: list[str]
    fields: dict[str, int]
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        """One 'field <- "Header"' line per mapped field, in field order."""
        return [
            f'{FIELD_LABELS[name]} <- "{self.headers[self.fields[name]]}"'
            for name in FIELD_HEADERS
            if name in self.fields
        ]


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Turn ``--map field=Column`` options into a dict, refusing unknown fields."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise UsageError(f"--map '{pair}': write it as field=Column, e.g. --map code=\"Réf.\"")
        if name not in FIELD_HEADERS:
            raise UsageError(f"--map '{pair}': unknown field '{name}'; fields are: {', '.join(FIELD_HEADERS)}")
        overrides[name] = column.strip()
    return overrides


def _auto_map(headers: list[str]) -> dict[str, int]:
    """Each field's column: the header with the most specific name for it wins."""
    best: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        hit = _LOOKUP.get(normalise_header(header))
        if hit is None:
            continue
        name, rank = hit
        if name not in best or rank < best[name][0]:
            best[name] = (rank, index)
    return {name: index for name, (_, index) in best.items()}


def email_cell(row: dict[str, str]) -> str:
    """The e-mail cell of a client-file row stored as {header: value}, found as the import finds it."""
    headers = list(row)
    index = _auto_map(headers).get("email")
    return row[headers[index]].strip() if index is not None else ""


def _find_column(headers: list[str], wanted: str) -> int | None:
    for index, header in enumerate(headers):
        if header == wanted:
            return index
    key = normalise_header(wanted)
    for index, header in enumerate(headers):
        if normalise_header(header) == key:
            return index
    return None


def map_columns(
    rows: list[tuple[int, list[str]]], overrides: dict[str, str], *, source: str
) -> ColumnMap:
    """Find the header row (a title line above it is skipped) and map its columns to fields."""
    candidates = [(number, cells) for number, cells in rows[:_HEADER_SEARCH_ROWS] if any(cells)]
    if not candidates:
        raise InputRefused(f"{source}: no header row found in the first {_HEADER_SEARCH_ROWS} rows")
    chosen = candidates[0]
    for number, cells in candidates:
        fields = _auto_map(cells)
        if all(name in fields or name in overrides for name in REQUIRED):
            chosen = (number, cells)
            break
    header_row, headers = chosen
    fields = _auto_map(headers)
    for name, column in overrides.items():
        index = _find_column(headers, column)
        if index is None:
            shown = ", ".join(f'"{" ".join(h.split())}"' for h in headers if h)  # a header typed on two lines: one line
            raise UsageError(f'{source}: --map {name}="{column}": no such column; columns are: {shown}')
        for other, other_index in list(fields.items()):
            if other_index == index and other != name:
                del fields[other]
        fields[name] = index
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        wanted = " and ".join(FIELD_LABELS[name] for name in missing)
        shown = ", ".join(f'"{" ".join(h.split())}"' for h in headers if h)  # a header typed on two lines: one line
        raise InputRefused(
            f"{source}: row {header_row}: no {wanted} column among {shown}; "
            f"name it with --map, e.g. --map {missing[0]}=\"Column\""
        )
    used = set(fields.values())
    unmapped = [h for i, h in enumerate(headers) if h and i not in used]
    notes = []
    for header in unmapped:
        hit = _LOOKUP.get(normalise_header(header))
        if hit and hit[0] in fields:
            notes.append(
                f'column "{header}" not used: {FIELD_LABELS[hit[0]]} comes from '
                f'"{headers[fields[hit[0]]]}" (--map {hit[0]}="{header}" to use it instead)'
            )
    return ColumnMap(header_row=header_row, headers=headers, fields=fields, unmapped=unmapped, notes=notes)
