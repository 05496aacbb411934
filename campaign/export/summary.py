"""The lines `campaign export` prints about the clients it left out or listed as pending, and why."""

from __future__ import annotations

from campaign.wording import plural
from campaign.export.export import ExportResult

REASONS = {  # pending_reason -> words, in the order they are listed
    "no_answer": "no answer",
    "to_confirm": "unconfirmed proposal",
    "to_review": "to review",
    "to_chase": "to chase",
}


def pending_lines(result: ExportResult, only: str) -> list[str]:
    """One line on the clients nobody decided for, one on the client-file e-mails kept; none when nothing to say."""
    lines = []
    count = sum(result.pending.values())
    if count:
        why = ", ".join(f"{result.pending[key]} {words}" for key, words in REASONS.items() if result.pending[key])
        if only == "decided":
            lines.append(f"Left out {plural(count, 'undecided client')} ({why}): they stay on paper until a "
                         "person decides; --only all lists them.")
        else:
            lines.append(f"Listed {plural(count, 'undecided client')} as pending ({why}): they stay on paper "
                         "until a person decides.")
    if result.file_email_kept:
        lines.append(f"Kept the client file's e-mail of {plural(result.file_email_kept, 'client')} not on e-mail"
                     " (never blanked).")
    return lines
