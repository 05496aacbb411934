"""campaign.toml: the campaign's human-editable settings.

The file is read with the standard library's ``tomllib`` and written once, at ``init``, with
``tomlkit`` so that it carries comments a firm's administrator can follow. Sections that later
features own (memo, imap, matching, export) are kept as plain tables here; each feature parses
its own table so that this module does not grow with every feature.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Iterable

import tomlkit
from email_validator import EmailNotValidError, validate_email

from campaign.atomic import PRIVATE, SHARING_MODES, write_text_atomic
from campaign.errors import ConfigError

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


def _file_lines(path: Path | str) -> list[str]:
    """The file's lines, to point a message at one ([] when it cannot be read: no line is named)."""
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` was probably meant to be ('matchng' -> 'matching'), if one is close."""
    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return near[0] if near else None


def key_line(path: Path | str, section: str, key: str) -> int | str:
    """The line of ``key =`` in ``[section]`` of the file, for the message ('?' when not found)."""
    inside = False
    for number, line in enumerate(_file_lines(path), 1):
        text = line.strip()
        if text.startswith("["):
            inside = text.split("]", 1)[0].strip("[ ") == section
        elif inside and text.split("=", 1)[0].strip().strip('"') == key:
            return number
    return "?"


def unknown_key(path: Path | str, section: str, key: str, known: Iterable[str]) -> ConfigError:
    """The one-line refusal of a key ``[section]`` does not have: its line, and the key meant."""
    known = sorted(known)
    meant = closest(key, known)
    hint = f"did you mean {meant}?" if meant else f"the keys are {', '.join(known)}"
    return ConfigError(f"{at_key(path, section, key)} [{section}] unknown key '{key}': {hint}")


def check_names(path: Path | str, section: str, table: Iterable[str], known: Collection[str]) -> None:
    """ConfigError (unknown_key) at the first key of ``table`` that ``[section]`` does not have."""
    for key in table:
        if key not in known:
            raise unknown_key(path, section, key, known)


def at_key(path: Path | str, section: str, key: str) -> str:
    """'FILE: line N:' for ``key`` of ``[section]``, or 'FILE:' when its line cannot be found."""
    line = key_line(path, section, key)
    return f"{path}: line {line}:" if line != "?" else f"{path}:"


def files_mode(table: dict[str, Any], *, where: str, path: Path | str = "campaign.toml") -> str:
    """Parse ``[files]``: ``mode = "private"`` (owner-only outputs, the default) or ``"group"``."""
    check_names(path, "files", table, ["mode"])
    mode = table.get("mode", PRIVATE)
    if mode not in SHARING_MODES:
        raise ConfigError(f'{where} mode must be "private" (only you open the outputs) or "group" (your group'
                          f" too, on a shared server), not {mode!r}")
    return mode


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
                              f"{_line_of(path, section)}); merge them into one") from None
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file in a text editor") from None


def normalise_address(address: str, *, where: str) -> str:
    """Check an e-mail address's syntax (no network) and return its normalised form."""
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ConfigError(f"{where}: '{address}' is not a valid e-mail address ({exc})") from None


def check_language(language: str, *, where: str) -> str:
    """Return the language code if it is one the memo and workbook speak."""
    if language not in LANGUAGES:
        raise ConfigError(f"{where}: language must be one of {', '.join(LANGUAGES)}, not '{language}'")
    return language


def parse_date(value: Any, *, where: str) -> dt.date:
    """Accept a TOML date or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: '{value}' is not a date; write it as YYYY-MM-DD") from None


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
    check_language(language, where="--language")
    write_text_atomic(path, render_config(firm.strip(), secretariat, switch_date, language))
    return path


# The keys of the two tables every campaign has (the others belong to the steps that read them).
OWN_KEYS = {"firm": ("name", "secretariat", "domains"), "campaign": ("switch_date", "language")}
# Every table campaign.toml may hold; a misspelt one ([matchng]) would otherwise be silently ignored.
SECTIONS = ("firm", "campaign", "files", "clients", "memo", "imap", "understanding", "matching", "export", "smtp",
            "requests")


def _line_of(path: Path, section: str) -> int | str:
    """The line of ``[section]`` in the file, for the message ('?' when it cannot be read)."""
    for number, line in enumerate(_file_lines(path), 1):
        if line.strip().startswith(f"[{section}") or line.strip().startswith(f"{section}."):
            return number
    return "?"


def load_settings(path: Path) -> Settings:
    """Read and check campaign.toml; every problem names the file and the key."""
    raw = read_toml(path)

    def get(section: str, key: str, required: bool = True, default: Any = None) -> Any:
        table = raw.get(section, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        if key not in table:
            if required:
                raise ConfigError(f"{path}: [{section}] {key} is missing; add it")
            return default
        return table[key]

    # names first: a misspelt required key ('nmae') is a misspelling, not a key to add
    sections = {}
    for name, value in raw.items():
        if name not in SECTIONS:
            meant = closest(name, SECTIONS)
            hint = f"did you mean [{meant}]?" if meant else f"the sections are {', '.join(f'[{n}]' for n in SECTIONS)}"
            raise ConfigError(f"{path}: line {_line_of(path, name)}: unknown section [{name}]: {hint}")
        if name in ("firm", "campaign"):
            check_names(path, name, value if isinstance(value, dict) else (), OWN_KEYS[name])
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {name} must be a [{name}] table")
        sections[name] = value
    firm = str(get("firm", "name")).strip()
    if not firm:
        raise ConfigError(f"{path}: [firm] name is empty")
    secretariat = normalise_address(str(get("firm", "secretariat")), where=f"{path}: [firm] secretariat")
    domains = get("firm", "domains", required=False, default=None)
    if domains is None:
        domains = [secretariat.rsplit("@", 1)[1]]
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise ConfigError(f'{path}: [firm] domains must be a list of domain names, e.g. ["cabinet.fr"]')
    switch_date = parse_date(get("campaign", "switch_date"), where=f"{path}: [campaign] switch_date")
    language = check_language(
        str(get("campaign", "language", required=False, default="fr")),
        where=f"{path}: [campaign] language",
    )
    mode = files_mode(sections.get("files", {}), where=f"{path}: [files]", path=path)
    return Settings(
        path=path,
        firm=firm,
        secretariat=secretariat,
        switch_date=switch_date,
        language=language,
        firm_domains=[d.strip().lower() for d in domains if d.strip()],
        files_mode=mode,
        sections=sections,
    )
