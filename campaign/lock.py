"""One writer at a time per campaign folder: a lock file held by the command that writes.

SQLite would serialise the writes itself, but two harvests interleaving their batches, or a
review import landing between a harvest's insert and its matching, give results nobody can
explain, and a writer that waits longer than SQLite's busy timeout gets "database is locked".
So each command that writes takes ``campaign.lock`` (an OS lock through ``filelock``:
``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows, released by the OS if the holder dies)
and says who it is in ``campaign.lock.json`` beside it, so a second command can tell the user
what it is waiting for. The lock file itself stays empty: a waiter may open (and truncate) it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from campaign.atomic import write_text_atomic
from campaign.errors import CampaignError

LOCK_NAME = "campaign.lock"
HOLDER_NAME = "campaign.lock.json"
ENV_WAIT = "CAMPAIGN_LOCK_WAIT"
DEFAULT_WAIT = 600.0  # a harvest of thousands of messages takes minutes; cron jobs should queue


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
    the wait runs out. Re-entrant within one process (filelock counts acquisitions).
    """
    folder = Path(folder)
    wait = wait_seconds() if wait is None else wait
    lock = FileLock(str(folder / LOCK_NAME), is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(f"waiting for {holder(folder)} to finish (up to {wait:.0f} s)…")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise CampaignBusy(
                f"{folder}: the campaign is busy: {holder(folder)} is still running after {wait:.0f} s; "
                f"run this again when it has finished (or set {ENV_WAIT} to wait longer)") from None
    except OSError as exc:
        raise CampaignError(f"{folder / LOCK_NAME}: cannot take the campaign lock ({exc.strerror or exc}); "
                            "check that the campaign folder is writable") from None
    try:
        if lock.lock_counter == 1:
            _write_holder(folder, command)
        yield
    finally:
        lock.release()


def _write_holder(folder: Path, command: str) -> None:
    since = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    info = {"command": command, "pid": os.getpid(), "host": socket.gethostname(), "since": since}
    with contextlib.suppress(OSError):  # only informative: never fail a command over it
        write_text_atomic(folder / HOLDER_NAME, json.dumps(info), private=True)
