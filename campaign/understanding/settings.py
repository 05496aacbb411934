"""The [understanding] section of campaign.toml: how client references look, whose verdicts on
authentication to believe."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from campaign.settings_model import Filled, Regex, read_section
from campaign.understanding.evidence import DEFAULT_REFERENCE_PATTERN


@dataclass
class UnderstandingSettings:
    """The ``[understanding]`` section: how client references look, whose verdicts to believe."""

    reference_pattern: Annotated[str, Filled(), Regex()] = DEFAULT_REFERENCE_PATTERN
    # the servers whose Authentication-Results to believe, e.g. ["mx.cabinet-exemple.fr"]
    authserv_ids: Annotated[list[str], Filled(none_is_fine=True)] = field(default_factory=list)


def parse_understanding_settings(section: dict, path: Path | str) -> UnderstandingSettings:
    """Check the ``[understanding]`` table of campaign.toml."""
    out = read_section(path, "understanding", section, UnderstandingSettings)
    out.authserv_ids = [i.strip().lower() for i in out.authserv_ids]
    return out
