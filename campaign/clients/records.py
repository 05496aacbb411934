"""Turn mapped rows into checked client records, with one warning per problem found."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.fr import siren as siren_mod
from stdnum.fr import siret as siret_mod

from campaign.clients.codes import code_key
from campaign.clients.columns import ColumnMap

# Fields compared on re-import and stored as columns; "emails" is a list, stored as JSON.
RECORD_FIELDS = (
    "name", "first_name", "legal_form", "siren", "siret", "address", "postcode", "city",
    "phone", "emails", "website", "manager", "manager_email", "manager_title",
)
_EMAIL_SPLIT = re.compile(r"[;,\s]+")


@dataclass
class ClientRecord:
    """One client as the firm's file describes it."""

    code: str
    name: str = ""
    first_name: str = ""
    legal_form: str = ""
    siren: str = ""
    siret: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    emails: list[str] = field(default_factory=list)
    website: str = ""
    manager: str = ""
    manager_email: str = ""
    manager_title: str = ""  # "Mme", "M.", ... as written: the memo's wording follows it
    row: int = 0
    source: dict[str, str] = field(default_factory=dict)


@dataclass
class RowWarning:
    """A problem in one row (or in the file when ``row`` is None)."""

    row: int | None
    field: str | None
    code: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}: {self.message}"


# email-validator's messages (English, technical) as one plain sentence: (its words, English, French).
_EMAIL_REASONS = (
    ("must have an @-sign", "the @ is missing", "il manque le @"),
    ("something after the @-sign", "nothing after the @", "rien après le @"),
    ("something before the @-sign", "nothing before the @", "rien avant le @"),
    ("invalid characters before the @-sign", "a character not allowed before the @ ({chars})",
     "un caractère interdit avant le @ ({chars})"),
    ("after the @-sign contains invalid characters", "a character not allowed after the @ ({chars})",
     "un caractère interdit après le @ ({chars})"),
    ("two periods in a row", "two dots in a row", "deux points qui se suivent"),
    ("should have a period", "no dot after the @ (as in cabinet.fr)", "pas de point après le @ (comme dans cabinet.fr)"),
    ("period", "a dot in the wrong place", "un point mal placé"),
    ("hyphen", "a hyphen in the wrong place", "un tiret mal placé"),
    ("top-level domain", "the part after the @ is not a real domain", "la partie après le @ n'est pas un vrai domaine"),
    ("special-use or reserved", "the part after the @ is not a real domain",
     "la partie après le @ n'est pas un vrai domaine"),
    ("too long", "the address is too long", "l'adresse est trop longue"),
)
_CHAR_NAMES = {"SPACE": ("space", "espace")}


def email_reason(message: str, language: str = "en") -> str:
    """email-validator's ``message`` as a plain sentence in ``language`` (fr or en)."""
    french = language == "fr"
    for words, english, in_french in _EMAIL_REASONS:
        if words in message:
            found = message.rsplit(": ", 1)[-1] if ": " in message else ""
            chars = " ".join(f"'{quoted}'" if quoted else _CHAR_NAMES.get(name, (name, name))[french]
                             for quoted, name in re.findall(r"'(.+?)'|([A-Z][A-Z ]*[A-Z])", found))
            return (in_french if french else english).format(chars=chars)
    return "adresse mal écrite" if french else "not written as an e-mail address"


@functools.lru_cache(maxsize=8192)
def check_email(value: str, language: str = "en") -> tuple[str | None, str | None]:
    """(normalised address, None) or (None, reason in plain words); syntax only, no network.

    Cached: a client file repeats the same few managers' addresses on every row.
    """
    try:
        return validate_email(value, check_deliverability=False).normalized, None
    except EmailNotValidError as exc:
        return None, email_reason(str(exc), language)


def _luhn_ok(number: str) -> bool:
    try:
        luhn.validate(number)
        return True
    except ValidationError:
        return False


def check_company_ids(siren: str, siret: str) -> tuple[str, str, list[str]]:
    """Compact SIREN/SIRET, fill SIREN from SIRET, and say which ones fail their check."""
    problems: list[str] = []
    siren_c = siren_mod.compact(siren) if siren else ""
    siret_c = siret_mod.compact(siret) if siret else ""
    if len(siren_c) == 14 and not siret_c:  # a SIRET typed in the SIREN column
        siren_c, siret_c = "", siren_c
    if siret_c:
        if not siret_mod.is_valid(siret_c):
            problems.append(f"SIRET '{siret}' is not a valid SIRET (14 digits with a check digit)")
        if not siren_c and len(siret_c) == 14 and siret_c.isdigit() and _luhn_ok(siret_c[:9]):
            siren_c = siret_c[:9]
    if siren_c and not siren_mod.is_valid(siren_c):
        problems.append(f"SIREN '{siren}' is not a valid SIREN (9 digits with a check digit)")
    if siren_c and siret_c and len(siret_c) == 14 and siret_c[:9] != siren_c:
        problems.append(f"SIRET {siret_c} does not start with SIREN {siren_c}")
    return siren_c, siret_c, problems


def build_records(
    rows: list[tuple[int, list[str]]], columns: ColumnMap, *, case_sensitive: bool = False
) -> tuple[list[ClientRecord], list[RowWarning], int]:
    """Check every data row; returns (records, warnings, rows skipped).

    Codes are compared by :func:`code_key`: unless ``case_sensitive``, a code written again in
    another case is a duplicate like an exact repeat.
    """
    records: list[ClientRecord] = []
    warnings: list[RowWarning] = []
    seen: dict[str, tuple[int, str]] = {}  # code key: (first row, code as written there)
    skipped = 0
    width = len(columns.headers)
    index = columns.fields
    header_names = [h or f"column {i + 1}" for i, h in enumerate(columns.headers)]

    for number, cells in rows:
        if number <= columns.header_row or not any(cells):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width and any(cells[width:]):
            warnings.append(RowWarning(number, None, None,
                f"{len(cells)} cells but the header has {width}; the extra cells are kept in the "
                "source row only (check for a separator inside an unquoted value)"))

        def cell(name: str) -> str:
            return cells[index[name]] if name in index else ""

        code = cell("code")
        if not code:
            warnings.append(RowWarning(number, "code", None, "no client code; row skipped (fill in the code)"))
            skipped += 1
            continue
        key = code_key(code, case_sensitive)
        if key in seen:
            first, written = seen[key]
            if written == code:
                message = f"client code {code} already used on row {first}; row skipped (codes must be unique)"
            else:
                message = (f"client code {code} differs from {written} on row {first} only in case; row skipped (codes"
                           " are compared without regard to case: set [clients] case_sensitive_codes = true"
                           " in campaign.toml if they are two clients)")
            warnings.append(RowWarning(number, "code", code, message))
            skipped += 1
            continue
        seen[key] = (number, code)

        record = ClientRecord(code=code, row=number)
        record.source = {header_names[i]: value for i, value in enumerate(cells[:width]) if value}
        if len(cells) > width and any(cells[width:]):
            record.source["_extra"] = ";".join(cells[width:])
        for name in ("name", "first_name", "legal_form", "city", "phone", "website", "manager", "manager_title"):
            setattr(record, name, cell(name))
        if not record.name:
            warnings.append(RowWarning(number, "name", code, f"client {code} has no name (imported; fill it in)"))
        record.address = ", ".join(part for part in (cell("address"), cell("address2")) if part)
        postcode = cell("postcode")
        # Excel drops the leading zero of départements 01-09 when a postcode is stored as a number.
        record.postcode = postcode.zfill(5) if postcode.isdigit() and len(postcode) == 4 else postcode

        siren, siret, problems = check_company_ids(cell("siren"), cell("siret"))
        record.siren, record.siret = siren, siret
        for problem in problems:
            warnings.append(RowWarning(number, "siren", code, f"{problem}; kept as written, check it"))

        for raw in filter(None, _EMAIL_SPLIT.split(cell("email"))):
            address, reason = check_email(raw)
            if address is None:
                warnings.append(RowWarning(number, "email", code,
                    f"e-mail '{raw}' is not valid ({reason}); not kept as an address"))
            elif address not in record.emails:
                record.emails.append(address)

        manager_email = cell("manager_email")
        if manager_email:
            address, reason = check_email(manager_email)
            if address is None:
                warnings.append(RowWarning(number, "manager_email", code,
                    f"manager's e-mail '{manager_email}' is not valid ({reason}); not kept"))
            else:
                record.manager_email = address
        records.append(record)
    return records, warnings, skipped
