"""campaign.db: the SQLite store of the campaign's state, with forward-only migrations.

The schema version lives in ``PRAGMA user_version``. Migrations are the numbered ``.sql`` files
in ``campaign/migrations``; each runs in its own transaction together with the version bump, so
a crash leaves the database at the previous version, never half-way.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Iterator

from campaign.errors import CampaignError, ConfigError

DB_NAME = "campaign.db"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped, in order."""
    found = []
    for entry in resources.files("campaign.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration {name} is out of sequence (expected {expected:04d})")
    return found


def schema_version() -> int:
    """The schema version this release of campaign writes."""
    return len(migrations())


def _create_private(path: Path) -> None:
    """Create an empty database file readable by its owner only (it holds personal data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


class Store:
    """An open campaign database; use as a context manager or call close()."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not self.path.exists():
            if not create:
                raise ConfigError(f"{self.path}: campaign database not found; run `campaign init` first")
            _create_private(self.path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self._savepoints = 0
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise CampaignError(f"{self.path}: not a usable campaign database ({exc})") from None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @property
    def version(self) -> int:
        """The schema version stored in the file."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        steps = migrations()
        current = self.version
        if current > len(steps):
            raise ConfigError(
                f"{self.path} was written by a newer campaign (schema {current}, this one knows "
                f"up to {len(steps)}): upgrade campaign (pip install -U campaign) before using it"
            )
        for version, name, sql in steps[current:]:
            # executescript() commits any open transaction first, so BEGIN/COMMIT go inside it.
            try:
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise CampaignError(f"{self.path}: migration {name} failed ({exc})") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all.

        Nested inside another, it is a savepoint: its own failure undoes only its part, and the
        outer transaction decides whether anything is kept.
        """
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"nested_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


def open_store(folder: Path, *, create: bool = False) -> Store:
    """Open (and migrate) the campaign database in ``folder``."""
    return Store(Path(folder) / DB_NAME, create=create)
