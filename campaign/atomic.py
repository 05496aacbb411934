"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from campaign.checkpoints import checkpoint


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
    private: bool = False,
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success fsync it and rename it over ``path``.

    ``private`` makes the file owner-only (0600), for files that hold personal data.
    On any exception the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if not private:
            # mkstemp creates 0600; ordinary outputs get the usual umask-derived mode.
            umask = os.umask(0)
            os.umask(umask)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o666 & ~umask)
            else:  # Windows before Python 3.13: only the read-only bit means anything there
                os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        checkpoint("atomic.replace")  # the temporary file is complete, the target not yet replaced
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, "wb", private=private) as handle:
        handle.write(data)


def write_text_atomic(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", private: bool = False
) -> None:
    """Write ``text`` to ``path`` atomically, newlines untranslated."""
    with atomic_write(path, "w", encoding=encoding, newline="", private=private) as handle:
        handle.write(text)
