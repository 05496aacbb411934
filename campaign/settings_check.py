"""Every key of campaign.toml checked when a command starts, not only those of the sections it
reads: a key misspelt in [memo] is refused by `campaign status` as by `campaign stamp`, with its
line and the key meant (config.unknown_key), before anything is done. Each section's keys are its
settings dataclass's fields, so this check and the section's parser cannot disagree. So is each
value's kind (a number written in quotes, a list given as one text): the field's type says what it
must be. Whether a value is acceptable (a range, a template that exists) is checked by the section's
parser when a step reads it (a memo template that moved stops the stamping, not the harvest).
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import fields
from pathlib import Path
from typing import Any

from campaign.config import ClientSettings, Settings, at_key, check_names
from campaign.errors import ConfigError
from campaign.export import settings as export
from campaign.mail.imap_settings import ImapSettings, password_in_file
from campaign.matching.settings import OLD_KEYS, MatchingSettings
from campaign.sending.settings import RequestSettings, SmtpSettings
from campaign.stamping.settings import MemoSettings
from campaign.understanding.settings import UnderstandingSettings

MODELS: dict[str, type] = {"clients": ClientSettings, "memo": MemoSettings, "imap": ImapSettings,
                           "understanding": UnderstandingSettings, "matching": MatchingSettings,
                           "smtp": SmtpSettings, "requests": RequestSettings}
KEYS: dict[str, tuple[str, ...]] = {
    **{section: tuple(f.name for f in fields(model)) for section, model in MODELS.items()},
    "matching": tuple(f.name for f in fields(MatchingSettings)) + OLD_KEYS,
    "export": export.KEYS,
    "files": ("mode",),
}

# what a TOML value of each field type may be, and how the refusal says it
KINDS: dict[Any, tuple[tuple[type, ...], str]] = {
    bool: ((bool,), "true or false"),
    int: ((int,), "a whole number"),
    float: ((int, float), "a number"),
    str: ((str,), "a text in quotes"),
    Path: ((str,), "a file path in quotes"),
    list[str]: ((list,), 'a list of texts, such as ["a", "b"]'),
}


# tables inside a section whose keys are names the program knows ([export.headers] fax = "Fax")
NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("export", "headers"): tuple(export.HEADERS["en"]),
    ("export", "modes"): tuple(export.MODE_WORDS["en"]),
}


def _kind(hint: Any) -> tuple[tuple[type, ...], str] | None:
    """What a value of type ``hint`` may be in the file (None: a type this check leaves to the parser)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = next((a for a in typing.get_args(hint) if a is not type(None)), None)
    return KINDS.get(hint)


def _toml_kind(value: Any) -> str:
    """The kind of value the file holds, in the words of the refusal."""
    for kind, words in ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "a text"),
                        (list, "a list"), (dict, "a table")):
        if isinstance(value, kind):
            return words
    return type(value).__name__


def check_types(settings: Settings, section: str, model: type) -> None:
    """ConfigError (one line, with the key's line) at the first value of the wrong kind."""
    hints = typing.get_type_hints(model)
    for key, value in settings.section(section).items():
        kind = _kind(hints.get(key))
        if kind is None:
            continue
        allowed, words = kind
        wrong = not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed) or (
            isinstance(value, list) and not all(isinstance(item, str) for item in value))
        if wrong:
            raise ConfigError(f"{at_key(settings.path, section, key)} [{section}] {key} must be {words}, "
                              f"not {_toml_kind(value)} ({json.dumps(value, ensure_ascii=False, default=str)}): "
                              "correct it in the file")


def check_keys(settings: Settings) -> None:
    """ConfigError (one line) at the first key a section does not have, a value of the wrong kind, or a
    password in the file."""
    for section, known in KEYS.items():
        table = settings.section(section)
        if section in ("imap", "smtp") and "password" in table:
            raise password_in_file(settings.path, section)
        check_names(settings.path, section, table, known)
        if section in MODELS:
            check_types(settings, section, MODELS[section])
    for (section, inner), known in NAMES.items():
        names = settings.section(section).get(inner)
        check_names(settings.path, f"{section}.{inner}", names if isinstance(names, dict) else (), known)
