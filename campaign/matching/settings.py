"""The ``[matching]`` table of campaign.toml: when a reply is linked without a person looking."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields

from campaign.config import Settings, check_names
from campaign.errors import ConfigError
from campaign.matching.confidence import confidence


@dataclass
class MatchingSettings:
    """Score thresholds (in evidence weight points; see campaign.matching.scoring)."""

    auto_link_confidence: float = 0.9  # calibrated P(best candidate) needed to link without a person
    auto_link_on_names: bool = False   # link on names alone (display name, text, mailbox), no identifier
    min_proposal_score: float = 2.0  # weaker candidates are not shown
    max_proposals: int = 5           # candidates kept per reply
    name_cutoff: int = 86            # fuzzy name scores below this say nothing
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
    raw = dict(settings.section("matching"))
    where = f"{settings.path}: [matching]"
    out = MatchingSettings()
    known = {f.name: f for f in fields(MatchingSettings)}
    equivalent = _from_old_keys(raw, where)
    for key in OLD_KEYS:
        raw.pop(key, None)
    if equivalent is not None and "auto_link_confidence" not in raw:
        out.auto_link_confidence = equivalent
    check_names(settings.path, "matching", raw, [*known, *OLD_KEYS])
    for key, value in raw.items():
        default = getattr(out, key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"{where} {key} must be true or false")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where} {key} must be a number")
        elif value < 0 or (key == "name_cutoff" and not 50 <= value <= 100) or (key == "max_proposals" and value < 1) \
                or (key == "auto_link_confidence" and not 0.5 <= value <= 1):
            raise ConfigError(f"{where} {key} = {value} is out of range")
        setattr(out, key, type(default)(value))
    return out
