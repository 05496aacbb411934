"""campaign.toml: the campaign's human-editable settings.

The file is read with the standard library's ``tomllib`` and written once, at ``init``, with
``tomlkit`` so that it carries comments a firm's administrator can follow. The three tables every
campaign has (``[firm]``, ``[campaign]``, ``[files]``) are read here, each as its dataclass says
(campaign.settings_model); the sections the steps own (memo, imap, matching, export…) are kept as
plain tables and each step reads its own with the same model, so this module does not grow with
every feature.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Any

import tomlkit

from campaign.atomic import PRIVATE, SHARING_MODES, write_text_atomic
from campaign.errors import ConfigError
from campaign.settings_model import (Address, Filled, OneOf, check_names, closest, read_given, read_section,
                                     section_line)

CONFIG_NAME = "campaign.toml"
LANGUAGES = ("fr", "en")
FEATURE_SECTIONS = ("memo", "imap", "smtp", "requests", "matching", "export")


@dataclass
class Settings:
    """What campaign.toml says, checked."""

    path: Path
    firm: str
    secretariat: str
    switch_date: dt.date
    language: str = "fr"
    firm_domains: list[str] = field(default_factory=list)
    files_mode: str = PRIVATE  # [files] mode: who may open the outputs (see campaign.atomic)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """The raw table of a feature's section (empty when absent)."""
        return self.sections.get(name, {})


_TWICE = re.compile(r"Cannot declare \(([^)]*)\) twice \(at line (\d+)")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file a person may have saved with Notepad: a UTF-8 byte-order mark is accepted."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc}); check its permissions") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError(f"{path}: saved as UTF-16 (\"Unicode\"); save it again as UTF-8 (Notepad: File >"
                          " Save as, Encoding: UTF-8)")
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start + 1}); save it again as UTF-8 (Notepad: File >"
                          " Save as, Encoding: UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        twice = _TWICE.search(str(exc))
        if twice:  # the mistake people make most: a section written twice, once by hand
            section = ".".join(part.strip("'\" ") for part in twice.group(1).split(",") if part.strip())
            raise ConfigError(f"{path}: line {twice.group(2)}: section [{section}] appears twice (first at line "
                              f"{section_line(path, section)}); merge them into one") from None
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file in a text editor") from None


def normalise_address(address: str, *, where: str) -> str:
    """Check an e-mail address's syntax (no network) and return its normalised form."""
    return read_given(Annotated[str, Address()], address, f"{where}:")


def parse_date(value: Any, *, where: str) -> dt.date:
    """Accept a TOML date or an ISO ``YYYY-MM-DD`` string."""
    return read_given(dt.date, value, f"{where}:")


def render_config(
    firm: str, secretariat: str, switch_date: dt.date, language: str
) -> str:
    """The text of a new campaign.toml, with comments."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Settings of this invoice e-mail campaign. Edit with any text editor."))
    doc.add(tomlkit.comment("Passwords never go here: see the README (environment variable or keyring)."))
    doc.add(tomlkit.nl())

    firm_t = tomlkit.table()
    firm_t.add("name", firm)
    firm_t.add("secretariat", secretariat)
    firm_t["secretariat"].comment("the mailbox clients answer to")
    domain = secretariat.rsplit("@", 1)[1]
    firm_t.add("domains", [domain])
    firm_t["domains"].comment("the firm's own mail domains: never taken as a client's address")
    doc.add("firm", firm_t)

    campaign_t = tomlkit.table()
    campaign_t.add("switch_date", switch_date)
    campaign_t["switch_date"].comment("from this date invoices are e-mailed")
    campaign_t.add("language", language)
    campaign_t["language"].comment("fr or en: the language of the memo and the review workbook")
    doc.add("campaign", campaign_t)

    notes = {
        "memo": "memo stamped onto printed invoices",
        "imap": "the secretariat mailbox to harvest",
        "smtp": "the server that e-mails requests to clients with an address on file (optional; docs/sending.md)",
        "requests": "what those requests say: silence_means_consent = true makes silence consent (docs/sending.md)",
        "matching": "thresholds for linking replies to clients",
        "export": "the file for the management software's client import",
    }
    for name in FEATURE_SECTIONS:
        table = tomlkit.table()
        table.comment(notes[name])
        doc.add(name, table)

    files_t = tomlkit.table()
    files_t.comment("who may open the workbooks, lists, export and PDFs written (never campaign.db)")
    files_t.add("mode", PRIVATE)
    files_t["mode"].comment('"private": you only; "group": your group too (a shared server)')
    doc.add("files", files_t)
    return tomlkit.dumps(doc)


def write_new_config(
    folder: Path, firm: str, secretariat: str, switch_date: dt.date, language: str
) -> Path:
    """Create campaign.toml in ``folder``; refuse to overwrite an existing one."""
    path = folder / CONFIG_NAME
    if path.exists():
        raise ConfigError(f"{path} already exists: this folder already holds a campaign")
    if not firm.strip():
        raise ConfigError("--firm must not be empty")
    secretariat = normalise_address(secretariat, where="--secretariat")
    language = read_given(Annotated[str, OneOf(LANGUAGES)], language, "--language")  # [campaign] language's rule
    write_text_atomic(path, render_config(firm.strip(), secretariat, switch_date, language))
    return path


@dataclass
class FirmTable:
    """[firm]: whose campaign it is."""

    name: Annotated[str, Filled()]
    secretariat: Annotated[str, Address()]  # the mailbox clients answer to
    domains: list[str] | None = None  # the firm's own mail domains (the secretariat's when left out)


@dataclass
class CampaignTable:
    """[campaign]: when invoices switch to e-mail, and the language clients and staff read."""

    switch_date: dt.date
    language: Annotated[str, OneOf(LANGUAGES)] = "fr"


@dataclass
class FilesTable:
    """[files]: who may open the outputs written (see campaign.atomic)."""

    mode: Annotated[str, OneOf(SHARING_MODES, said='"private" (only you open the outputs) or "group" (your group too,'
                                                     " on a shared server)")] = PRIVATE


CORE_TABLES: dict[str, type] = {"firm": FirmTable, "campaign": CampaignTable, "files": FilesTable}
# Every table campaign.toml may hold; a misspelt one ([matchng]) would otherwise be silently ignored.
SECTIONS = ("firm", "campaign", "files", "clients", "memo", "imap", "understanding", "matching", "export", "smtp",
            "requests")


def load_settings(path: Path) -> Settings:
    """Read and check campaign.toml; every problem names the file and the key."""
    raw = read_toml(path)
    # names first: a misspelt required key ('nmae') is a misspelling, not a key to add
    for name, value in raw.items():
        if name not in SECTIONS:
            meant = closest(name, SECTIONS)
            hint = f"did you mean [{meant}]?" if meant else f"the sections are {', '.join(f'[{n}]' for n in SECTIONS)}"
            raise ConfigError(f"{path}: line {section_line(path, name)}: unknown section [{name}]: {hint}")
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {name} must be a [{name}] table")
        if name in CORE_TABLES:
            check_names(path, name, value, [f.name for f in fields(CORE_TABLES[name])])
    firm = read_section(path, "firm", raw.get("firm", {}), FirmTable, trim=True)
    campaign = read_section(path, "campaign", raw.get("campaign", {}), CampaignTable)
    files = read_section(path, "files", raw.get("files", {}), FilesTable)
    domains = firm.domains if firm.domains is not None else [firm.secretariat.rsplit("@", 1)[1]]
    return Settings(
        path=path,
        firm=firm.name,
        secretariat=firm.secretariat,
        switch_date=campaign.switch_date,
        language=campaign.language,
        firm_domains=[d.lower() for d in domains if d],
        files_mode=files.mode,
        sections={name: value for name, value in raw.items() if name not in ("firm", "campaign")},
    )
