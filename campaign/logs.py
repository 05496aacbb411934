"""The campaign's log: ``campaign.log`` in its folder, one line per event, for the administrator.

A harvest run by the Task Scheduler or cron leaves its screen output nowhere; the log keeps, for
every command that writes, when it started and ended, what it did in counts, and every problem in
one line, as the command said them (a file, a row, a message), never a password. The file rotates at
1 MB, three old ones kept (``campaign.log.1`` …); a log that cannot be written (a full disk, a file
another process holds on Windows) never stops a command.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "campaign.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

logger = logging.getLogger("campaign")
logger.addHandler(logging.NullHandler())  # a library without a log configured says nothing on stderr
logger.propagate = False


class _Handler(RotatingFileHandler):
    """A rotating file that gives way rather than fail: on Windows another campaign process may hold
    the file while this one would rename it (it rotates next time), and a disk may be full."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        self._mode = mode

    def _open(self):
        stream = super()._open()
        if os.name == "posix":  # who may read it follows [files] mode, like every output
            try:
                os.chmod(self.baseFilename, self._mode)
            except OSError:
                pass
        return stream

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:
        pass  # the command's own output stands; the log is a help, not a requirement


def open_log(folder: Path, *, verbose: bool = False, sharing: str = "private") -> Path:
    """Send the ``campaign`` logger to ``folder``/campaign.log (DEBUG with ``verbose``, else INFO)."""
    path = Path(folder) / LOG_NAME
    close_log()  # one campaign's log per process at a time
    handler = _Handler(path, 0o660 if sharing == "group" else 0o600)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S%z"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


def close_log() -> None:
    """Close the campaign's log file (tests open several campaigns in one process)."""
    for handler in list(logger.handlers):
        if isinstance(handler, _Handler):
            logger.removeHandler(handler)
            handler.close()
