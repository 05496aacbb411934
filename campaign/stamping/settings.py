"""The ``[memo]`` table of campaign.toml, parsed and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from campaign.config import Settings, check_names
from campaign.errors import ConfigError

PAGE_CHOICES = ("last", "all", "first")
SKIP_CHOICES = ("confirmed", "refused")
MIN_FONT = 7.0  # the floor: smaller memo text is not read
MIN_SCALE = 0.90  # never shrink a page's content more than this

DEFAULT_CLIENT_PATTERN = r"(?:code|r[ée]f(?:[ée]rence)?\.?)\s*client\s*(?:n[°o]\.?\s*)?:?\s*([A-Z0-9][A-Z0-9._/-]{1,23})"
DEFAULT_INVOICE_PATTERN = (
    r"(?:facture|invoice|avoir)\s*(?:n[°o]\.?|num[ée]ro|number|no\.?|#)\s*:?\s*([A-Z0-9][A-Z0-9._/-]{1,29})"
)


@dataclass
class MemoSettings:
    """How memos are written and placed."""

    template: Path | None = None  # a firm's own jinja2 template; None = bundled one for the language
    pages: str = "last"
    client_pattern: str = DEFAULT_CLIENT_PATTERN
    invoice_pattern: str = DEFAULT_INVOICE_PATTERN
    skip: list[str] = field(default_factory=lambda: list(SKIP_CHOICES))
    max_font_size: float = 9.0
    min_font_size: float = MIN_FONT
    min_scale: float = MIN_SCALE
    search_fraction: float = 0.5  # how much of the page, from the bottom, is searched for space
    margin_mm: float = 8.0  # unprintable edge of office printers
    clearance_mm: float = 1.5  # blank kept between the memo and any ink
    qr: bool = True


def _regex(value: Any, where: str) -> str:
    try:
        compiled = re.compile(str(value), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"{where} is not a valid regular expression ({exc})") from None
    if compiled.groups < 1:
        raise ConfigError(f"{where} needs one capturing group (…) around the code itself")
    return str(value)


def check_pattern(value: str, where: str) -> str:
    """Check a client or invoice pattern: a valid regex with a capturing group."""
    return _regex(value, where)


def memo_settings(settings: Settings) -> MemoSettings:
    """Parse ``[memo]``; every bad value names the file and key."""
    raw = settings.section("memo")
    where = f"{settings.path}: [memo]"
    out = MemoSettings()
    known = set(MemoSettings.__dataclass_fields__)
    check_names(settings.path, "memo", raw, known)
    if "template" in raw:
        path = Path(str(raw["template"])).expanduser()
        if not path.is_absolute():
            path = settings.path.parent / path
        if not path.is_file():
            raise ConfigError(f"{where} template {path} not found; copy one from memo_templates/")
        out.template = path
    if "pages" in raw:
        if raw["pages"] not in PAGE_CHOICES:
            raise ConfigError(f"{where} pages must be one of {', '.join(PAGE_CHOICES)}")
        out.pages = raw["pages"]
    for key in ("client_pattern", "invoice_pattern"):
        if key in raw:
            setattr(out, key, _regex(raw[key], f"{where} {key}"))
    if "skip" in raw:
        skip = raw["skip"]
        if not isinstance(skip, list) or any(s not in SKIP_CHOICES for s in skip):
            raise ConfigError(f'{where} skip must be a list drawn from {list(SKIP_CHOICES)}, e.g. skip = []')
        out.skip = list(skip)
    numbers = {
        "max_font_size": (MIN_FONT, 14.0), "min_font_size": (MIN_FONT, 14.0), "min_scale": (MIN_SCALE, 1.0),
        "search_fraction": (0.1, 1.0), "margin_mm": (0.0, 30.0), "clearance_mm": (0.0, 10.0),
    }
    for key, (low, high) in numbers.items():
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ConfigError(f"{where} {key} must be a number from {low} to {high}")
            setattr(out, key, float(value))
    if out.min_font_size > out.max_font_size:
        raise ConfigError(f"{where} min_font_size is larger than max_font_size")
    if "qr" in raw:
        if not isinstance(raw["qr"], bool):
            raise ConfigError(f"{where} qr must be true or false")
        out.qr = raw["qr"]
    return out
