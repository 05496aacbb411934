"""The review rows: what the secretaries have to decide, one row each, read from the database.

Two kinds of rows:

- ``client``: one per client with something to decide (state proposed, or decided but a newer
  reply arrived). The proposal (address, copies) comes from :func:`campaign.client_states.client_states`.
  Auto-linked proposals come pre-filled (address -> confirmed, refusal -> refused) and carry the
  "auto" marker: the secretary only overrides what looks wrong.
- ``reply``: one per address or refusal reply the matcher could not link (outcome ``review`` or
  ``unmatched``). The best candidate is the row's ``suggested`` client: the workbook shows its code
  and name for the secretary to confirm or change, but the import links the reply only when she
  takes a decision on it or types another code, so an untouched guess never becomes a link.

Clients whose only pending item is a reply in review (state ``review``) are covered by that
reply's row, not listed twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from campaign.config import Settings
from campaign.matching.confidence import confidence as matcher_confidence
from campaign.matching.settings import matching_settings
from campaign.matching.words import resolution_text, warning_text
from campaign.review.plain import technical, warning_plain, why
from campaign.client_states import client_states
from campaign.store import Store
from campaign.clients.listing import client_fields

CLIENT, REPLY = "client", "reply"
REVIEW_INTENTS = ("address", "refusal")
DANGER = frozenset({"dmarc_fail"})     # warnings that the sender may be forged


@dataclass
class ReviewRow:
    """One line of the review sheet."""

    kind: str                          # client | reply
    code: str = ""
    name: str = ""
    address: str = ""
    copies: list[str] = field(default_factory=list)
    decision: str = ""                 # pre-filled decision (campaign.vocabulary.Decision) or ""
    auto: bool = False                 # pre-filled from an automatic link
    score: float = 0.0
    confidence: str = ""               # high | medium | low
    probability: float = 0.0           # the matcher's calibrated confidence (0..1)
    evidence: str = ""
    date: str = ""
    sender: str = ""
    subject: str = ""
    sentence: str = ""
    intent: str = ""
    candidates: str = ""
    warnings: str = ""
    comment: str = ""
    message_id: int | None = None
    phone: str = ""                    # the client's (or the suggested client's) phone, to call and check
    suggested: str = ""                # reply rows: the best candidate's code, pre-filled for a person to confirm
    suggested_name: str = ""
    detail: str = ""                   # the matcher's technical wording (weights, scores), for whoever needs it
    danger: bool = False               # a warning that the reply may be forged: the row shows it in red


def calibrated(score: float, others: list[float]) -> float:
    """The matcher's confidence in a candidate of ``score`` against the ``others``."""
    return matcher_confidence(score, others)


def confidence(probability: float, high: float) -> str:
    """A word for the matcher's calibrated confidence: high from the auto-link threshold, medium from 50 %."""
    if probability >= high:
        return "high"
    return "medium" if probability >= 0.5 else "low"


_MESSAGES_SQL = (
    "SELECT o.message_id, o.status, o.score, o.reasons, o.warnings, m.date, m.sender, m.subject,"
    " r.client_address, r.intent, r.flags, r.addresses, r.copies, r.evidence, r.context FROM match_outcomes o"
    " JOIN messages m ON m.id = o.message_id JOIN replies r ON r.id = o.reply_id")


def _candidates(store: Store) -> dict[int, list[tuple]]:
    """{message id: [(code, name, score, linked, evidence JSON), ...] best first}."""
    out: dict[int, list[tuple]] = {}
    for row in store.conn.execute(
            "SELECT c.message_id, c.client_code, COALESCE(k.name, ''), c.score, c.linked, c.evidence"
            " FROM match_candidates c LEFT JOIN clients k ON k.code = c.client_code ORDER BY c.message_id, c.rank"):
        out.setdefault(row[0], []).append(tuple(row)[1:])
    return out


def _words(items: str, language: str) -> list[str]:
    return [warning_plain(item, language) for item in json.loads(items)]


def _technical_words(items: str, language: str) -> list[str]:
    return [warning_text(item, language) for item in json.loads(items)]


def review_rows(store: Store, settings: Settings) -> list[ReviewRow]:
    """Every row to review: client rows in client-code order, then reply rows by date."""
    language = settings.language
    high = matching_settings(settings).auto_link_confidence
    messages = {row["message_id"]: dict(row) for row in store.conn.execute(_MESSAGES_SQL)}
    candidates = _candidates(store)
    phones = {row["code"]: row["phone"] for row in client_fields(store, "code", "phone", current=False)}
    rows: list[ReviewRow] = []
    for state in client_states(store):
        if not (state.status == "proposed" or (state.status == "decided" and (state.newer_reply or state.new_reading))):
            continue
        row = ReviewRow(CLIENT, state.code, state.name, state.address, list(state.copies),
                        message_id=state.message_id, sentence=state.evidence_sentence, phone=phones.get(state.code, ""))
        message = messages.get(state.message_id) if state.message_id is not None else None
        if state.status == "proposed":
            # not pre-filled when the reply also names other clients: its address may be for one of them
            row.auto = state.linked_by == "auto" and not state.to_check
            row.decision = {"email": "confirmed", "paper": "refused"}.get(state.mode, "") if row.auto else ""
        if message is not None:
            _describe(row, message, candidates.get(message["message_id"], []), language, high, own=state.code)
            if state.status == "decided":
                # a newer reply came after the decision: show what it proposes
                row.address = (json.loads(message["addresses"]) or [state.address])[0]
                row.copies = json.loads(message["copies"])
            if state.status == "decided" and state.new_reading:
                decided = state.address if state.decision == "confirmed" else state.decision
                said = warning_plain({"code": "new_reading", "args": {"now": state.new_reading, "decided": decided}},
                                     language)
                row.warnings = "\n".join(x for x in (said, row.warnings) if x)
        rows.append(row)
    # a reply a person already set aside ("Écarter : pas ce client", `campaign match reject`) is not asked again
    handled = {r[0] for r in store.conn.execute("SELECT DISTINCT message_id FROM link_decisions")}
    reply_rows = []
    for message in messages.values():
        if message["status"] not in ("review", "unmatched") or not _to_decide(message) \
                or message["message_id"] in handled:
            continue
        # an out-of-office designates nothing, but the invoice address it names is the suggestion
        addresses = json.loads(message["addresses"]) or json.loads(message["context"] or "{}").get("mentioned", [])
        row = ReviewRow(REPLY, address=addresses[0] if addresses else "", copies=json.loads(message["copies"]),
                        message_id=message["message_id"])
        found = candidates.get(message["message_id"], [])
        _describe(row, message, found, language, high, own=None)
        if found:
            row.suggested, row.suggested_name = found[0][0], found[0][1]
            row.phone = phones.get(row.suggested, "")
        reply_rows.append(row)
    reply_rows.sort(key=lambda r: (r.date, r.message_id or 0))
    return rows + reply_rows


def _to_decide(message: dict) -> bool:
    """Replies a person decides on: addresses, refusals, and automatic replies that name an address
    ("I am away; from now on write to compta@...")."""
    return message["intent"] in REVIEW_INTENTS or "autoreply_with_address" in json.loads(message["flags"] or "[]")


def _describe(row: ReviewRow, message: dict, candidates: list[tuple], language: str, high: float,
              own: str | None) -> None:
    """Fill the source, evidence, confidence, candidates and warnings of ``row`` from its message."""
    row.date, row.subject, row.intent = message["date"], message["subject"], message["intent"]
    row.sender = message["client_address"] or message["sender"]
    row.sentence = row.sentence or message["evidence"]
    resolved = resolution_text(json.loads(message["context"] or "{}").get("resolved", {}), language)
    if resolved and resolved not in row.sentence:
        row.sentence = f"{row.sentence}\n{resolved}" if row.sentence else resolved
    mine = next((c for c in candidates if c[0] == own), None) if own else (candidates[0] if candidates else None)
    if mine is not None:
        row.score = float(mine[2])
        row.evidence = why(json.loads(mine[4]), language)
    else:
        row.score = float(message["score"])
    others = [float(c[2]) for c in candidates if mine is None or c[0] != mine[0]]
    row.probability = calibrated(row.score, others)
    row.confidence = confidence(row.probability, high) if candidates or own else ""
    # the best candidate is the row's own code (pre-filled); the others are listed by name
    row.candidates = "\n".join(f"{c[0]} {c[1]}" for c in candidates if mine is None or c[0] != mine[0])
    # a blocking warning (DMARC fail, out-of-office) is also the reason for review: say it once
    row.warnings = "\n".join(dict.fromkeys(_words(message["reasons"], language) + _words(message["warnings"], language)))
    row.danger = any(w["code"] in DANGER for w in json.loads(message["reasons"]) + json.loads(message["warnings"]))
    scores = ", ".join(f"{c[0]} {c[2]:g}" for c in candidates)
    row.detail = " | ".join(x for x in (
        technical(mine[4], language) if mine is not None else "",
        (f"scores : {scores}" if language == "fr" else f"scores: {scores}") if scores else "",
        "; ".join(dict.fromkeys(_technical_words(message["reasons"], language)
                                + _technical_words(message["warnings"], language)))) if x)
