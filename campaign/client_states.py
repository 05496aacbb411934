"""Where each client stands: decided by a person, proposed by the matcher, to review, or silent.

This is the one place that combines the client file, the linked replies (campaign.matching) and
people's decisions; the review workbook, the final export, the reminders and the status all read
client states from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from campaign.store import Store
from campaign.clients.listing import client_fields

STATUSES = ("decided", "proposed", "review", "no_answer")


@dataclass
class ClientState:
    """One client's situation in the campaign."""

    code: str
    name: str = ""
    siren: str = ""
    manager: str = ""
    manager_email: str = ""
    in_file: bool = True
    mode: str = "pending"          # email | paper | pending
    status: str = "no_answer"      # decided | proposed | review | no_answer
    decision: str = ""             # the person's decision: confirmed | refused | rejected | remind
    address: str = ""              # billing address (decided, else proposed)
    copies: list[str] = field(default_factory=list)
    message_id: int | None = None  # the reply it rests on (database id)
    message_ref: str = ""          # that reply's Message-ID header
    evidence_date: str = ""        # that reply's date
    evidence_sentence: str = ""    # the sentence the address or refusal came from
    linked_by: str = ""            # auto | person: how the reply was linked to the client
    to_check: bool = False         # linked, yet the reply went to review (it names other clients too, or gives an
    #                                address from a mailbox the file does not know): nothing pre-filled
    decided_by: str = ""
    decided_at: str = ""
    newer_reply: bool = False      # a reply arrived after the decision: review again
    new_reading: str = ""          # the reply the decision rests on reads differently now (after
    #                                a reprocess with better rules): what it says now; review again


_LINKED_SQL = (
    "SELECT client_code, intent, addresses, copies, evidence, message_date, message_id, linked_by, header_id,"
    " harvested_at FROM linked_replies WHERE intent IN ('address', 'refusal') ORDER BY message_date, message_id")


def latest_linked_replies(store: Store) -> dict[str, dict]:
    """Per client code, its latest linked address or refusal reply (a change of mind is a later reply)."""
    latest: dict[str, dict] = {}
    for row in store.conn.execute(_LINKED_SQL):
        item = dict(row)
        item["addresses"] = json.loads(item["addresses"])
        item["copies"] = json.loads(item["copies"])
        latest[item["client_code"]] = item
    return latest


def current_decisions(store: Store) -> dict[str, dict]:
    """Per client code, the current decision row."""
    out = {}
    for row in store.conn.execute("SELECT * FROM decisions"):
        item = dict(row)
        item["copies"] = json.loads(item["copies"])
        out[item["client_code"]] = item
    return out


def review_candidates(store: Store) -> set[str]:
    """Clients proposed first for a reply that waits for review."""
    return {r[0] for r in store.conn.execute(
        "SELECT c.client_code FROM match_candidates c JOIN match_outcomes o ON o.message_id = c.message_id"
        " WHERE o.status = 'review' AND c.rank = 1")}


def client_states(store: Store, *, include_gone: bool = False) -> list[ClientState]:
    """Every client's state, in client-code order (clients no longer in the file only if asked)."""
    linked = latest_linked_replies(store)
    decided = current_decisions(store)
    reviewing = review_candidates(store)
    # replies linked to a client yet sent to review (replies to our e-mailed requests: see ClientState.to_check)
    checking = {r[0] for r in store.conn.execute("SELECT message_id FROM match_outcomes WHERE status = 'review'")}
    evidence = _evidence(store, {d["message_id"] for d in decided.values() if d["message_id"] is not None})
    readings = _readings(store, {d["message_id"] for d in decided.values() if d["message_id"] is not None})
    states = []
    for row in client_fields(store, "code", "name", "first_name", "siren", "siret", "manager", "manager_email", "in_file",
                             current=not include_gone):
        code = row["code"]
        state = ClientState(code=code, name=" ".join(p for p in (row["name"], row["first_name"]) if p),
                            siren=row["siren"] or (row["siret"] or "")[:9], manager=row["manager"],
                            manager_email=row["manager_email"], in_file=bool(row["in_file"]))
        reply = linked.get(code)
        if reply is not None:
            state.message_id, state.message_ref = reply["message_id"], reply["header_id"]
            state.evidence_date, state.evidence_sentence = reply["message_date"], reply["evidence"]
            state.linked_by = reply["linked_by"]
            state.to_check = reply["message_id"] in checking
        decision = decided.get(code)
        if decision is not None:
            _apply_decision(state, decision, reply, evidence)
            state.new_reading = _new_reading(decision, readings.get(decision["message_id"], []))
        elif reply is not None:
            state.status = "proposed"
            if reply["intent"] == "address" and reply["addresses"]:
                state.mode, state.address, state.copies = "email", reply["addresses"][0], reply["copies"]
            elif reply["intent"] == "refusal":
                state.mode = "paper"
        elif code in reviewing:
            state.status = "review"
        states.append(state)
    return states


def _apply_decision(state: ClientState, decision: dict, reply: dict | None, evidence: dict[int, tuple]) -> None:
    state.status, state.decision = "decided", decision["decision"]
    state.decided_by, state.decided_at = decision["decided_by"], decision["decided_at"]
    if decision["decision"] == "confirmed":
        state.mode, state.address, state.copies = "email", decision["address"], decision["copies"]
    elif decision["decision"] == "refused":
        state.mode = "paper"
    message_id = decision["message_id"]
    if reply is not None and reply["message_id"] != message_id and reply["harvested_at"] > decision["decided_at"]:
        state.newer_reply = True
    if message_id is not None and message_id in evidence:
        # the evidence of a decision is the reply it rests on, even when a later one arrived
        state.message_id = message_id
        state.message_ref, state.evidence_date, state.evidence_sentence = evidence[message_id]


def _readings(store: Store, message_ids: set[int]) -> dict[int, list[tuple[str, str, str]]]:
    """{message id: [(understood at, intent, addresses JSON), ...] oldest first} for decided replies."""
    out: dict[int, list[tuple[str, str, str]]] = {}
    for message_id in message_ids:
        out[message_id] = [tuple(r) for r in store.conn.execute(
            "SELECT understood_at, intent, addresses FROM replies WHERE message_id = ? ORDER BY id", (message_id,))]
    return out


def _new_reading(decision: dict, readings: list[tuple[str, str, str]]) -> str:
    """What the decided reply says now, when that differs from what the person saw and from what she decided.

    Re-processing never changes a decision; it only asks for a second look.
    """
    if len(readings) < 2 or decision["decision"] not in ("confirmed", "refused"):
        return ""
    seen = [r for r in readings if r[0] <= decision["decided_at"]]
    if not seen:
        return ""
    before, now = seen[-1], readings[-1]
    if now is before or (now[1], [a.lower() for a in json.loads(now[2])]) == \
            (before[1], [a.lower() for a in json.loads(before[2])]):
        return ""
    addresses = json.loads(now[2])
    if now[1] == "address" and addresses:
        if decision["decision"] == "confirmed" and addresses[0].lower() == decision["address"].lower():
            return ""
        return addresses[0]
    if now[1] == "refusal":
        return "" if decision["decision"] == "refused" else "refusal"
    return now[1]


def _evidence(store: Store, message_ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """{message id: (Message-ID header, date, sentence)} for the replies decisions rest on."""
    out = {}
    for message_id in message_ids:
        row = store.conn.execute(
            "SELECT m.message_id, m.date, COALESCE(r.evidence, '') FROM messages m"
            " LEFT JOIN replies r ON r.message_id = m.id AND r.current = 1 WHERE m.id = ?", (message_id,)).fetchone()
        if row is not None:
            out[message_id] = tuple(row)
    return out
