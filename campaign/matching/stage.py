"""The ``matching`` pipeline stage: each newly understood message is matched as it is harvested."""

from __future__ import annotations

from campaign.mail.messages import StoredMessage
from campaign.mail.pipeline import register
from campaign.matching.run import MATCHER_VERSION, match_message, settings_for
from campaign.store import Store

STAGE_NAME = "matching"


@register(STAGE_NAME, MATCHER_VERSION, order=20)
def run(store: Store, message: StoredMessage) -> str:
    """Match one message (after the understanding stage); returns a one-line summary."""
    outcome = match_message(store, settings_for(store), message.id)
    if outcome.status == "linked":
        return f"linked ({outcome.linked_by}): {', '.join(outcome.linked)}"
    if outcome.status == "review" and outcome.candidates:
        return "review: " + ", ".join(f"{c.code} {c.score:g}" for c in outcome.candidates[:3])
    return outcome.status
