"""The "Memos" section of `campaign status`."""

from __future__ import annotations

from campaign import clock
from campaign.sections import StatusSection
from campaign.store import Store


# One invoice, however often it is stamped again: its number and client; without a number, its file and page.
INVOICE_KEY = ("CASE WHEN COALESCE(invoice_number, '') != '' THEN 'n:' || invoice_number || '|' || COALESCE(client_code, '')"
               " ELSE 'f:' || source_file || '|' || page END")


def memo_section(store: Store, language: str = "fr") -> StatusSection:
    """Invoices stamped (each once, however often re-stamped), distinct clients told, and the last run."""
    conn = store.conn
    stamps, invoices, clients, generic = conn.execute(
        f"SELECT COUNT(*), COUNT(DISTINCT {INVOICE_KEY}), COUNT(DISTINCT client_code),"
        f" COUNT(DISTINCT CASE WHEN client_code IS NULL THEN {INVOICE_KEY} END) FROM stamps").fetchone()
    section = StatusSection("Memos", [
        ("Invoices stamped", str(invoices)),
        ("Distinct clients told", str(clients)),
        ("Invoices with the generic memo (client not found)", str(generic)),
    ])
    if stamps > invoices:
        section.lines.append(("Stamped again (counted once)", f"{stamps - invoices} copies of invoices "
                                                             "already stamped"))
    first = conn.execute("SELECT MIN(stamped_at) FROM stamps").fetchone()[0]
    if first:
        section.lines.append(("First memo", clock.shown(first, language)))
    last = conn.execute(
        "SELECT id, started_at, files, failed, memos, scaled, out_dir, finished_at FROM stamp_runs"
        " ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        section.lines.append(("Last run", "none yet: run `campaign stamp INVOICES... --out DIR`"))
    elif last["finished_at"] is None:
        written = conn.execute("SELECT COUNT(DISTINCT output_file) FROM stamps WHERE run_id = ?",
                               (last["id"],)).fetchone()[0]
        section.lines.append(("Last run", (
            f"{clock.shown(last['started_at'], language)}: stopped before it finished, after {written} stamped files into "
            f"{last['out_dir']}; run the same `campaign stamp` again")))
    else:
        section.lines.append(("Last run", (
            f"{clock.shown(last['started_at'], language)}: {last['files']} files ({last['failed']} refused), "
            f"{last['memos']} memos, {last['scaled']} pages shrunk, into {last['out_dir']}")))
    return section
