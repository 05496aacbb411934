"""Import (or re-import) the firm's client file into the campaign database in one transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from campaign.checkpoints import checkpoint
from campaign.clock import utc_now
from campaign.clients.codes import code_key
from campaign.clients.columns import ColumnMap, map_columns
from campaign.clients.reading import read_table
from campaign.clients.records import RECORD_FIELDS, ClientRecord, RowWarning, build_records
from campaign.errors import InputRefused
from campaign.store import Store


@dataclass
class ImportReport:
    """What an import did (or would do, for a dry run)."""

    path: Path
    description: str
    columns: ColumnMap
    rows_read: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)       # known clients not in this file
    returned: list[str] = field(default_factory=list)      # were missing, are back
    skipped: int = 0
    warnings: list[RowWarning] = field(default_factory=list)
    import_id: int | None = None
    dry_run: bool = False


def _values(record: ClientRecord) -> tuple[str, ...]:
    return tuple(
        json.dumps(record.emails) if name == "emails" else getattr(record, name)
        for name in RECORD_FIELDS
    )


def import_client_file(
    store: Store,
    path: Path,
    *,
    overrides: dict[str, str] | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    dry_run: bool = False,
    case_sensitive: bool = False,
) -> ImportReport:
    """Read, check and upsert a client file by client code (compared by :func:`code_key`).

    A file that cannot be read or lacks the required columns raises InputRefused and changes
    nothing. Row problems become warnings. Clients absent from the file are kept and marked.
    Only the fields that come from the file are written, so whatever the campaign has learned
    about a client (replies, decisions, in other tables) is untouched. A code now written in
    another case updates the client it names, which keeps its code as first imported: every
    other table refers to the client by that code.
    """
    path = Path(path)
    table = read_table(path, sheet=sheet, encoding=encoding, separator=separator)
    columns = map_columns(table.rows, overrides or {}, source=str(path))
    records, warnings, skipped = build_records(table.rows, columns, case_sensitive=case_sensitive)
    warnings[:0] = [RowWarning(None, None, None, note) for note in table.notes]   # e.g. mixed encodings
    report = ImportReport(path=path, description=table.description, columns=columns,
                          warnings=warnings, skipped=skipped, dry_run=dry_run)
    report.rows_read = len(records) + skipped
    if not records:
        raise InputRefused(f"{path}: no client rows under the header (row {columns.header_row}); nothing imported")

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    now = utc_now()
    conn = store.conn
    try:
        with store.transaction():
            cur = conn.execute(
                "INSERT INTO imports (file_name, file_sha256, file_format, imported_at, rows_read,"
                " added, updated, unchanged, missing, skipped, warnings)"
                " VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)",
                (str(path.resolve()), digest, table.description, now, report.rows_read),
            )
            import_id = cur.lastrowid
            report.import_id = import_id
            select = ", ".join(RECORD_FIELDS)
            existing, by_key = {}, {}
            # in the file first, then the smaller code: which of two legacy case twins a new spelling updates
            for row in conn.execute(f"SELECT code, {select}, in_file FROM clients ORDER BY in_file, code DESC"):
                existing[row[0]] = (tuple(row[1:-1]), row[-1])
                by_key[code_key(row[0], case_sensitive)] = row[0]
            inserts: list[tuple] = []
            updates: list[tuple] = []
            changes: list[tuple] = []
            touch: list[tuple] = []
            matched: set[str] = set()
            respelled: list[str] = []
            for record in records:
                checkpoint("clients.row")  # inside the import's transaction
                values = _values(record)
                source = json.dumps(record.source, ensure_ascii=False)
                code = record.code if record.code in existing else by_key.get(code_key(record.code, case_sensitive))
                if code is None:
                    inserts.append((record.code, *values, source, import_id, import_id, now, now))
                    report.added.append(record.code)
                    continue
                matched.add(code)
                if code != record.code:
                    respelled.append(f"{record.code} (row {record.row}) for {code}")
                old_values, in_file = existing[code]
                if not in_file:
                    report.returned.append(code)
                if old_values == values:
                    touch.append((source, import_id, code))
                    report.unchanged += 1
                    continue
                updates.append((*values, source, import_id, now, code))
                report.updated.append(code)
                changes.extend(
                    (code, import_id, name, old, new)
                    for name, old, new in zip(RECORD_FIELDS, old_values, values)
                    if old != new
                )
            if respelled:
                warnings.append(RowWarning(None, "code", None,
                    f"{len(respelled)} client code(s) written in another case than on file: "
                    f"{', '.join(respelled[:5])}{', …' if len(respelled) > 5 else ''}; those clients were"
                    " updated and keep the code they were first imported with"))
            placeholders = ", ".join("?" * (len(RECORD_FIELDS) + 6))
            conn.executemany(
                f"INSERT INTO clients (code, {select}, source_row, first_import_id, last_import_id,"
                f" created_at, updated_at) VALUES ({placeholders})",
                inserts,
            )
            assignments = ", ".join(f"{name} = ?" for name in RECORD_FIELDS)
            conn.executemany(
                f"UPDATE clients SET {assignments}, source_row = ?, last_import_id = ?, updated_at = ?,"
                " in_file = 1 WHERE code = ?",
                updates,
            )
            conn.executemany(
                "UPDATE clients SET source_row = ?, last_import_id = ?, in_file = 1 WHERE code = ?", touch
            )
            conn.executemany(
                "INSERT INTO client_changes (client_code, import_id, field, old_value, new_value)"
                " VALUES (?, ?, ?, ?, ?)",
                changes,
            )
            report.missing = sorted(code for code in existing if code not in matched)
            conn.executemany("UPDATE clients SET in_file = 0 WHERE code = ?", [(c,) for c in report.missing])
            if len(report.missing) > len(records):
                warnings.append(RowWarning(None, None, None,
                    f"{len(report.missing)} known clients are not in this file, more than it lists: is it a "
                    "partial export? They are kept, marked 'no longer in the file'; import the full list"))
            conn.executemany(
                "INSERT INTO import_warnings (import_id, row, field, code, message) VALUES (?, ?, ?, ?, ?)",
                [(import_id, w.row, w.field, w.code, w.message) for w in warnings],
            )
            conn.execute(
                "UPDATE imports SET added = ?, updated = ?, unchanged = ?, missing = ?, skipped = ?,"
                " warnings = ? WHERE id = ?",
                (len(report.added), len(report.updated), report.unchanged, len(report.missing),
                 skipped, len(warnings), import_id),
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.import_id = None
    return report


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""
