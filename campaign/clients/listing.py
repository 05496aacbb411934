"""Read clients back from the campaign database."""

from __future__ import annotations

import json
from typing import Any

from campaign.store import Store

LIST_COLUMNS = (
    "code", "name", "first_name", "legal_form", "siren", "siret", "address", "postcode", "city",
    "phone", "emails", "website", "manager", "manager_email", "in_file",
)


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
