"""The clients a memo may name, and the clients that get no memo.

"Clients that already have a confirmed billing address, or that refused e-mail, get no memo."
Those facts come from the review decisions (``decisions``, one current row per client, written by
campaign.review.decisions); :func:`decided_clients` reads them with the query below. A database
from before that table skips nobody, and the batch summary says so.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from campaign.errors import CampaignError
from campaign.stamping.memo import ClientInfo
from campaign.store import Store

# The contract with the review stage: one current decision per client.
DECISIONS_QUERY = "SELECT client_code, decision FROM decisions WHERE decision IN ({marks})"


def table_exists(store: Store, name: str) -> bool:
    """Whether the campaign database has table ``name``."""
    row = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def decided_clients(store: Store, rules: list[str]) -> dict[str, str] | None:
    """{client code (upper case): decision} for the decisions in ``rules``; None when no decisions exist yet."""
    if not rules or not table_exists(store, "decisions"):
        return None
    query = DECISIONS_QUERY.format(marks=", ".join("?" for _ in rules))
    try:
        rows = store.conn.execute(query, rules).fetchall()
    except sqlite3.Error as exc:
        raise CampaignError(
            f"{store.path}: the decisions table cannot be read for [memo] skip ({exc}); "
            "upgrade campaign, or set skip = [] in campaign.toml to stamp every client") from None
    return {str(r[0]).upper(): str(r[1]) for r in rows}


@dataclass
class ClientDirectory:
    """Client data by code (as printed on invoices, upper-cased), read from the database on demand."""

    store: Store | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    skip_active: bool = False
    _cache: dict[str, ClientInfo] = field(default_factory=dict)

    @classmethod
    def open(cls, store: Store | None, rules: list[str]) -> "ClientDirectory":
        """A directory over ``store`` with the skip rules applied where decisions exist."""
        decided = decided_clients(store, rules) if store is not None else None
        return cls(store=store, skipped=decided or {}, skip_active=decided is not None)

    def get(self, code: str) -> ClientInfo:
        """The client's data; only the code when the client file does not know it."""
        if code not in self._cache:
            row = None
            if self.store is not None:
                row = self.store.conn.execute(
                    "SELECT code, name, manager, manager_email FROM clients WHERE upper(code) = ?",
                    (code,)).fetchone()
            self._cache[code] = ClientInfo(code=row["code"], name=row["name"], manager=row["manager"],
                                           manager_email=row["manager_email"]) if row else ClientInfo(code=code)
        return self._cache[code]
