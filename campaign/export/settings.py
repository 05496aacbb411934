"""The ``[export]`` table of campaign.toml: which columns the import file has, in which order, named how.

    [export]
    columns = ["code", "name", "siren", "mode", "email", "copies", "evidence_date", "evidence_ref"]
    # or, to rename as the firm's software expects:
    # columns = [{field = "code", header = "CodeClient"}, {field = "email", header = "EmailFact"}]
    headers = {email = "Adresse e-mail"}      # renames without restating the order (optional)
    format = "csv"                             # csv | xlsx
    encoding = "cp1252"                        # cp1252 | utf-8-sig (CSV only)
    only = "decided"                           # decided (default) | all
    date_format = "%d/%m/%Y"                   # strftime pattern, dates in Europe/Paris time
    formula_guard = true                       # prefix "'" to CSV cells starting with = + - @ (tab, CR)
    [export.modes]
    email = "email"
    paper = "papier"
    pending = "en attente"

Default headers and mode words follow the campaign language (French by default). The CSV formula
guard is on by default: a client name such as "=HYPERLINK(...)" must not run when someone opens the
CSV in Excel. The price: software importing the CSV may store the "'" as part of such a name; set
``formula_guard = false`` when the file only ever goes to software import. The xlsx export never
needs it: its cells are written as text, never formulas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from campaign.config import Settings
from campaign.errors import ConfigError, UsageError
from campaign.settings_model import Filled, OneOf, at_key, check_names, read_section

FIELDS = ("code", "name", "siren", "mode", "email", "copies", "evidence_date", "evidence_ref",
          "decided_by", "decided_at", "manager")
DEFAULT_COLUMNS = ("code", "name", "siren", "mode", "email", "copies", "evidence_date", "evidence_ref")
HEADERS = {
    "fr": {"code": "Code client", "name": "Raison sociale", "siren": "SIREN", "mode": "Mode d'envoi",
           "email": "Adresse e-mail", "copies": "Copies", "evidence_date": "Date de la preuve",
           "evidence_ref": "Référence de la preuve", "decided_by": "Décidé par", "decided_at": "Décidé le",
           "manager": "Responsable"},
    "en": {"code": "Client code", "name": "Name", "siren": "SIREN", "mode": "Delivery mode",
           "email": "E-mail address", "copies": "Copies", "evidence_date": "Evidence date",
           "evidence_ref": "Evidence reference", "decided_by": "Decided by", "decided_at": "Decided on",
           "manager": "Engagement manager"},
}
MODE_WORDS = {"fr": {"email": "email", "paper": "papier", "pending": "en attente"},
              "en": {"email": "email", "paper": "paper", "pending": "pending"}}
DATE_FORMATS = {"fr": "%d/%m/%Y", "en": "%Y-%m-%d"}
FORMATS = ("csv", "xlsx")
ENCODINGS = ("cp1252", "utf-8-sig")
ONLY = ("all", "decided")


@dataclass
class Column:
    """One column of the export: the client field it holds and its header."""

    field: str
    header: str


@dataclass
class ExportTable:
    """The ``[export]`` table as the file holds it (read by campaign.settings_model); the language's
    headers, mode words and date format fill what it leaves out."""

    columns: list[Any] = field(default_factory=lambda: list(DEFAULT_COLUMNS))  # names or {field, header}
    headers: dict[str, Any] = field(default_factory=dict)
    modes: dict[str, Any] = field(default_factory=dict)
    format: Annotated[str, OneOf(FORMATS)] = "csv"
    encoding: Annotated[str, OneOf(ENCODINGS)] = "cp1252"
    only: Annotated[str, OneOf(ONLY)] = "decided"   # an update import must not touch the clients nobody decided for
    date_format: Annotated[str, Filled()] | None = None
    formula_guard: bool = True


@dataclass
class ExportSettings:
    """What ``campaign export`` writes unless the command line says otherwise."""

    columns: list[Column]
    modes: dict[str, str]
    format: str = "csv"
    encoding: str = "cp1252"
    only: str = "decided"   # an update import must not touch the clients nobody decided for
    date_format: str = "%d/%m/%Y"
    formula_guard: bool = True
    language: str = "fr"


def _text(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} {key} must be a non-empty string")
    return value


def _columns(where: str, raw: object, names: dict[str, str]) -> list[Column]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where} columns must be a non-empty list of field names or {{field, header}} tables")
    out: list[Column] = []
    for number, item in enumerate(raw, 1):
        if isinstance(item, str):
            name, header = item, None
        elif isinstance(item, dict) and set(item) <= {"field", "header"} and "field" in item:
            name, header = item["field"], item.get("header")
        else:
            raise ConfigError(f"{where} columns item {number} must be a field name or {{field = ..., header = ...}}")
        if name not in FIELDS:
            raise ConfigError(f"{where} columns item {number}: unknown field {name!r}; fields: {', '.join(FIELDS)}")
        if any(c.field == name for c in out):
            raise ConfigError(f"{where} columns: field {name!r} appears twice")
        out.append(Column(name, names[name] if header is None else _text(where, f"columns item {number} header",
                                                                          header)))
    return out


def _words(path: Path | str, where: str, key: str, raw: object, words: dict[str, str]) -> dict[str, str]:
    """``words`` (the language's defaults) with the ones the ``key`` table of campaign.toml replaces."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} {key} must be a table such as {{{next(iter(words))} = \"...\"}}")
    check_names(path, f"export.{key}", raw, words)
    for name, value in raw.items():
        words[name] = _text(where, f"{key}.{name}", value)
    return words


def export_settings(settings: Settings) -> ExportSettings:
    """Parse ``[export]``; every bad value gives one line naming the file and key."""
    table = read_section(settings.path, "export", settings.section("export"), ExportTable)

    def where(key: str) -> str:
        return f"{at_key(settings.path, 'export', key)} [export]"
    language = settings.language if settings.language in HEADERS else "fr"
    names = _words(settings.path, where("headers"), "headers", table.headers, dict(HEADERS[language]))
    columns = _columns(where("columns"), table.columns, names)
    modes = _words(settings.path, where("modes"), "modes", table.modes, dict(MODE_WORDS[language]))
    date_format = table.date_format or DATE_FORMATS[language]
    if "%" not in date_format:
        raise ConfigError(f"{at_key(settings.path, 'export', 'date_format')} [export] date_format must be a "
                          "strftime pattern such as \"%d/%m/%Y\"")
    return ExportSettings(columns=columns, modes=modes, format=table.format, encoding=table.encoding,
                          only=table.only, date_format=date_format, formula_guard=table.formula_guard,
                          language=language)


def choose(settings: ExportSettings, out: Path | None, fmt: str | None, encoding: str | None,
           only: str | None, folder: Path, today: dt.date) -> tuple[Path, str, str, str]:
    """The path, format, encoding and selection to use: options over campaign.toml; bad ones are usage errors.

    ``out`` None: ``export-YYYYMMDD.<format>`` in ``folder``.
    """
    for name, value, allowed in (("--format", fmt, FORMATS), ("--encoding", encoding, ENCODINGS), ("--only", only, ONLY)):
        if value is not None and value not in allowed:
            raise UsageError(f"{name} must be one of {', '.join(allowed)}, not '{value}'")
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if fmt is None:
        fmt = suffix if suffix in FORMATS else settings.format
    elif suffix in FORMATS and suffix != fmt:
        raise UsageError(f"--out {out} ends in .{suffix} but --format is {fmt}: make them agree")
    if fmt == "xlsx" and encoding is not None:
        raise UsageError("--encoding applies to CSV only (an xlsx file holds any character)")
    if out is None:
        out = folder / f"export-{today:%Y%m%d}.{fmt}"
    if out.is_dir():
        raise UsageError(f"--out {out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist")
    return out, fmt, encoding or settings.encoding, only or settings.only
