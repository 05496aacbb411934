"""The words the database, the JSON listings and the command line share, each defined once: the
steps store these values, docs/json.md promises them to scripts, and the CLI offers them as the
choices of its options (typer shows and checks them from these enums)."""

from __future__ import annotations

from enum import Enum


class Intent(str, Enum):
    """What a reply says (campaign.understanding)."""

    ADDRESS = "address"
    REFUSAL = "refusal"
    QUESTION = "question"
    AUTOREPLY = "autoreply"
    BOUNCE = "bounce"
    OTHER = "other"


class MessageState(str, Enum):
    """Where a harvested message is in the pipeline."""

    NEW = "new"
    PROCESSED = "processed"
    FAILED = "failed"


class MatchStatus(str, Enum):
    """What matching made of a reply."""

    LINKED = "linked"
    REVIEW = "review"
    UNMATCHED = "unmatched"
    SKIPPED = "skipped"


class RequestState(str, Enum):
    """What became of a request e-mailed to a client (campaign.outbox)."""

    SENT = "sent"
    BOUNCED = "bounced"      # sent, then a delivery failure report came back (listings only)
    UNCERTAIN = "uncertain"
    REFUSED = "refused"
    FAILED = "failed"


class Verdict(str, Enum):
    """A person's verdict on one reply for one client (``match link`` / ``match reject``, the
    workbook): the reply is this client's, or it is not. Matching learns from it."""

    LINK = "link"
    REJECT = "reject"


class Decision(str, Enum):
    """A person's decision for one client (the review workbook, campaign.review.decisions): what
    the export does with the client. REJECTED also records the verdict REJECT on the reply it set
    aside: the two words say the same thing, of the client and of the reply."""

    CONFIRMED = "confirmed"  # e-mail, to the address decided
    REFUSED = "refused"      # the client keeps paper
    REJECTED = "rejected"    # the reply shown is not this client's (spoof, namesake, mistake)
    REMIND = "remind"        # contact the client again


class ListFormat(str, Enum):
    """How the listings print."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


INTENTS = tuple(i.value for i in Intent)
MESSAGE_STATES = tuple(s.value for s in MessageState)
MATCH_STATUSES = tuple(s.value for s in MatchStatus)
VERDICTS = tuple(v.value for v in Verdict)
DECISIONS = tuple(d.value for d in Decision)

# The subject the memo's QR code writes: the memo writes it, the understanding stage reads it.
SUBJECTS = {"fr": "Adresse e-mail pour les factures", "en": "E-mail address for invoices"}
