"""The ``[matching]`` table of campaign.toml: when a reply is linked without a person looking."""

from __future__ import annotations

from dataclasses import dataclass, fields

from campaign.config import Settings
from campaign.errors import ConfigError


@dataclass
class MatchingSettings:
    """Score thresholds (in evidence weight points; see campaign.matching.scoring)."""

    auto_link_score: float = 9.0     # the best candidate needs at least this much evidence...
    auto_link_gap: float = 4.0       # ...and this much more than the runner-up
    min_proposal_score: float = 2.0  # weaker candidates are not shown
    max_proposals: int = 5           # candidates kept per reply
    name_cutoff: int = 86            # fuzzy name scores below this say nothing
    block_on_dmarc_fail: bool = True  # a failed DMARC verdict sends the reply to review


def matching_settings(settings: Settings) -> MatchingSettings:
    """Parse ``[matching]``; every bad value names the file and key."""
    raw = settings.section("matching")
    where = f"{settings.path}: [matching]"
    out = MatchingSettings()
    known = {f.name: f for f in fields(MatchingSettings)}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{where} unknown key '{key}'; known keys: {', '.join(sorted(known))}")
        default = getattr(out, key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{where} {key} must be true or false")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where} {key} must be a number")
        elif value < 0 or (key == "name_cutoff" and not 50 <= value <= 100) or (key == "max_proposals" and value < 1):
            raise ConfigError(f"{where} {key} = {value} is out of range")
        setattr(out, key, type(default)(value))
    if out.min_proposal_score > out.auto_link_score:
        raise ConfigError(f"{where} min_proposal_score must not exceed auto_link_score")
    return out
