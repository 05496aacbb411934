"""The ``[memo]`` table of campaign.toml, parsed and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.settings_model import Between, Filled, OneOf, Regex, at_key, read_given, read_section

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

    template: Annotated[Path | None, Filled()] = None  # a firm's own jinja2 template; None = bundled one for the language
    pages: Annotated[str, OneOf(PAGE_CHOICES)] = "last"
    client_pattern: Annotated[str, Regex(groups=1)] = DEFAULT_CLIENT_PATTERN
    invoice_pattern: Annotated[str, Regex(groups=1)] = DEFAULT_INVOICE_PATTERN
    skip: Annotated[list[str], OneOf(SKIP_CHOICES)] = field(default_factory=lambda: list(SKIP_CHOICES))
    max_font_size: Annotated[float, Between(MIN_FONT, 14.0)] = 9.0
    min_font_size: Annotated[float, Between(MIN_FONT, 14.0)] = MIN_FONT
    min_scale: Annotated[float, Between(MIN_SCALE, 1.0)] = MIN_SCALE
    # how much of the page, from the bottom, is searched for space
    search_fraction: Annotated[float, Between(0.1, 1.0)] = 0.5
    margin_mm: Annotated[float, Between(0.0, 30.0)] = 8.0  # unprintable edge of office printers
    clearance_mm: Annotated[float, Between(0.0, 10.0)] = 1.5  # blank kept between the memo and any ink
    qr: bool = True


def check_pattern(value: str, where: str) -> str:
    """Check a client or invoice pattern given elsewhere (an option): a valid regex with a capturing group."""
    return read_given(Annotated[str, Regex(groups=1)], value, where)


def memo_settings(settings: Settings) -> MemoSettings:
    """Parse ``[memo]``; every bad value names the file, its line and the key."""
    out = read_section(settings.path, "memo", settings.section("memo"), MemoSettings)
    if out.template is not None:
        path = out.template.expanduser()
        if not path.is_absolute():
            path = settings.path.parent / path
        if not path.is_file():
            raise ConfigError(f"{at_key(settings.path, 'memo', 'template')} [memo] template {path} not found; "
                              "copy one from memo_templates/")
        out.template = path
    if out.min_font_size > out.max_font_size:
        raise ConfigError(f"{at_key(settings.path, 'memo', 'min_font_size')} [memo] min_font_size is larger than "
                          "max_font_size")
    return out
