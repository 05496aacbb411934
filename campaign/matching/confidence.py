"""A candidate's probability from its evidence score and its competitors' (the matcher's and the
settings' shared measure: campaign.toml's auto_link_confidence is read on this scale)."""

from __future__ import annotations

# Log2 odds, before any evidence, that a reply comes from someone the evidence cannot pin to a
# client (a stranger, a client writing from a mailbox nobody knows). Evidence weights are in the
# same bits, so a candidate's confidence is its share of 2**score among every candidate and that
# "nobody" outcome.
NOBODY_BITS = 5.0


def confidence(score: float, competitors: list[float], *, nobody: bool = True) -> float:
    """P(this candidate) given its score and the scores of the candidates it competes with.

    ``nobody=False``: the reply's own words list this client among others it names (the "nobody" outcome is
    for a reply the evidence cannot pin to anyone, not for one that writes the names of the files it is for)."""
    top = max([score, NOBODY_BITS if nobody else score, *competitors])
    mass = 2 ** (score - top)
    total = mass + (2 ** (NOBODY_BITS - top) if nobody else 0.0) + sum(2 ** (c - top) for c in competitors)
    return round(mass / total, 4)
