"""The "Memos" section of `campaign status`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from campaign.store import Store

if TYPE_CHECKING:
    from campaign.status import StatusSection


def memo_section(store: Store) -> "StatusSection":
    """Invoices stamped, distinct clients told, and the last run."""
    from campaign.status import StatusSection  # campaign.status imports this module

    conn = store.conn
    invoices, clients, generic = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT client_code), COALESCE(SUM(client_code IS NULL), 0) FROM stamps"
    ).fetchone()
    section = StatusSection("Memos", [
        ("Invoices stamped", str(invoices)),
        ("Distinct clients told", str(clients)),
        ("Invoices with the generic memo (client not found)", str(generic)),
    ])
    first = conn.execute("SELECT MIN(stamped_at) FROM stamps").fetchone()[0]
    if first:
        section.lines.append(("First memo", first))
    last = conn.execute(
        "SELECT id, started_at, files, failed, memos, scaled, out_dir, finished_at FROM stamp_runs"
        " ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        section.lines.append(("Last run", "none yet: run `campaign stamp INVOICES... --out DIR`"))
    elif last["finished_at"] is None:
        written = conn.execute("SELECT COUNT(DISTINCT output_file) FROM stamps WHERE run_id = ?",
                               (last["id"],)).fetchone()[0]
        section.lines.append(("Last run", (
            f"{last['started_at']}: stopped before it finished, after {written} stamped files into "
            f"{last['out_dir']}; run the same `campaign stamp` again")))
    else:
        section.lines.append(("Last run", (
            f"{last['started_at']}: {last['files']} files ({last['failed']} refused), "
            f"{last['memos']} memos, {last['scaled']} pages shrunk, into {last['out_dir']}")))
    return section
