"""Read clients back from the campaign database: the ``clients`` table's one reader, for the
listing and for every step that needs a client's fields (matching, stamping, review, export,
reminders, status), so that only this module and the importer know the table (two listings of match
candidates join it for the clients' names in the same query: matching/listing.py, review/rows.py)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from campaign.store import Store

LIST_COLUMNS = (
    "code", "name", "first_name", "legal_form", "siren", "siret", "address", "postcode", "city",
    "phone", "emails", "website", "manager", "manager_email", "in_file",
)


FIELDS = frozenset(LIST_COLUMNS + ("manager_title", "source_row"))


def _checked(columns: tuple[str, ...]) -> str:
    """The columns as SQL, each one a field of the table (a typo fails here, not as an SQL error)."""
    unknown = [c for c in columns if c not in FIELDS]
    if unknown or not columns:
        raise ValueError(f"not fields of the clients table: {unknown or 'none asked'}")
    return ", ".join(columns)


def client_fields(store: Store, *columns: str, current: bool = True) -> list[sqlite3.Row]:
    """These fields of every client by code; ``current``: only the clients still in the file."""
    where = " WHERE in_file = 1" if current else ""
    return store.conn.execute(f"SELECT {_checked(columns)} FROM clients{where} ORDER BY code").fetchall()


def client_fields_of(store: Store, code: str, *columns: str) -> sqlite3.Row | None:
    """These fields of the client ``code`` as stored (None when the file never held it)."""
    return store.conn.execute(f"SELECT {_checked(columns)} FROM clients WHERE code = ?", (code,)).fetchone()


@dataclass
class ClientCounts:
    """How many clients the campaign knows, for the status."""

    known: int
    in_file: int
    with_email: int
    managers: int


def addresses_at_postcode(store: Store, postcode: str, other_than: str) -> list[tuple[str, str]]:
    """(postal address, postcode) of the clients in the file at ``postcode``, but client ``other_than``."""
    return [(r["address"], r["postcode"]) for r in store.conn.execute(
        "SELECT address, postcode FROM clients WHERE postcode = ? AND code != ? AND in_file = 1", (postcode, other_than))]


def client_counts(store: Store) -> ClientCounts:
    """Clients known, still in the file, with an e-mail on file, and their engagement managers."""
    known, in_file = store.conn.execute("SELECT COUNT(*), COALESCE(SUM(in_file), 0) FROM clients").fetchone()
    with_email = store.conn.execute("SELECT COUNT(*) FROM clients WHERE in_file = 1 AND emails != '[]'").fetchone()[0]
    managers = store.conn.execute(
        "SELECT COUNT(DISTINCT manager) FROM clients WHERE in_file = 1 AND manager != ''").fetchone()[0]
    return ClientCounts(known, in_file, with_email, managers)


def list_clients(store: Store, *, include_missing: bool = True, manager: str | None = None) -> list[dict[str, Any]]:
    """Clients ordered by code; ``emails`` as a list and ``in_file`` as a bool."""
    where, params = [], []
    if not include_missing:
        where.append("in_file = 1")
    if manager:
        where.append("manager = ?")
        params.append(manager)
    sql = f"SELECT {', '.join(LIST_COLUMNS)} FROM clients"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY code"
    clients = []
    for row in store.conn.execute(sql, params):
        item = dict(row)
        item["emails"] = json.loads(item["emails"])
        item["in_file"] = bool(item["in_file"])
        clients.append(item)
    return clients
