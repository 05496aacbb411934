"""The requests table (campaign/migrations/0010_requests.sql): every message e-mailed to a client, and
what became of it.

Matching reads it to tie a reply to the request it answers, the pipeline to mark a bounced one,
the export and the reminders to know who was asked; the sending writes it. Nothing here sends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from campaign.clock import utc_now
from campaign.store import Store
from campaign.vocabulary import RequestState

# States a row can be in. 'prepared' exists only while its message is being handed to the server;
# one left over from an interrupted run is 'uncertain': it may or may not have gone out.
PREPARED = "prepared"  # stored only while its message is being handed over (listed as uncertain)
SENT, UNCERTAIN, REFUSED, FAILED = (s.value for s in (RequestState.SENT, RequestState.UNCERTAIN, RequestState.REFUSED,
                                                      RequestState.FAILED))
BOUNCED = RequestState.BOUNCED.value  # not stored: a sent one whose bounced_at is set
REQUEST, FOLLOW_UP = "request", "follow-up"
# a client with a row in one of these states is not asked again by the same kind of message
# (FAILED: the server said "try later", nothing went out)
ASKED = (PREPARED, SENT, UNCERTAIN, REFUSED)
INTERRUPTED = "the sending was interrupted: the server may or may not have taken it"


@dataclass
class RequestRow:
    """One message written to a client."""

    id: int
    client_code: str
    kind: str
    header_id: str
    to_address: str
    subject: str
    state: str
    detail: str = ""
    prepared_at: str = ""
    sent_at: str | None = None
    parent_id: int | None = None
    bounced_at: str | None = None
    settled_by: str = ""
    silence: bool = False      # it said "unless you tell us otherwise": silence may be exported as consent


_COLUMNS = ("id, client_code, kind, header_id, to_address, subject, state, detail, prepared_at, sent_at, parent_id,"
            " bounced_at, settled_by, silence")


def _rows(store: Store, where: str = "", params: Iterable = ()) -> list[RequestRow]:
    sql = f"SELECT {_COLUMNS} FROM requests {where} ORDER BY id"
    return [RequestRow(*row) for row in store.conn.execute(sql, tuple(params))]


def all_requests(store: Store, state: str | None = None) -> list[RequestRow]:
    """Every request written, oldest first (only those in ``state`` when given). A row still 'prepared'
    is one an interrupted run left (a running one holds the campaign's lock): listed as uncertain."""
    rows = [_shown(row) for row in _rows(store)]
    return [row for row in rows if row.state == state] if state else rows


def request_listing(store: Store, state: str | None = None) -> list[dict]:
    """The requests as `campaign send list` prints them (times ISO 8601): a sent one a delivery failure
    report returned is listed as "bounced", not "sent"."""
    out = []
    for row in all_requests(store):
        shown = BOUNCED if row.bounced_at and row.state == SENT else row.state
        if state and shown != state:
            continue
        detail = row.detail or ("a delivery failure report came back for it" if shown == BOUNCED else "")
        out.append({"client": row.client_code, "kind": row.kind, "to": row.to_address, "state": shown,
                    "sent": row.sent_at or "", "bounced": row.bounced_at or "", "detail": detail,
                    "message_id": row.header_id})
    return out


def _shown(row: RequestRow) -> RequestRow:
    if row.state == PREPARED:
        row.state = UNCERTAIN
        row.detail = row.detail or INTERRUPTED
    return row


def settle_interrupted(store: Store) -> int:
    """Rows a crashed run left 'prepared' become 'uncertain' (the caller holds the campaign's lock,
    so no other run is sending); returns how many."""
    with store.transaction():
        return store.conn.execute("UPDATE requests SET state = ?, detail = ? WHERE state = ?",
                                  (UNCERTAIN, INTERRUPTED, PREPARED)).rowcount


def asked(store: Store, kind: str) -> dict[str, dict[str, str]]:
    """{client code: {address (lower-case): state}} of the messages of this kind written to each client, or
    of unknown fate, or refused by the server: a client is asked again only at an address never refused."""
    marks = ",".join("?" * len(ASKED))
    out: dict[str, dict[str, str]] = {}
    for code, to, state in store.conn.execute(
            f"SELECT client_code, lower(to_address), state FROM requests WHERE kind = ? AND state IN ({marks})",
            (kind, *ASKED)):
        out.setdefault(code, {})[to] = state
    return out


def prepare(store: Store, *, code: str, kind: str, header_id: str, to: str, subject: str,
            parent_id: int | None = None, silence: bool = False) -> int:
    """Record a message about to be handed to the server, committed before it is (its row id)."""
    with store.transaction():
        cursor = store.conn.execute(
            "INSERT INTO requests (client_code, kind, header_id, parent_id, to_address, subject, state, prepared_at,"
            " silence) VALUES (?,?,?,?,?,?,?,?,?)",
            (code, kind, header_id, parent_id, to, subject, PREPARED, utc_now(), int(silence)))
    assert cursor.lastrowid is not None  # an INSERT's row id
    return cursor.lastrowid


def mark(store: Store, row_id: int, state: str, detail: str = "", *, settled_by: str = "",
         sent_at: str | None = None) -> None:
    """Record what became of a message (committed at once); a sent one is dated now unless ``sent_at``."""
    with store.transaction():
        store.conn.execute("UPDATE requests SET state = ?, detail = ?, sent_at = CASE WHEN ? = 'sent'"
                           " THEN COALESCE(sent_at, ?) ELSE sent_at END, settled_by = ? WHERE id = ?",
                           (state, detail, state, sent_at or utc_now(), settled_by, row_id))


def by_header(store: Store, header_ids: Iterable[str]) -> dict[str, RequestRow]:
    """{Message-ID: request} for the ids that are requests we wrote (any state but failed and refused:
    a reply to an uncertain one proves it went out). Ours are lower-case (compose.new_header_id), so the
    ids read are lower-cased and the table's unique index finds them."""
    wanted = sorted({h.strip("<> ").lower() for h in header_ids if h and h.strip("<> ")})
    out: dict[str, RequestRow] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        marks = ",".join("?" * len(part))
        for row in _rows(store, f"WHERE header_id IN ({marks}) AND state IN (?, ?, ?)",
                         (*part, SENT, UNCERTAIN, PREPARED)):
            out[row.header_id.lower()] = row
    return out


def _forms(address: str) -> set[str]:
    """An address as written and with its domain in ASCII (IDNA), lower-cased: a report may give either."""
    local, _, domain = address.lower().rpartition("@")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_domain = domain
    return {address.lower(), f"{local}@{ascii_domain}"}


def mark_bounced(store: Store, header_ids: Iterable[str], message_id: int, recipients: Iterable[str] = (),
                 date: str = "") -> list[str]:
    """Requests named by a delivery failure report are bounced; returns their client codes (inside the
    caller's transaction). Named by Message-ID (and, when the report says for whom it failed, only if that
    is the address the request was written to: a report of another message may quote a request's id in its
    References); failing that, by the failed address alone, among the requests sent to it in the week before
    the report (``date``, ISO; a day of clock skew allowed): a report that returns no headers still names
    whom it could not reach."""
    wanted = {form for r in recipients if r for form in _forms(r)}
    found = [row for row in by_header(store, header_ids).values() if not wanted or _forms(row.to_address) & wanted]
    if not found and wanted:
        moment = dt.datetime.fromisoformat((date or utc_now()).replace("Z", "+00:00"))
        since = (moment - dt.timedelta(days=7)).isoformat(timespec="seconds")
        until = (moment + dt.timedelta(days=1)).isoformat(timespec="seconds")
        found = [row for row in _rows(store, "WHERE state = ? AND bounced_at IS NULL AND sent_at BETWEEN ? AND ?",
                                      (SENT, since, until)) if _forms(row.to_address) & wanted]
    for row in found:
        store.conn.execute("UPDATE requests SET bounced_by = ?, bounced_at = COALESCE(bounced_at, ?) WHERE id = ?",
                           (message_id, utc_now(), row.id))
    return sorted({row.client_code for row in found})


def latest_to(store: Store) -> dict[str, RequestRow]:
    """Per client code, the latest request or follow-up that went out (sent or uncertain)."""
    out: dict[str, RequestRow] = {}
    for row in _rows(store, "WHERE state IN (?, ?)", (SENT, UNCERTAIN)):
        out[row.client_code] = row
    return out


def request_counts(store: Store) -> dict[str, int]:
    """How many clients were asked by e-mail, whose request bounced, whose fate is unknown, and who
    answered (a reply linked to them after their first request went out)."""
    row = store.conn.execute(
        "SELECT COUNT(DISTINCT CASE WHEN state = 'sent' THEN client_code END),"
        " COUNT(DISTINCT CASE WHEN bounced_at IS NOT NULL THEN client_code END),"
        " COUNT(CASE WHEN state IN ('uncertain', 'prepared') THEN 1 END),"
        " COUNT(CASE WHEN kind = 'follow-up' AND state = 'sent' THEN 1 END) FROM requests").fetchone()
    answered = store.conn.execute(
        "SELECT COUNT(DISTINCT q.client_code) FROM requests q JOIN linked_replies l ON l.client_code = q.client_code"
        " WHERE q.state = 'sent' AND l.intent IN ('address', 'refusal', 'question')"
        " AND COALESCE(NULLIF(l.message_date, ''), l.harvested_at) >= q.sent_at").fetchone()[0]
    return {"sent": row[0], "bounced": row[1], "uncertain": row[2], "follow_ups": row[3], "answered": answered}
