"""The campaign database: creation, migrations (of populated older databases too), refusal of a newer schema."""

from __future__ import annotations

import re
import sqlite3
import stat

import pytest

from campaign.errors import CampaignError, ConfigError
from campaign.store import migrations, open_store, schema_version


def test_new_database_is_owner_only_and_at_the_latest_schema(tmp_path) -> None:
    with open_store(tmp_path, create=True) as store:
        assert store.version == schema_version() >= 1
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"clients", "imports", "import_warnings", "client_changes"} <= tables
    assert stat.S_IMODE((tmp_path / "campaign.db").stat().st_mode) == 0o600


def test_older_database_is_migrated_forward(tmp_path) -> None:
    path = tmp_path / "campaign.db"
    sqlite3.connect(path).close()  # schema 0: an empty file from an older tool
    with open_store(tmp_path) as store:
        assert store.version == schema_version()


_JSON_LISTS = {"emails", "addresses", "copies", "refs", "sirens", "flags", "reasons", "warnings", "evidence"}
_JSON_OBJECTS = {"auth", "context", "source_row"}


def _one_row_everywhere(conn: sqlite3.Connection) -> dict[str, int]:
    """A row in every table of an older schema, from each column's type and CHECK list; the keys
    all point at the first row of their table ("x", 1), so the rows hold together."""
    counts = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "ORDER BY rowid").fetchall():
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        columns = conn.execute(f"PRAGMA table_info({table})").fetchall()
        single_key = sum(1 for c in columns if c[5]) == 1
        names, values = [], []
        for _cid, name, kind, _notnull, _default, pk in columns:
            if pk and single_key and kind.upper() == "INTEGER":
                continue  # the rowid
            choices = re.search(rf"\b{name}\b[^,]*?CHECK\s*\(\s*{name}\s+IN\s*\(([^)]*)\)", sql)
            if choices:
                value: object = choices.group(1).split(",")[0].strip().strip("'")
            elif "INT" in kind.upper():
                value = 1
            elif "REAL" in kind.upper():
                value = 0.5
            else:
                value = "[]" if name in _JSON_LISTS else "{}" if name in _JSON_OBJECTS else "x"
            names.append(name)
            values.append(value)
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(values))})", values)
        counts[table] = 1
    return counts


@pytest.mark.parametrize("version", range(1, schema_version()))
def test_a_populated_database_of_every_earlier_schema_is_migrated_keeping_its_rows(tmp_path, version: int) -> None:
    """A firm upgrades campaign in the middle of its campaign: every row it has stays, the new
    columns take their defaults."""
    conn = sqlite3.connect(tmp_path / "campaign.db")
    for number, _name, sql in migrations()[:version]:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    counts = _one_row_everywhere(conn)
    conn.commit()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    with open_store(tmp_path) as store:
        assert store.version == schema_version()
        assert {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in counts} == counts
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if "replies" in counts and version < 7:  # 0007 added the column: its default
            assert store.conn.execute("SELECT context FROM replies").fetchone()[0] == "{}"
        if "clients" in counts and version < 8:  # 0008 added the column: its default
            assert store.conn.execute("SELECT manager_title FROM clients").fetchone()[0] == ""
        if {"match_candidates", "match_outcomes", "replies", "messages"} <= set(counts):
            # 0009's view joins the rows that were there: the one linked candidate, its reply, its message
            assert [tuple(row) for row in store.conn.execute("SELECT client_code, message_id FROM linked_replies")] == [("x", 1)]


def test_newer_database_is_refused(tmp_path) -> None:
    conn = sqlite3.connect(tmp_path / "campaign.db")
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.close()
    with pytest.raises(ConfigError, match=r"written by a newer campaign .* upgrade campaign"):
        open_store(tmp_path)


def test_missing_database_is_not_created_unless_asked(tmp_path) -> None:
    with pytest.raises(ConfigError, match="campaign database not found"):
        open_store(tmp_path)
    assert not (tmp_path / "campaign.db").exists()


def test_not_a_database(tmp_path) -> None:
    (tmp_path / "campaign.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CampaignError, match="not a usable campaign database"):
        open_store(tmp_path)


def test_transaction_rolls_back_on_error(tmp_path) -> None:
    with open_store(tmp_path, create=True) as store:
        with pytest.raises(RuntimeError):
            with store.transaction() as conn:
                conn.execute("INSERT INTO imports (file_name, file_sha256, file_format, imported_at, rows_read,"
                             " added, updated, unchanged, missing, skipped, warnings)"
                             " VALUES ('f', 'x', 'csv', 'now', 0, 0, 0, 0, 0, 0, 0)")
                raise RuntimeError("boom")
        assert store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0


def test_nested_transactions_are_savepoints(tmp_path) -> None:
    insert = ("INSERT INTO imports (file_name, file_sha256, file_format, imported_at, rows_read, added, updated,"
              " unchanged, missing, skipped, warnings) VALUES (?, 'x', 'csv', 'now', 0, 0, 0, 0, 0, 0, 0)")
    with open_store(tmp_path, create=True) as store:
        with store.transaction() as conn:
            conn.execute(insert, ("kept",))
            with pytest.raises(RuntimeError):
                with store.transaction():
                    conn.execute(insert, ("undone",))
                    raise RuntimeError("inner fails")
            with store.transaction():
                conn.execute(insert, ("inner kept",))
        names = [r[0] for r in store.conn.execute("SELECT file_name FROM imports ORDER BY id")]
        assert names == ["kept", "inner kept"] and not store.conn.in_transaction
        with pytest.raises(RuntimeError):
            with store.transaction() as conn:
                with store.transaction():
                    conn.execute(insert, ("inner of a failed outer",))
                raise RuntimeError("outer fails")
        assert store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 2
