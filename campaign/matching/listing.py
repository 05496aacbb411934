"""Reading match outcomes back: one line per reply, or one reply's evidence in full."""

from __future__ import annotations

import json
from typing import Any

from campaign.matching.words import evidence_text, resolution_text, warning_text
from campaign.sections import StatusSection
from campaign.store import Store
from campaign.vocabulary import MATCH_STATUSES

STATUSES = MATCH_STATUSES

_OUTCOME_SQL = ("SELECT o.*, m.date, m.sender, m.subject, r.intent, r.addresses, r.evidence AS sentence, r.context,"
                " r.client_address FROM match_outcomes o JOIN messages m ON m.id = o.message_id"
                " JOIN replies r ON r.id = o.reply_id")


def _candidates(store: Store, message_id: int) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT c.client_code, c.rank, c.score, c.linked, c.evidence, k.name FROM match_candidates c"
        " LEFT JOIN clients k ON k.code = c.client_code WHERE c.message_id = ? ORDER BY c.rank", (message_id,))
    return [{"code": r[0], "rank": r[1], "score": r[2], "linked": bool(r[3]), "evidence": json.loads(r[4]),
             "name": r[5] or ""} for r in rows]


def linked_clients(store: Store) -> dict[int, list[str]]:
    """{message id: the client codes its reply is linked to (automatically or by a person)}."""
    out: dict[int, list[str]] = {}
    for message, code in store.conn.execute(
            "SELECT message_id, client_code FROM linked_replies ORDER BY message_id, client_code"):
        out.setdefault(message, []).append(code)
    return out


def list_outcomes(store: Store, status: str | None = None, language: str = "en") -> list[dict[str, Any]]:
    """One row per matched reply: status, linked clients, best candidates, warnings in words."""
    sql, params = _OUTCOME_SQL, tuple[str, ...]()
    if status:
        sql += " WHERE o.status = ?"
        params = (status,)
    rows = []
    for row in store.conn.execute(sql + " ORDER BY m.date, o.message_id", params):
        item = dict(row)
        candidates = _candidates(store, item["message_id"])
        rows.append({
            "message": item["message_id"], "date": item["date"], "sender": item["client_address"] or item["sender"],
            "subject": item["subject"], "intent": item["intent"], "addresses": json.loads(item["addresses"]),
            "status": item["status"], "linked_by": item["linked_by"],
            "clients": [c["code"] for c in candidates if c["linked"]],
            "candidates": [f"{c['code']} {c['score']:g}" for c in candidates],
            "score": item["score"], "gap": item["gap"], "confidence": item.get("confidence", 0.0),
            "reasons": [warning_text(w, language) for w in json.loads(item["reasons"])],
            "warnings": [warning_text(w, language) for w in json.loads(item["warnings"])],
        })
    return rows


def explain(store: Store, message_id: int, language: str = "en") -> dict[str, Any] | None:
    """One reply's outcome with every candidate's evidence in words (None when not matched yet)."""
    row = store.conn.execute(_OUTCOME_SQL + " WHERE o.message_id = ?", (message_id,)).fetchone()
    if row is None:
        return None
    item = dict(row)
    candidates = _candidates(store, message_id)
    for candidate in candidates:
        candidate["evidence"] = [evidence_text(e, language) for e in candidate["evidence"]]
    history = [dict(r) for r in store.conn.execute(
        "SELECT client_code, verdict, decided_by, decided_at, source, note FROM link_decisions"
        " WHERE message_id = ? ORDER BY id", (message_id,))]
    return {
        "message": message_id, "date": item["date"], "sender": item["client_address"] or item["sender"],
        "subject": item["subject"], "intent": item["intent"], "addresses": json.loads(item["addresses"]),
        "sentence": item["sentence"], "status": item["status"], "linked_by": item["linked_by"],
        "resolved": resolution_text(json.loads(item.get("context") or "{}").get("resolved", {}), language),
        "reasons": [warning_text(w, language) for w in json.loads(item["reasons"])],
        "warnings": [warning_text(w, language) for w in json.loads(item["warnings"])],
        "candidates": candidates, "decisions": history, "matched_at": item["matched_at"],
    }


def matching_counts(store: Store) -> dict[str, int]:
    """Replies per outcome status, and how the linked ones were linked."""
    counts = {f"{s}": n for s, n in store.conn.execute("SELECT status, COUNT(*) FROM match_outcomes GROUP BY status")}
    for how, n in store.conn.execute("SELECT linked_by, COUNT(*) FROM match_outcomes WHERE status = 'linked'"
                                     " GROUP BY linked_by"):
        counts[f"linked_{how}"] = n
    counts["stale"] = store.conn.execute(
        "SELECT COUNT(*) FROM match_outcomes WHERE client_import_id IS NOT (SELECT MAX(id) FROM imports)").fetchone()[0]
    return counts


def matching_section(store: Store) -> StatusSection:
    """How many replies are linked (automatically or by a person), wait for review, match no client."""
    section = StatusSection("Matching", [])
    counts = matching_counts(store)
    if not any(counts.get(s) for s in STATUSES):
        section.lines.append(("Replies matched", "none yet (runs after each harvest; `campaign match run`)"))
        return section
    section.lines.append(("Linked to clients", f"{counts.get('linked', 0)} ({counts.get('linked_auto', 0)} "
                                               f"automatically, {counts.get('linked_person', 0)} by a person)"))
    section.lines.append(("To review", str(counts.get("review", 0))))
    section.lines.append(("No client found", str(counts.get("unmatched", 0))))
    if counts["stale"]:
        section.lines.append(("Matched on an older client file", f"{counts['stale']}: run `campaign match run`"))
    return section
