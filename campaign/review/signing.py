"""Signing the review workbook's hidden key cells, so an edited key is refused on import.

The workbook goes to people and comes back: whoever holds it can type anything in the hidden
columns (``_message``, ``_type``, ``_export``, ``_client``). Each row carries an HMAC-SHA256 of
those cells, keyed by a secret kept beside the database (``review.key``, owner-only, created by the
first export). The secret is never written to campaign.toml, the database, the workbook or a log.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import tempfile
from pathlib import Path

from campaign.errors import InputRefused

KEY_NAME = "review.key"
_KEY_BYTES = 32
_PURPOSE = b"campaign review row v1"


def key_path(folder: Path) -> Path:
    """Where the campaign in ``folder`` keeps its review key."""
    return Path(folder) / KEY_NAME


def _read(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != _KEY_BYTES:
        raise InputRefused(f"{path}: damaged review key ({len(key)} bytes, not {_KEY_BYTES}); delete it and run"
                           " `campaign review export` again (workbooks exported before cannot be imported)")
    return key


def export_key(folder: Path) -> bytes:
    """The campaign's review key, created (owner-only) on first use."""
    path = key_path(folder)
    if not path.exists():
        # written aside then linked in: a concurrent export never reads a half-written key, and
        # the first one to link wins
        fd, tmp = tempfile.mkstemp(prefix=f".{KEY_NAME}.", dir=path.parent)  # mkstemp: owner-only
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(os.urandom(_KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links (FAT, some shares)
                if not path.exists():
                    os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    return _read(path)


def import_key(folder: Path, workbook: Path) -> bytes:
    """The review key to check ``workbook`` with; refused when no export ever made one."""
    path = key_path(folder)
    if not path.is_file():
        raise InputRefused(f"{workbook}: this campaign has no review key yet ({path}), so no workbook it exported"
                           " can be checked; export a fresh workbook with `campaign review export`")
    return _read(path)


def sign(key: bytes, kind: str, message_id: str, client: str, exported_at: str) -> str:
    """The signature of one row's hidden keys (hex)."""
    fields = "\x1f".join((kind, message_id, client, exported_at)).encode("utf-8")
    return hmac.new(key, _PURPOSE + b"\x1e" + fields, hashlib.sha256).hexdigest()


def verify(key: bytes, signature: str, kind: str, message_id: str, client: str, exported_at: str) -> bool:
    """Whether ``signature`` is this row's (compared in constant time)."""
    return hmac.compare_digest(signature.encode("ascii", "replace"), sign(key, kind, message_id, client,
                                                                          exported_at).encode("ascii"))
