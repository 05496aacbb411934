"""A stamping worker process's side: what it is given, and stamping one file.

A worker gets everything it needs once, picklable (settings, memo settings, the client directory
read up front), so that the same code runs under "spawn" (Windows, macOS) as elsewhere; it never
opens campaign.db (the parent holds the campaign lock). The parent's side (handing out the files,
renaming each copy into place, finding a file that kills its worker) is campaign.stamping.parallel.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campaign.processes import start_helper
from campaign.atomic import set_sharing
from campaign.checkpoints import ENV_VAR, arm, checkpoint
from campaign.config import Settings
from campaign.stamping.clients import ClientDirectory
from campaign.stamping.memo import ClientInfo
from campaign.stamping.settings import MemoSettings
from campaign.stamping.stamp import FileResult, Stamper

WORKER_POINT = "stamp.worker."  # + a file name: the kill tests stop the worker stamping that file
CRASHED = "stopped the program reading it (a damaged or unusual PDF?); open it and print it again as PDF"


@dataclass
class ClientSnapshot(ClientDirectory):
    """A client directory that needs no database: every client on file read up front by the parent."""

    @classmethod
    def of(cls, directory: ClientDirectory) -> "ClientSnapshot":
        """The clients of ``directory`` (which reads its database), all of them, for a worker process."""
        infos = {stored: directory.get(stored) for stored in set(directory.codes.by_key.values())}
        return cls(store=None, skipped=dict(directory.skipped), skip_active=directory.skip_active,
                   codes=directory.codes, _cache=infos)

    def get(self, code: str) -> ClientInfo:
        """As ClientDirectory.get: the client's data under its stored code, or only the printed code."""
        stored = self.codes.find(code)
        return super().get(stored if stored in self._cache else code)


@dataclass
class WorkerSetup:
    """What a worker needs to build its Stamper: all picklable."""

    settings: Settings
    memo: MemoSettings
    clients: ClientDirectory  # a ClientSnapshot when it goes to worker processes
    pages: str
    dry_run: bool
    sharing: str


_stamper: Stamper | None = None
_progress: Any = None  # the pool's queue of pages done


def start_worker(setup: WorkerSetup | None, progress: Any) -> None:
    """A worker's set-up (pool.Pool's initializer, once the parent sends ``setup``; None: closing)."""
    global _stamper, _progress
    spec = os.environ.get(ENV_VAR, "")
    arm(spec if spec.startswith(WORKER_POINT) else "")  # the parent's kill points are the parent's
    start_helper()
    if setup is None:
        return
    set_sharing(setup.sharing)
    _progress = progress
    _stamper = Stamper(setup.settings, setup.memo, setup.clients, pages=setup.pages, dry_run=setup.dry_run)


def stamp_one(source: Path, staged: Path) -> FileResult:
    """Stamp ``source`` into ``staged`` with this worker's Stamper (run in the worker, submitted by the parent)."""
    checkpoint(WORKER_POINT + source.name)
    assert _stamper is not None
    return _stamper.stamp_file(source, staged, _progress.put)
