"""Every key of campaign.toml checked when a command starts, not only those of the sections it
reads: a key misspelt in [memo] is refused by `campaign status` as by `campaign stamp`, with its
line and the key meant (config.unknown_key), before anything is done. Each section's keys are its
settings dataclass's fields, so this check and the section's parser cannot disagree. Values are
checked by each section's parser when a step reads it (a memo template that moved stops the
stamping, not the harvest).
"""

from __future__ import annotations

from dataclasses import fields

from campaign.config import ClientSettings, Settings, check_names
from campaign.export import settings as export
from campaign.mail.imap_settings import ImapSettings, password_in_file
from campaign.matching.settings import OLD_KEYS, MatchingSettings
from campaign.stamping.settings import MemoSettings
from campaign.understanding.settings import UnderstandingSettings

KEYS: dict[str, tuple[str, ...]] = {
    "clients": tuple(f.name for f in fields(ClientSettings)),
    "memo": tuple(f.name for f in fields(MemoSettings)),
    "imap": tuple(f.name for f in fields(ImapSettings)),
    "understanding": tuple(f.name for f in fields(UnderstandingSettings)),
    "matching": tuple(f.name for f in fields(MatchingSettings)) + OLD_KEYS,
    "export": export.KEYS,
    "files": ("mode",),
}


# tables inside a section whose keys are names the program knows ([export.headers] fax = "Fax")
NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("export", "headers"): tuple(export.HEADERS["en"]),
    ("export", "modes"): tuple(export.MODE_WORDS["en"]),
}


def check_keys(settings: Settings) -> None:
    """ConfigError (one line) at the first key a section does not have, or a password in the file."""
    for section, known in KEYS.items():
        table = settings.section(section)
        if section == "imap" and "password" in table:
            raise password_in_file(settings.path)
        check_names(settings.path, section, table, known)
    for (section, inner), known in NAMES.items():
        names = settings.section(section).get(inner)
        check_names(settings.path, f"{section}.{inner}", names if isinstance(names, dict) else (), known)
