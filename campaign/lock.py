"""One writer at a time per campaign folder: a lock file held by the command that writes.

SQLite would serialise the writes itself, but two harvests interleaving their batches, or a
review import landing between a harvest's insert and its matching, give results nobody can
explain, and a writer that waits longer than SQLite's busy timeout gets "database is locked".
So each command that writes locks ``campaign.lock`` and says who it is in ``campaign.lock.json``
beside it, so a second command can tell the user what it is waiting for.

The lock is a POSIX record lock (``fcntl.lockf``) on POSIX and a byte-range lock
(``msvcrt.locking``) on Windows: both are released by the system when the holder dies, are not
inherited by child processes, and are the kinds a file server shares between its clients (Samba
maps Windows byte-range locks onto POSIX record locks, which ``flock`` would not see), so a
Windows PC and a Linux server working on one shared campaign folder exclude each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from campaign.atomic import write_text_atomic
from campaign.errors import CampaignError

LOCK_NAME = "campaign.lock"
HOLDER_NAME = "campaign.lock.json"
ENV_WAIT = "CAMPAIGN_LOCK_WAIT"
DEFAULT_WAIT = 600.0  # a harvest of thousands of messages takes minutes; cron jobs should queue
_POLL = 0.2

if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EAGAIN):
                return False
            raise

    def _unlock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_UN)


# POSIX record locks belong to the process and vanish when any descriptor of the file closes, so
# a process locks each campaign once and counts nested holds.
_held: dict[str, list[int]] = {}  # lock path -> [descriptor, holds]
_held_guard = threading.Lock()


class CampaignBusy(CampaignError):
    """Another command kept the campaign locked for longer than we were willing to wait."""


def wait_seconds() -> float:
    """How long a command waits for the lock: $CAMPAIGN_LOCK_WAIT seconds, else DEFAULT_WAIT."""
    value = os.environ.get(ENV_WAIT, "").strip()
    try:
        return max(0.0, float(value)) if value else DEFAULT_WAIT
    except ValueError:
        return DEFAULT_WAIT


def holder(folder: Path) -> str:
    """Who holds (or last held) the lock, in words, from campaign.lock.json."""
    try:
        info = json.loads((Path(folder) / HOLDER_NAME).read_text(encoding="utf-8"))
        return (f"`campaign {info['command']}` (process {info['pid']} on {info['host']}, "
                f"started {info['since']})")
    except (OSError, ValueError, KeyError, TypeError):
        return "another campaign command"


@contextlib.contextmanager
def campaign_lock(folder: Path, command: str, *, wait: float | None = None,
                  on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the campaign's writer lock for ``command``; wait up to ``wait`` seconds for it.

    ``on_wait`` is told once, in one line, whom we are waiting for. Raises CampaignBusy when
    the wait runs out. Re-entrant within one process.
    """
    folder = Path(folder)
    path = str((folder / LOCK_NAME).resolve())
    with _held_guard:
        if path in _held:
            _held[path][1] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[path][1] -= 1
        return
    fd = _acquire(folder, path, wait_seconds() if wait is None else wait, on_wait)
    with _held_guard:
        _held[path] = [fd, 1]
    try:
        _write_holder(folder, command)
        yield
    finally:
        with _held_guard:
            del _held[path]
        with contextlib.suppress(OSError):
            (folder / HOLDER_NAME).unlink()  # nobody holds it any more: no stale name to show
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def _acquire(folder: Path, path: str, wait: float, on_wait: Callable[[str], None] | None) -> int:
    """An open descriptor of the lock file, locked; waits up to ``wait`` seconds."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise CampaignError(f"{path}: cannot take the campaign lock ({exc.strerror or exc}); "
                            "check that the campaign folder is writable") from None
    try:
        if _try_lock(fd):
            return fd
        if on_wait is not None:
            on_wait(f"waiting for {holder(folder)} to finish (up to {wait:.0f} s)…")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(_POLL)
            if _try_lock(fd):
                return fd
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    raise CampaignBusy(
        f"{folder}: the campaign is busy: {holder(folder)} is still running after {wait:.0f} s; "
        f"run this again when it has finished (or set {ENV_WAIT} to wait longer)")


def _write_holder(folder: Path, command: str) -> None:
    since = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    info = {"command": command, "pid": os.getpid(), "host": socket.gethostname(), "since": since}
    with contextlib.suppress(OSError):  # only informative: never fail a command over it
        write_text_atomic(folder / HOLDER_NAME, json.dumps(info), private=True)
