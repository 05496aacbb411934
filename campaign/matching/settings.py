"""The ``[matching]`` table of campaign.toml: when a reply is linked without a person looking."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Annotated

from campaign.config import Settings
from campaign.errors import ConfigError
from campaign.matching.confidence import confidence
from campaign.settings_model import Between, read_section


@dataclass
class MatchingSettings:
    """Score thresholds (in evidence weight points; see campaign.matching.scoring)."""

    # calibrated P(best candidate) needed to link without a person
    auto_link_confidence: Annotated[float, Between(0.5, 1)] = 0.9
    auto_link_on_names: bool = False   # link on names alone (display name, text, mailbox), no identifier
    min_proposal_score: Annotated[float, Between(0)] = 2.0  # weaker candidates are not shown
    max_proposals: Annotated[int, Between(1)] = 5           # candidates kept per reply
    name_cutoff: Annotated[int, Between(50, 100)] = 86      # fuzzy name scores below this say nothing
    block_on_dmarc_fail: bool = True  # a failed DMARC verdict sends the reply to review


# Keys of campaign 0.1 that the calibrated confidence replaced: still read, with one warning.
OLD_KEYS = ("auto_link_score", "auto_link_gap")
_warned: set[str] = set()


def _from_old_keys(raw: dict, where: str) -> float | None:
    """The confidence equivalent to an old score/gap pair (None when neither is set)."""
    old = {k: raw[k] for k in OLD_KEYS if k in raw}
    if not old:
        return None
    for key, value in old.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{where} {key} must be a number (it is replaced by auto_link_confidence)")
    score, gap = float(old.get("auto_link_score", 9.0)), float(old.get("auto_link_gap", 4.0))
    equivalent = confidence(score, [score - gap])
    if where not in _warned:
        _warned.add(where)
        warnings.warn(f"{where} {' and '.join(old)} are replaced by auto_link_confidence (a probability);"
                      f" read as auto_link_confidence = {equivalent:.2f}: write that instead", UserWarning,
                      stacklevel=3)
    return equivalent


def matching_settings(settings: Settings) -> MatchingSettings:
    """Parse ``[matching]``; every bad value names the file and key."""
    raw = settings.section("matching")
    out = read_section(settings.path, "matching", raw, MatchingSettings, also=OLD_KEYS)
    equivalent = _from_old_keys(raw, f"{settings.path}: [matching]")
    if equivalent is not None and "auto_link_confidence" not in raw:
        out.auto_link_confidence = equivalent
    return out
