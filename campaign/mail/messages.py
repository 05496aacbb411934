"""Harvested messages: the record kept for each one, and how it is stored, listed and purged.

A message is identified by its *dedup key*: the Message-ID (without angle brackets) and the
SHA-256 of the raw message with line endings normalised to CRLF, so the same message reached
twice (re-scanned folder, an .eml dragged out of Outlook after the IMAP harvest) is stored once,
while two different messages that share a Message-ID are both kept.

Only the six header fields kept are read here, with one regular expression over the header
block (and the standard library's address parser when an address header is not in one of the
usual simple forms): understanding the body is a later pipeline stage's job, and running the full
email parser on every message would make the harvest several times slower than the server.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import quopri
import re
import sqlite3
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, Iterable

from zlib_ng import zlib_ng

from campaign.clock import utc_now
from campaign.store import Store

COMPRESS_LEVEL = 1  # deflate's fastest: mail text compresses almost as well as at 6, 30% sooner


def compress(raw: bytes) -> bytes:
    """Deflate a raw message into a zlib stream (``zlib.decompress`` reads it back).

    zlib-ng writes the same format as the standard library's zlib, which reads every stored
    message whichever wrote it, at about a third of the CPU: compressing was the largest single
    cost of a harvest. A 4 KiB window for small messages: a 32 KiB window and its state cost more
    to set up than compressing a typical reply, for the same ratio.
    """
    small = len(raw) < 32768
    packer = zlib_ng.compressobj(COMPRESS_LEVEL, zlib_ng.DEFLATED, 12 if small else 15, 5 if small else 8)
    return packer.compress(raw) + packer.flush()


def decompress(stored: bytes) -> bytes:
    """The raw message back from ``compress``'s output (or any zlib stream)."""
    return zlib_ng.decompress(stored)


LIST_COLUMNS = ("id", "date", "sender", "sender_name", "recipients", "subject", "message_id",
                "source_kind", "source", "folder", "uid", "file_name", "size", "state",
                "harvested_at", "raw_kept")


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
    size: int = 0
    compressed: bytes | None = field(default=None, repr=False)
    recipients_json: str = ""        # the stored form of recipients, made with the compression

    def packed(self) -> "MailRecord":
        """The record with the raw message compressed and dropped (cheaper to pass between processes),
        and the rest of its stored form made: what a helper process can take off the harvest."""
        self.size, self.compressed, self.raw = len(self.raw), compress(self.raw), b""
        self.recipients_json = json.dumps(self.recipients, ensure_ascii=False)
        return self

    @property
    def dedup_key(self) -> str:
        """Message-ID + '|' + hash of the raw message: the exactly-once key."""
        return f"{self.message_id}|{self.raw_sha256}"


def _header_block(raw: bytes) -> bytes:
    end = raw.find(b"\r\n\r\n")
    lf = raw.find(b"\n\n", 0, end if end >= 0 else len(raw))  # an LF-only message (a saved .eml)
    if lf >= 0:
        return raw[: lf + 1]
    return raw[: end + 2] if end >= 0 else raw


# The few fields kept, unfolded; the first occurrence of each wins (as in email.message).
_WANTED = re.compile(rb"^(from|to|cc|subject|date|message-id)[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)",
                     re.IGNORECASE | re.MULTILINE)
_SIMPLE_ADDRESS = re.compile(r'^\s*(?:"?([^"<>\\(),;:]*?)"?\s*)?<([^<>@\s"(),;:\\]+@[^<>@\s"(),;:\\]+)>\s*$'
                             r'|^\s*([^<>@\s"(),;:\\]+@[^<>@\s"(),;:\\]+)\s*$')


def read_headers(raw: bytes) -> dict[str, list[str]]:
    """From, To, Cc, Subject, Date and Message-ID of ``raw`` (unfolded, undecoded text)."""
    found: dict[str, list[str]] = {}
    for name, value in _WANTED.findall(_header_block(raw)):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:  # raw 8-bit headers from old French mailers are Latin-1
            text = value.decode("latin-1")
        found.setdefault(name.decode("ascii").lower(), []).append(" ".join(text.split()))
    return found


_ONE_WORD = re.compile(r"=\?([\w.:-]+)\?([bBqQ])\?([^?\s]*)\?=")


def _one_word(value: str) -> str | None:
    """Decode a value that is exactly one RFC 2047 encoded word (the usual case), else None."""
    match = _ONE_WORD.fullmatch(value)
    if not match:
        return None
    charset, kind, data = match.groups()
    try:
        if kind in "bB":
            raw = base64.b64decode(data + "=" * (-len(data) % 4))
        else:
            raw = quopri.decodestring(data.replace("_", " ").encode("ascii"), header=True)
        return raw.decode(charset.split("*")[0], "replace")
    except (ValueError, LookupError, binascii.Error):
        return None


MAX_HEADER_TEXT = 16_384  # characters of one header value that are decoded and kept


def decode_header_text(value: Any) -> str:
    """A header value decoded from RFC 2047 encoded words; never raises."""
    if value is None:
        return ""
    # No real header needs more; the stdlib decoder is quadratic in the number of encoded words.
    value = str(value).strip()[:MAX_HEADER_TEXT]
    if "=?" not in value:
        return value
    quick = _one_word(value)
    if quick is not None:
        return quick.strip()
    try:
        parts = decode_header(value)
    except (ValueError, LookupError, UnicodeError, AssertionError, HeaderParseError):
        return value
    try:
        return str(make_header(parts)).strip()
    except (ValueError, LookupError, UnicodeError, AssertionError, HeaderParseError):
        return value.strip()


def normalise_message_id(value: str) -> str:
    """``<abc@x>`` -> ``abc@x`` (first id if several; whitespace and folding removed)."""
    value = "".join(value.split())
    if "<" in value and ">" in value[value.find("<"):]:
        start = value.find("<") + 1
        return value[start: value.find(">", start)]
    return value


_LINE_END = re.compile(rb"\r?\n")


def content_hash(raw: bytes) -> str:
    """SHA-256 of the raw message with every line ending as CRLF (IMAP and .eml copies agree).

    Messages from IMAP already end their lines with CRLF and are hashed without a copy.
    """
    if raw.count(b"\n") != raw.count(b"\r\n"):
        raw = _LINE_END.sub(b"\r\n", raw)
    return hashlib.sha256(raw).hexdigest()


_MONTHS = {name: n for n, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_USUAL_DATE = re.compile(r"(?:[A-Za-z]{3}, *)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d\d):(\d\d)(?::(\d\d))? ([+-])(\d\d)(\d\d)")


def _usual_date(value: str) -> str | None:
    """The ISO form of a Date in the one shape nearly every mailer writes, read without the
    general parser (a third of its cost); None for any other shape, or a value out of range."""
    match = _USUAL_DATE.fullmatch(value)
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return None
    day, _, year, hour, minute, second, sign, off_h, off_m = match.groups()
    if int(off_h) > 23 or int(off_m) > 59 or int(year) < 100:  # the general parser reads 0024 as 2024
        return None
    offset = dt.timedelta(hours=int(off_h), minutes=int(off_m))
    try:
        moment = dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0),
                             tzinfo=dt.timezone.utc)
        return (moment - offset if sign == "+" else moment + offset).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return None


def iso_date(value: str) -> str:
    """The Date header as ISO 8601 in UTC, or '' when it cannot be read."""
    if not value:
        return ""
    return _usual_date(value) or _general_date(value)


def _general_date(value: str) -> str:
    """iso_date through the standard library's parser, for every shape it knows."""
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


def parse_address_list(values: Iterable[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; a fast path for the usual one-address forms."""
    values = list(values)
    if len(values) == 1 and "," not in values[0]:
        match = _SIMPLE_ADDRESS.match(values[0])
        if match:
            name, addr, bare = match.groups()
            if bare:
                return [("", bare.lower())]
            return [(decode_header_text(name) if name and "=?" in name else (name or "").strip(), addr.lower())]
    try:
        pairs = getaddresses([str(v) for v in values if v is not None])
    except (ValueError, IndexError, TypeError):
        return []
    return [(decode_header_text(name), addr.strip().lower()) for name, addr in pairs if addr and "@" in addr]


def packed_records(items: list[tuple[int, bytes]], where: dict[str, Any]) -> list[MailRecord]:
    """make_record + compression for (uid, raw) pairs: the work a harvest hands to a helper process."""
    return [make_record(raw, uid=uid, **where).packed() for uid, raw in items]


def make_record(raw: bytes, **where: Any) -> MailRecord:
    """Read the header block of ``raw`` into a MailRecord located by ``where``; never raises.

    A header block this code cannot read is still stored (raw, hash and location): the pipeline
    then records why it could not understand it, and the harvest moves past it.
    """
    try:
        return _read_record(raw, **where)
    except Exception:  # any parser fault on one message must not stop the harvest for good
        return MailRecord(raw=raw, raw_sha256=content_hash(raw), **where)


def _read_record(raw: bytes, **where: Any) -> MailRecord:
    headers = read_headers(raw)
    first = {name: values[0] for name, values in headers.items()}
    senders = parse_address_list(headers.get("from", [])[:1])
    recipients: dict[str, None] = {}  # ordered, deduplicated in linear time (a list took seconds on 10,000 Cc)
    for value in headers.get("to", []) + headers.get("cc", []):
        for _, addr in parse_address_list([value]):
            recipients.setdefault(addr)
    subject = first.get("subject", "")
    return MailRecord(
        raw=raw,
        message_id=normalise_message_id(first.get("message-id", "")),
        raw_sha256=content_hash(raw),
        date=iso_date(first.get("date", "")),
        sender=senders[0][1] if senders else "",
        sender_name=senders[0][0] if senders else "",
        recipients=list(recipients),
        subject=decode_header_text(subject) if "=?" in subject else subject,
        looks_like_mail=bool(headers),
        **where,
    )


# -- storage -------------------------------------------------------------------------------

def begin_harvest(store: Store, source: str) -> int:
    """Record the start of a harvest run; returns its id."""
    with store.transaction() as conn:
        run_id = conn.execute("INSERT INTO harvests (source, started_at) VALUES (?, ?)",
                              (source, utc_now())).lastrowid
    assert run_id is not None  # an INSERT always sets it
    return run_id


def mark_interrupted(store: Store) -> int:
    """Mark runs still ``running`` as ``interrupted``; only call it holding the campaign lock."""
    with store.transaction() as conn:
        return conn.execute("UPDATE harvests SET status = 'interrupted', finished_at = COALESCE(finished_at, ?),"
                            " error = COALESCE(error, 'the run was stopped before it finished')"
                            " WHERE status = 'running'", (utc_now(),)).rowcount


def end_harvest(store: Store, harvest_id: int, *, status: str, seen: int, added: int,
                duplicates: int, failed: int, error: str | None) -> None:
    """Record how a harvest run ended."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE harvests SET finished_at = ?, status = ?, seen = ?, added = ?, duplicates = ?,"
            " failed = ?, error = ? WHERE id = ?",
            (utc_now(), status, seen, added, duplicates, failed, error, harvest_id))


_INSERT = (
    "INSERT INTO messages (dedup_key, message_id, raw_sha256, source_kind, source, folder, uidvalidity, uid,"
    " file_name, date, sender, sender_name, recipients, subject, size, raw, harvest_id, harvested_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


def insert_messages(conn: sqlite3.Connection, records: list[MailRecord], harvest_id: int) -> tuple[list[int], int]:
    """Store new messages inside the caller's (write) transaction; returns (new ids, duplicates).

    Known dedup keys are looked up in one query and the rest inserted with one executemany; as
    the caller holds the write lock, the new rows are exactly those above the previous highest id.
    """
    keys = [r.dedup_key for r in records]
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        known.update(row[0] for row in conn.execute(
            f"SELECT dedup_key FROM messages WHERE dedup_key IN ({','.join('?' * len(chunk))})", chunk))
    fresh = []
    for r in records:
        if r.dedup_key not in known:
            known.add(r.dedup_key)  # the same message twice in one batch is stored once
            fresh.append(r)
    if not fresh:
        return [], len(records)
    now = utc_now()
    last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM messages").fetchone()[0]
    conn.executemany(_INSERT, [
        (r.dedup_key, r.message_id, r.raw_sha256, r.source_kind, r.source, r.folder, r.uidvalidity, r.uid,
         r.file_name, r.date, r.sender, r.sender_name,
         r.recipients_json or json.dumps(r.recipients, ensure_ascii=False), r.subject,
         r.size if r.compressed is not None else len(r.raw),
         r.compressed if r.compressed is not None else compress(r.raw), harvest_id, now) for r in fresh])
    added = [row[0] for row in conn.execute("SELECT id FROM messages WHERE id > ? ORDER BY id", (last,))]
    return added, len(records) - len(added)


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
        return decompress(self.compressed_raw) if self.compressed_raw is not None else None

    def email(self) -> EmailMessage | None:
        """The whole message parsed with ``policy.default``, or None once purged."""
        raw = self.raw
        return BytesParser(policy=policy.default).parsebytes(raw) if raw is not None else None


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
