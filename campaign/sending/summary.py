"""The "Requests" section of `campaign status`: what the e-mailed requests became."""

from __future__ import annotations

from campaign.outbox import request_counts
from campaign.sections import StatusSection
from campaign.store import Store


def requests_section(store: Store) -> StatusSection:
    """Clients asked by e-mail, answered since, bounced, and messages whose fate a person must settle."""
    counts = request_counts(store)
    if not any(counts.values()):
        return StatusSection("Requests", [("E-mailed requests", "none (optional: `campaign send requests`)")])
    section = StatusSection("Requests", [
        ("Clients asked by e-mail", str(counts["sent"])),
        ("Follow-ups sent", str(counts["follow_ups"])),
        ("Answered since", str(counts["answered"])),
        ("Bounced (address on file dead)", str(counts["bounced"])),
    ])
    if counts["uncertain"]:
        section.lines.append(("Uncertain (a person must settle)",
                              f"{counts['uncertain']}: `campaign send list --state uncertain`"))
    return section
