"""The clients a memo may name, and the clients that get no memo.

"Clients that already have a confirmed billing address, or that refused e-mail, get no memo."
Those facts come from the review decisions (``decisions``, one current row per client, written by
campaign.review.decisions); :func:`decided_clients` reads them with the query below. A database
from before that table skips nobody, and the batch summary says so.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from campaign.clients.codes import ClientCodes, code_key
from campaign.errors import CampaignError
from campaign.stamping.memo import ClientInfo
from campaign.store import Store
from campaign.clients.listing import client_fields_of

# The contract with the review stage: one current decision per client.
DECISIONS_QUERY = "SELECT client_code, decision FROM decisions WHERE decision IN ({marks})"


def table_exists(store: Store, name: str) -> bool:
    """Whether the campaign database has table ``name``."""
    row = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def decided_clients(store: Store, rules: list[str], case_sensitive: bool = False) -> dict[str, str] | None:
    """{client code key (see code_key): decision} for the decisions in ``rules``; None when no decisions exist yet."""
    if not rules or not table_exists(store, "decisions"):
        return None
    query = DECISIONS_QUERY.format(marks=", ".join("?" for _ in rules))
    try:
        rows = store.conn.execute(query, rules).fetchall()
    except sqlite3.Error as exc:
        raise CampaignError(
            f"{store.path}: the decisions table cannot be read for [memo] skip ({exc}); "
            "upgrade campaign, or set skip = [] in campaign.toml to stamp every client") from None
    return {code_key(str(r[0]), case_sensitive): str(r[1]) for r in rows}


@dataclass
class ClientDirectory:
    """Client data by code as printed on invoices (found by code_key), read from the database on demand."""

    store: Store | None = None
    skipped: dict[str, str] = field(default_factory=dict)  # code key: decision
    skip_active: bool = False
    codes: ClientCodes = field(default_factory=ClientCodes)
    _cache: dict[str, ClientInfo] = field(default_factory=dict)

    @classmethod
    def open(cls, store: Store | None, rules: list[str], case_sensitive: bool = False) -> "ClientDirectory":
        """A directory over ``store`` with the skip rules applied where decisions exist."""
        decided = decided_clients(store, rules, case_sensitive) if store is not None else None
        codes = ClientCodes.load(store, case_sensitive) if store is not None else ClientCodes(case_sensitive)
        return cls(store=store, skipped=decided or {}, skip_active=decided is not None, codes=codes)

    def known(self, code: str) -> bool:
        """Whether the client file has the client ``code`` names."""
        return self.codes.find(code) is not None

    def skip_reason(self, code: str) -> str | None:
        """The decision that keeps the memo off this client's invoices, if any."""
        return self.skipped.get(self.codes.key(code))

    def get(self, code: str) -> ClientInfo:
        """The client's data; only the code when the client file does not know it."""
        if code not in self._cache:
            row = None
            stored = self.codes.find(code)
            if self.store is not None and stored is not None:
                row = client_fields_of(self.store, stored, "code", "name", "manager", "manager_email", "manager_title")
            self._cache[code] = ClientInfo(code=row["code"], name=row["name"], manager=row["manager"],
                                           manager_email=row["manager_email"], manager_title=row["manager_title"]
                                           ) if row else ClientInfo(code=code)
        return self._cache[code]
