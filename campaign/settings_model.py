"""One way every section of campaign.toml is read: the section's dataclass is its model.

A field's type says what kind of value the file must hold (a number, a text, a list of texts), and
its ``Annotated`` rules what values are allowed (``Between``, ``OneOf``, ``Regex``, ``Filled``,
``Address``). ``read_section`` applies both to a table and builds the dataclass; each refusal is one
line naming the file, the key's line and what to write instead. ``[firm]``, ``[campaign]`` and
``[files]`` are read so by campaign.config; the same reading runs for every other section when a
command starts (campaign.settings_check), so a value out of range in ``[memo]`` stops
``campaign status`` as it stops ``campaign stamp``; ``read_given`` reads a command-line option by a
key's rules. What depends on several keys or on the disk (a
template that must exist, plain text only to this computer) stays in the section's own parser,
which starts from ``read_section``'s result.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import re
import types
import typing
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any, Annotated, Collection, Iterable, TypeVar, get_args, get_origin

from campaign.errors import ConfigError

T = TypeVar("T")


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


def section_line(path: Path, section: str) -> int | str:
    """The line of ``[section]`` in the file, for the message ('?' when it cannot be read)."""
    for number, line in enumerate(_file_lines(path), 1):
        if line.strip().startswith(f"[{section}") or line.strip().startswith(f"{section}."):
            return number
    return "?"


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


class Refused(ValueError):
    """A value a rule does not allow; the text says what the key must be."""


@dataclass(frozen=True)
class Between:
    """A number from ``low`` to ``high``, both included."""

    low: float
    high: float = math.inf

    def check(self, value: Any) -> Any:
        if not (math.isfinite(value) and self.low <= value <= self.high):
            bound = f"at least {self.low:g}" if self.high == math.inf else f"between {self.low:g} and {self.high:g}"
            raise Refused(f"must be {bound}, not {_written(value)}")
        return value


def _written(number: float) -> str:
    """A number as a person wrote it: 99 for 99.0, 1234567 whole, 0.5 as it is."""
    return str(int(number)) if math.isfinite(number) and float(number).is_integer() else str(number)


@dataclass(frozen=True)
class OneOf:
    """One of ``choices`` (any case; ``aliases`` maps another spelling people use to a choice), or
    for a list, every item one of them."""

    choices: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()
    said: str = ""  # the choices in words, when their names alone do not say what they do

    def check(self, value: Any) -> Any:
        if isinstance(value, list):
            items = [item.strip().lower() for item in value]
            if any(item not in self.choices for item in items):
                raise Refused(f"must be a list drawn from {list(self.choices)}, e.g. [] for none")
            return items
        word = value.strip().lower()
        word = dict(self.aliases).get(word, word)
        if word not in self.choices:
            raise Refused(f"must be {self.said or 'one of ' + ', '.join(self.choices)}, not '{value}'")
        return word


@dataclass(frozen=True)
class Regex:
    """A regular expression that compiles, with at least ``groups`` capturing groups."""

    groups: int = 0

    def check(self, value: Any) -> Any:
        try:
            compiled = re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise Refused(f"is not a valid regular expression ({exc})") from None
        if compiled.groups < self.groups:
            raise Refused("needs one capturing group (…) around the code itself")
        return value


@dataclass(frozen=True)
class Filled:
    """Not empty: a text with something besides spaces; a list whose items all have some, and
    that has items unless ``none_is_fine``."""

    none_is_fine: bool = False

    def check(self, value: Any) -> Any:
        if not isinstance(value, list):
            if not value.strip():
                raise Refused("must not be empty")
        elif not all(item.strip() for item in value) or not (value or self.none_is_fine):
            raise Refused("must be a list of names, none of them empty")
        return value


@dataclass(frozen=True)
class Address:
    """An e-mail address whose syntax is valid (no network), in its normalised form."""

    def check(self, value: Any) -> Any:
        from email_validator import EmailNotValidError, validate_email  # only where an address is read

        try:
            return validate_email(value.strip(), check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise Refused(f"must be a valid e-mail address, not '{value}' ({exc})") from None


Rule = Between | OneOf | Regex | Filled | Address

# what a TOML value of each field type may be, and how the refusal says it
KINDS: dict[Any, tuple[tuple[type, ...], str]] = {
    bool: ((bool,), "true or false"),
    int: ((int,), "a whole number"),
    float: ((int, float), "a number"),
    str: ((str,), "a text in quotes"),
    Path: ((str,), "a file path in quotes"),
    list[str]: ((list,), 'a list of texts, such as ["a", "b"]'),
    dt.date: ((dt.date, str), "a date written YYYY-MM-DD"),
}


def field_kind(hint: Any) -> tuple[Any, tuple[Rule, ...]]:
    """(the plain type, its rules) of a field's type hint (``X | None`` is read as X)."""
    rules: tuple[Rule, ...] = ()
    for _ in range(2):  # Annotated[X | None, ...] as well as Annotated[X, ...] | None
        if isinstance(hint, types.UnionType) or get_origin(hint) is typing.Union:
            hint = next((a for a in get_args(hint) if a is not type(None)), None)
        if get_origin(hint) is Annotated:
            hint, *extras = get_args(hint)
            rules = tuple(extra for extra in extras if isinstance(extra, (Between, OneOf, Regex, Filled, Address)))
    return hint, rules


def _toml_kind(value: Any) -> str:
    """The kind of value the file holds, in the words of the refusal."""
    for kind, words in ((bool, "true/false"), (int, "a number"), (float, "a decimal number"), (str, "a text"),
                        (list, "a list"), (dict, "a table")):
        if isinstance(value, kind):
            return words
    return type(value).__name__


def _of_kind(value: Any, allowed: tuple[type, ...]) -> bool:
    """Whether a TOML value is one of the ``allowed`` types (true/false is no number; a list holds texts)."""
    if isinstance(value, bool) and bool not in allowed:
        return False
    return isinstance(value, allowed) and not (isinstance(value, list) and not all(isinstance(i, str) for i in value))


def read_value(hint: Any, value: Any, *, skip: tuple[type, ...] = ()) -> Any:
    """``value`` checked against a field's type and rules (but those of a type in ``skip``), as the
    field holds it; Refused if not."""
    plain, rules = field_kind(hint)
    kind = KINDS.get(plain)
    if kind is not None:
        allowed, words = kind
        if not _of_kind(value, allowed):
            raise Refused(f"must be {words}, not {_toml_kind(value)} "
                          f"({json.dumps(value, ensure_ascii=False, default=str)})")
    if plain is dt.date:
        value = _date(value)
    for rule in rules:
        if not isinstance(rule, skip):
            value = rule.check(value)
    if kind is not None and plain is float:
        value = float(value)
    elif kind is not None and plain is Path:
        value = Path(value)
    return value


def _date(value: dt.date | str) -> dt.date:
    """A TOML date (a date-time's day) or an ISO ``YYYY-MM-DD`` text as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(f"must be a date written YYYY-MM-DD, not '{value}'") from None


def read_given(hint: Any, value: Any, where: str) -> Any:
    """A value given outside the file (a command-line option) read as a key of type ``hint`` is:
    the same kinds and rules, refused in one line starting with ``where``."""
    try:
        return read_value(hint, value)
    except Refused as exc:
        raise ConfigError(f"{where} {exc}") from None


def check_table(path: Path | str, section: str, table: dict[str, Any], model: type, *,
                also: tuple[str, ...] = (), skip: tuple[type, ...] = ()) -> dict[str, Any]:
    """The values of ``[section]``'s ``table`` as ``model``'s fields hold them: an unknown key, a value
    of the wrong kind or one a field's rules refuse is a ConfigError, one line naming the file, the
    line and the key. ``also``: other keys the section accepts, left to its parser (old names);
    ``skip``: rules left to the step (the start of a command leaves ``Filled`` to the step that
    needs the value: an [imap] host left empty stops the harvest, not the stamping)."""
    hints = typing.get_type_hints(model, include_extras=True)
    check_names(path, section, table, [*(f.name for f in fields(model)), *also])
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in also:
            continue
        try:
            values[key] = read_value(hints[key], value, skip=skip)
        except Refused as exc:
            raise ConfigError(f"{at_key(path, section, key)} [{section}] {key} {exc}: correct it in the file") from None
    return values


def read_section(path: Path | str, section: str, table: dict[str, Any], model: type[T], *,
                 also: tuple[str, ...] = (), trim: bool = False) -> T:
    """``[section]``'s ``table`` as a ``model`` instance (check_table's checks, and every field
    without a default present); ``trim``: texts, and the texts of lists, without surrounding spaces."""
    values = check_table(path, section, table, model, also=also)
    if trim:
        values = {key: value.strip() if isinstance(value, str)
                  else [item.strip() for item in value] if isinstance(value, list) else value
                  for key, value in values.items()}
    for f in fields(model):  # type: ignore[arg-type]
        if f.name not in values and f.default is MISSING and f.default_factory is MISSING:
            raise ConfigError(f"{path}: [{section}] {f.name} is missing; add it")
    return model(**values)
