"""Recording people's decisions per client, with who, when and where each came from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from campaign.clock import utc_now
from campaign.store import Store
from campaign.vocabulary import DECISIONS


@dataclass
class Decision:
    """One decision about one client."""

    client_code: str
    decision: str                      # one of DECISIONS
    decided_by: str
    source: str                        # "workbook FILE Revue!E12", "cli", ...
    address: str = ""
    copies: list[str] = field(default_factory=list)
    message_id: int | None = None
    comment: str = ""
    decided_at: str = ""               # default: now


def same_as_current(store: Store, decision: Decision) -> bool:
    """Whether ``decision`` says exactly what the client's current decision says (re-import: no change)."""
    row = store.conn.execute("SELECT decision, address, copies, message_id, comment FROM decisions"
                             " WHERE client_code = ?", (decision.client_code,)).fetchone()
    return row is not None and (row[0], row[1], json.loads(row[2]), row[3], row[4]) == (
        decision.decision, decision.address, decision.copies, decision.message_id, decision.comment)


def record(store: Store, decision: Decision) -> bool:
    """Add ``decision`` to the history and make it current (inside the caller's transaction).

    Returns False, recording nothing, when it repeats the current decision.
    """
    if decision.decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision.decision!r}")
    if same_as_current(store, decision):
        return False
    when = decision.decided_at or utc_now()
    copies = json.dumps(decision.copies, ensure_ascii=False)
    cursor = store.conn.execute(
        "INSERT INTO decision_history (client_code, decision, address, copies, message_id, decided_by, decided_at,"
        " source, comment) VALUES (?,?,?,?,?,?,?,?,?)",
        (decision.client_code, decision.decision, decision.address, copies, decision.message_id,
         decision.decided_by, when, decision.source, decision.comment))
    store.conn.execute(
        "INSERT INTO decisions (client_code, decision, address, copies, message_id, decided_by, decided_at, source,"
        " comment, history_id) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(client_code) DO UPDATE SET"
        " decision = excluded.decision, address = excluded.address, copies = excluded.copies,"
        " message_id = excluded.message_id, decided_by = excluded.decided_by, decided_at = excluded.decided_at,"
        " source = excluded.source, comment = excluded.comment, history_id = excluded.history_id",
        (decision.client_code, decision.decision, decision.address, copies, decision.message_id,
         decision.decided_by, when, decision.source, decision.comment, cursor.lastrowid))
    return True


def history(store: Store, client_code: str | None = None) -> list[dict]:
    """Every decision recorded (for one client if given), oldest first."""
    sql, params = "SELECT * FROM decision_history", tuple[str, ...]()
    if client_code is not None:
        sql += " WHERE client_code = ?"
        params = (client_code,)
    rows = []
    for row in store.conn.execute(sql + " ORDER BY id", params):
        item = dict(row)
        item["copies"] = json.loads(item["copies"])
        rows.append(item)
    return rows
