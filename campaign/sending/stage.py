"""The ``requests`` pipeline stage: a delivery failure report for a request the firm e-mailed marks
that request bounced (the address on file is dead; the client goes on the manager's call list).
Replies to requests need nothing here: matching reads the requests table itself."""

from __future__ import annotations

import json

from campaign import outbox
from campaign.context import Context
from campaign.mail.messages import StoredMessage
from campaign.mail.pipeline import register

STAGE_NAME = "requests"
STAGE_VERSION = "1"


def run_batch(context: Context, messages: list[StoredMessage]) -> dict[int, str]:
    """Mark the requests the batch's bounces return; {message id: one-line summary}."""
    out = {m.id: "not a delivery failure" for m in messages}
    ids = [m.id for m in messages]
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        rows = context.store.conn.execute(
            "SELECT r.message_id, r.context, r.message_date FROM replies r WHERE r.current = 1 AND r.intent = 'bounce'"
            f" AND r.message_id IN ({','.join('?' * len(part))})", part).fetchall()
        for message_id, text, date in rows:
            found = json.loads(text or "{}")
            codes = outbox.mark_bounced(context.store, found.get("bounce_of", []), message_id,
                                        found.get("bounced_to", []), date or "")
            out[message_id] = f"request to {', '.join(codes)} bounced" if codes else "a delivery failure, not of a request"
    return out


@register(STAGE_NAME, STAGE_VERSION, order=30, batch=run_batch)
def run(context: Context, message: StoredMessage) -> str:
    """The same for one message."""
    return run_batch(context, [message])[message.id]
