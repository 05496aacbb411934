"""The ``[matching]`` table of campaign.toml: when a reply is linked without a person looking."""

from __future__ import annotations

import math
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
    """The confidence equivalent to an old score/gap pair (None when neither is set, or when
    auto_link_confidence is set too: it wins)."""
    old = {k: raw[k] for k in OLD_KEYS if k in raw}
    if not old:
        return None
    for key, value in old.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise ConfigError(f"{where} {key} must be a number (it is replaced by auto_link_confidence)")
    names = " and ".join(old)
    verb = "are" if len(old) > 1 else "is"
    if "auto_link_confidence" in raw:
        _warn_once(f"{where} {names} {verb} ignored: auto_link_confidence is set; remove {names}")
        return None
    score, gap = float(old.get("auto_link_score", 9.0)), float(old.get("auto_link_gap", 4.0))
    equivalent = max(0.5, min(1.0, confidence(score, [score - gap])))  # within auto_link_confidence's range
    _warn_once(f"{where} {names} {verb} replaced by auto_link_confidence (a probability);"
               f" read as auto_link_confidence = {equivalent:.2f}: write that instead")
    return equivalent


def _warn_once(text: str) -> None:
    """One warning per text and process (a command reads the settings more than once)."""
    if text not in _warned:
        _warned.add(text)
        warnings.warn(text, UserWarning, stacklevel=4)


def matching_settings(settings: Settings) -> MatchingSettings:
    """Parse ``[matching]``; every bad value names the file and key."""
    raw = settings.section("matching")
    out = read_section(settings.path, "matching", raw, MatchingSettings, also=OLD_KEYS)
    equivalent = _from_old_keys(raw, f"{settings.path}: [matching]")
    if equivalent is not None:
        out.auto_link_confidence = equivalent
    return out
