"""The "Replies" section of `campaign status`: what has been harvested, from where, and when."""

from __future__ import annotations

from campaign import clock
from campaign.sections import StatusSection
from campaign.store import Store


def replies_section(store: Store, language: str = "fr") -> StatusSection:
    """Messages harvested in total and per source, and the last harvest run."""
    conn = store.conn
    total, purged = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(raw IS NULL), 0) FROM messages").fetchone()
    section = StatusSection("Replies", [("Messages harvested", str(total))])
    for row in conn.execute(
            "SELECT source_kind, source, folder, COUNT(*) AS n FROM messages"
            " GROUP BY source_kind, source, folder ORDER BY source_kind, source, folder"):
        where = f"{row['source']} {row['folder']}" if row["source_kind"] == "imap" else row["source"]
        section.lines.append((f"  from {row['source_kind']}", f"{where}: {row['n']}"))
    states = dict(conn.execute("SELECT state, COUNT(*) FROM messages GROUP BY state ORDER BY state").fetchall())
    for state, count in states.items():
        section.lines.append((f"  state {state}", str(count)))
    if states.get("new"):
        section.lines.append(("  not processed yet", f"{states['new']}: the next `campaign harvest` processes "
                                                     "them (or run `campaign reprocess --status new`)"))
    section.lines.extend(_failed_lines(store, states.get("failed", 0)))
    if purged:
        section.lines.append(("Raw messages purged", str(purged)))
    last = conn.execute("SELECT source, started_at, finished_at, status, added, duplicates, failed, error"
                        " FROM harvests ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        section.lines.append(("Last harvest", "none yet: run `campaign harvest` (see docs/imap.md)"))
    else:
        section.lines.append(("Last harvest", f"{clock.shown(last['started_at'], language)} from {last['source']}: {last['status']}"))
        result = f"{last['added']} new, {last['duplicates']} already stored, {last['failed']} failed"
        if last["error"]:
            result += f"; {last['error']}"
        section.lines.append(("  result", result))
    return section


FAILED_SHOWN = 10


def _failed_lines(store: Store, failed: int) -> list[tuple[str, str]]:
    """The messages whose processing failed, named by folder and UID or by file, with the reason."""
    if not failed:
        return []
    lines = []
    for row in store.conn.execute(
            "SELECT m.id, m.source_kind, m.folder, m.uid, m.file_name, s.stage, s.detail FROM messages m"
            " LEFT JOIN message_stages s ON s.message_id = m.id AND s.status = 'failed'"
            " WHERE m.state = 'failed' GROUP BY m.id ORDER BY m.id LIMIT ?", (FAILED_SHOWN,)):
        where = f"{row['folder']} UID {row['uid']}" if row["source_kind"] == "imap" else row["file_name"]
        reason = f"{row['stage']}: {row['detail']}" if row["stage"] else "failed"
        lines.append((f"  failed: message {row['id']}", f"{where}: {reason}"[:200]))
    more = f" ({failed - FAILED_SHOWN} more: `campaign replies --status failed`)" if failed > FAILED_SHOWN else ""
    lines.append(("  after a fix", f"`campaign reprocess --status failed` runs them again{more}"))
    return lines
