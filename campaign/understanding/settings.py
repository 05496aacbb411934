"""The [understanding] section of campaign.toml: how client references look, whose verdicts on
authentication to believe."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from campaign.config import check_names
from campaign.errors import ConfigError
from campaign.understanding.evidence import DEFAULT_REFERENCE_PATTERN


@dataclass
class UnderstandingSettings:
    """The ``[understanding]`` section: how client references look, whose verdicts to believe."""

    reference_pattern: str = DEFAULT_REFERENCE_PATTERN
    authserv_ids: list[str] = field(default_factory=list)


def parse_understanding_settings(section: dict, path: Path | str) -> UnderstandingSettings:
    """Check the ``[understanding]`` table of campaign.toml."""
    known = [f.name for f in fields(UnderstandingSettings)]
    check_names(path, "understanding", section, known)
    pattern = section.get("reference_pattern", DEFAULT_REFERENCE_PATTERN)
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(f"{path}: [understanding] reference_pattern must be a non-empty regular expression")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{path}: [understanding] reference_pattern is not a valid regular expression ({exc})") from None
    ids = section.get("authserv_ids", [])
    if not isinstance(ids, list) or not all(isinstance(i, str) and i.strip() for i in ids):
        raise ConfigError(f'{path}: [understanding] authserv_ids must be a list of server names,'
                          f' e.g. ["mx.cabinet-exemple.fr"]')
    return UnderstandingSettings(reference_pattern=pattern, authserv_ids=[i.strip().lower() for i in ids])
