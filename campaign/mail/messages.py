"""Harvested messages: the record kept for each one, and how it is stored, listed and purged.

A message is identified by its *dedup key*: the Message-ID (without angle brackets) and the
SHA-256 of the raw message with line endings normalised to LF, so the same message reached
twice (re-scanned folder, an .eml dragged out of Outlook after the IMAP harvest) is stored once,
while two different messages that share a Message-ID are both kept.

Only the header block is parsed here, with the fast compat32 parser: understanding the body is
a later pipeline stage's job, and parsing whole MIME trees would make the harvest several times
slower than the server can deliver.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, Iterable

from campaign.store import Store

_HEADER_PARSER = BytesHeaderParser()  # compat32: tolerant and fast
COMPRESS_LEVEL = 6
LIST_COLUMNS = ("id", "date", "sender", "sender_name", "recipients", "subject", "message_id",
                "source_kind", "source", "folder", "uid", "file_name", "size", "state",
                "harvested_at", "raw_kept")


def utc_now() -> str:
    """Now, UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class MailRecord:
    """One message as harvested, ready to store."""

    raw: bytes
    source_kind: str                 # imap | eml | msg | mbox
    source: str                      # IMAP account or the path given to --from
    folder: str = ""
    uidvalidity: int | None = None
    uid: int | None = None
    file_name: str = ""
    message_id: str = ""
    raw_sha256: str = ""
    date: str = ""
    sender: str = ""
    sender_name: str = ""
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    looks_like_mail: bool = True     # False when the header block has none of the usual fields

    @property
    def dedup_key(self) -> str:
        """Message-ID + '|' + hash of the raw message: the exactly-once key."""
        return f"{self.message_id}|{self.raw_sha256}"


def _header_block(raw: bytes) -> bytes:
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    return raw[: min(ends) + 2] if ends else raw


def _text(value: Any) -> str:
    """A header value decoded from RFC 2047 encoded words; never raises."""
    if value is None:
        return ""
    try:
        return str(make_header(decode_header(str(value)))).strip()
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return str(value).strip()


def normalise_message_id(value: str) -> str:
    """``<abc@x>`` -> ``abc@x`` (first id if several; whitespace and folding removed)."""
    value = "".join(value.split())
    if "<" in value and ">" in value[value.find("<"):]:
        start = value.find("<") + 1
        return value[start: value.find(">", start)]
    return value


def content_hash(raw: bytes) -> str:
    """SHA-256 of the raw message with CRLF normalised to LF (IMAP and .eml copies agree)."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def iso_date(value: str) -> str:
    """The Date header as ISO 8601 in UTC, or '' when it cannot be read."""
    if not value:
        return ""
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""
    if parsed is None:
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    try:
        return parsed.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return ""


def _addresses(values: Iterable[str]) -> list[tuple[str, str]]:
    try:
        pairs = getaddresses([str(v) for v in values if v is not None])
    except (ValueError, IndexError, TypeError):
        return []
    return [(_text(name), addr.strip().lower()) for name, addr in pairs if addr and "@" in addr]


def make_record(raw: bytes, **where: Any) -> MailRecord:
    """Read the header block of ``raw`` into a MailRecord located by ``where``."""
    headers = _HEADER_PARSER.parsebytes(_header_block(raw))
    senders = _addresses(headers.get_all("From") or [])
    recipients: list[str] = []
    for _, addr in _addresses((headers.get_all("To") or []) + (headers.get_all("Cc") or [])):
        if addr not in recipients:
            recipients.append(addr)
    looks = any(headers.get(name) is not None for name in ("From", "Date", "Message-ID", "Subject", "To"))
    return MailRecord(
        raw=raw,
        message_id=normalise_message_id(str(headers.get("Message-ID") or "")),
        raw_sha256=content_hash(raw),
        date=iso_date(str(headers.get("Date") or "")),
        sender=senders[0][1] if senders else "",
        sender_name=senders[0][0] if senders else "",
        recipients=recipients,
        subject=_text(headers.get("Subject")),
        looks_like_mail=looks,
        **where,
    )


# -- storage -------------------------------------------------------------------------------

def begin_harvest(store: Store, source: str) -> int:
    """Record the start of a harvest run; returns its id."""
    with store.transaction() as conn:
        return conn.execute("INSERT INTO harvests (source, started_at) VALUES (?, ?)",
                            (source, utc_now())).lastrowid


def end_harvest(store: Store, harvest_id: int, *, status: str, seen: int, added: int,
                duplicates: int, failed: int, error: str | None) -> None:
    """Record how a harvest run ended."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE harvests SET finished_at = ?, status = ?, seen = ?, added = ?, duplicates = ?,"
            " failed = ?, error = ? WHERE id = ?",
            (utc_now(), status, seen, added, duplicates, failed, error, harvest_id))


def insert_messages(conn: sqlite3.Connection, records: Iterable[MailRecord], harvest_id: int) -> tuple[list[int], int]:
    """Store new messages inside the caller's transaction; returns (new ids, duplicates)."""
    now = utc_now()
    added: list[int] = []
    duplicates = 0
    for r in records:
        cur = conn.execute(
            "INSERT INTO messages (dedup_key, message_id, raw_sha256, source_kind, source, folder,"
            " uidvalidity, uid, file_name, date, sender, sender_name, recipients, subject, size, raw,"
            " harvest_id, harvested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (dedup_key) DO NOTHING",
            (r.dedup_key, r.message_id, r.raw_sha256, r.source_kind, r.source, r.folder, r.uidvalidity,
             r.uid, r.file_name, r.date, r.sender, r.sender_name,
             json.dumps(r.recipients, ensure_ascii=False), r.subject, len(r.raw),
             zlib.compress(r.raw, COMPRESS_LEVEL), harvest_id, now))
        if cur.rowcount:
            added.append(cur.lastrowid)
        else:
            duplicates += 1
    return added, duplicates


@dataclass
class StoredMessage:
    """A message as stored, for listing and for the pipeline stages."""

    id: int
    message_id: str
    date: str
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    source_kind: str
    source: str
    folder: str
    uid: int | None
    file_name: str
    state: str
    compressed_raw: bytes | None = field(default=None, repr=False)

    @property
    def raw(self) -> bytes | None:
        """The raw message, or None once purged."""
        return zlib.decompress(self.compressed_raw) if self.compressed_raw is not None else None

    def email(self) -> EmailMessage | None:
        """The whole message parsed with ``policy.default``, or None once purged."""
        raw = self.raw
        return BytesParser(policy=policy.default).parsebytes(raw) if raw is not None else None  # type: ignore[return-value]


def _stored(row: sqlite3.Row) -> StoredMessage:
    return StoredMessage(
        id=row["id"], message_id=row["message_id"], date=row["date"], sender=row["sender"],
        sender_name=row["sender_name"], recipients=json.loads(row["recipients"]), subject=row["subject"],
        source_kind=row["source_kind"], source=row["source"], folder=row["folder"], uid=row["uid"],
        file_name=row["file_name"], state=row["state"], compressed_raw=row["raw"])


def load_message(store: Store, message_id: int) -> StoredMessage:
    """One stored message by its database id (KeyError when absent)."""
    row = store.conn.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
    if row is None:
        raise KeyError(message_id)
    return _stored(row)


def list_messages(store: Store, *, state: str | None = None) -> list[dict[str, Any]]:
    """Stored messages (without raw bodies), oldest harvested first."""
    sql = ("SELECT id, date, sender, sender_name, recipients, subject, message_id, source_kind, source,"
           " folder, uid, file_name, size, state, harvested_at, raw IS NOT NULL AS raw_kept FROM messages")
    params: tuple = ()
    if state:
        sql += " WHERE state = ?"
        params = (state,)
    rows = []
    for row in store.conn.execute(sql + " ORDER BY id", params):
        item = dict(row)
        item["recipients"] = json.loads(item["recipients"])
        item["raw_kept"] = bool(item["raw_kept"])
        item["uid"] = item["uid"] if item["uid"] is not None else ""
        rows.append(item)
    return rows


def purge_raw(store: Store, *, before: dt.date | None = None) -> int:
    """Delete stored raw messages (harvested before ``before`` if given); returns how many.

    Headers already extracted, processing state and stage results stay. The file is then
    vacuumed with secure_delete so the bodies do not linger in free pages.
    """
    sql = "UPDATE messages SET raw = NULL, raw_purged_at = ? WHERE raw IS NOT NULL"
    params: list[Any] = [utc_now()]
    if before is not None:
        sql += " AND harvested_at < ?"
        params.append(before.isoformat())
    store.conn.execute("PRAGMA secure_delete = ON")
    with store.transaction() as conn:
        count = conn.execute(sql, params).rowcount
    if count:
        store.conn.execute("VACUUM")
    return count
