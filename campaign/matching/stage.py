"""The ``matching`` pipeline stage: each newly understood message is matched as it is harvested."""

from __future__ import annotations

from campaign.context import Context
from campaign.mail.messages import StoredMessage
from campaign.mail.pipeline import register
from campaign.matching.records import Outcome
from campaign.matching.run import MATCHER_VERSION, MatcherCache, match_message, match_messages

STAGE_NAME = "matching"


def run_batch(context: Context, messages: list[StoredMessage]) -> dict[int, str]:
    """Match a batch of messages in one call; {message id: one-line summary}."""
    outcomes = match_messages(context.store, context.settings, [m.id for m in messages], matchers=_matchers(context))
    return {outcome.message_id: summary(outcome) for outcome in outcomes}


@register(STAGE_NAME, MATCHER_VERSION, order=20, batch=run_batch)
def run(context: Context, message: StoredMessage) -> str:
    """Match one message (after the understanding stage); returns a one-line summary."""
    return summary(match_message(context.store, context.settings, message.id, matchers=_matchers(context)))


def _matchers(context: Context) -> MatcherCache:
    """The command's matcher (its client index built or loaded once)."""
    return context.derived("matching.matchers", MatcherCache)


def summary(outcome: Outcome) -> str:
    """A matching outcome in one line, for the message's stage record."""
    if outcome.status == "linked":
        return f"linked ({outcome.linked_by}): {', '.join(outcome.linked)}"
    if outcome.status == "review" and outcome.candidates:
        return "review: " + ", ".join(f"{c.code} {c.score:g}" for c in outcome.candidates[:3])
    return outcome.status
