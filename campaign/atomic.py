"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Also who may read what we write. Three kinds of file:

- ``private``: owner-only (0600) whatever the settings: campaign.lock.json, exports of secrets.
- ``output``: a file people open (review workbook, reminder lists, export, stamped PDFs, stamp
  report); its permissions follow ``[files] mode`` in campaign.toml, set for the process with
  :func:`set_sharing`: "private" (owner-only, the default) or "group" (group read/write, for a
  firm whose secretaries open the outputs from a shared server under their own accounts).
- neither: the usual umask-derived mode (campaign.toml).

On Windows only the read-only bit means anything to ``chmod``; who may open a file there is the
folder's ACL, which the file inherits. Replacing a file another program holds open (Excel keeps
its workbooks open) raises PermissionError there: it becomes :class:`FileInUse`, one line.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterator, Literal, TextIO, overload

from campaign.checkpoints import checkpoint
from campaign.errors import CampaignError

PRIVATE, GROUP = "private", "group"
SHARING_MODES = (PRIVATE, GROUP)
_FILE_MODE = {PRIVATE: 0o600, GROUP: 0o660}
_DIR_MODE = {PRIVATE: 0o700, GROUP: 0o770}
_sharing = PRIVATE


class _UnwritablePath(CampaignError, OSError):
    """A file campaign could not write, said in one line (``message``) naming it."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        self.message = message
        super().__init__(message)
        self.filename = str(path)

    def __str__(self) -> str:
        return self.message


class FileInUse(_UnwritablePath, PermissionError):
    """An output could not replace its old version: another program (Excel) holds it open.

    Also an OSError, so a batch that goes on past a failed item catches it like any write failure.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path, f"{path} is open in another program (Excel?): close it and run the command again")


class CannotWrite(_UnwritablePath):
    """No file can be created beside the target (missing folder, no permission, disk full)."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(path, f"{path}: cannot be written ({reason}); check that the folder {Path(path).parent}"
                               " exists and that you may write in it")


def set_sharing(mode: str) -> None:
    """Who may open the outputs this process writes from now on: "private" or "group"."""
    global _sharing
    if mode not in SHARING_MODES:
        raise ValueError(f"sharing mode must be one of {', '.join(SHARING_MODES)}, not {mode!r}")
    _sharing = mode


def sharing() -> str:
    """The sharing mode outputs are written with."""
    return _sharing


def _umask_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _set_mode(fd: int, path: str, mode: int) -> None:
    # a share that refuses chmod (CIFS, FAT) gives its own permissions: the file is still written
    with contextlib.suppress(OSError):
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # Windows before Python 3.13: only the read-only bit means anything there
            os.chmod(path, mode)


def make_output_dir(path: str | os.PathLike[str]) -> Path:
    """Create the folder for outputs people open (parents too), with the sharing mode's permissions.

    A folder that already exists keeps its permissions, except that "group" opens one of ours to
    the group (an administrator who switches a campaign to "group" means its existing folders too).
    """
    folder = Path(path)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a share that refuses chmod: the folder is still usable
        if created:
            os.chmod(folder, _DIR_MODE[_sharing])  # explicit: mkdir's mode is cut by the umask
        elif _sharing == GROUP and hasattr(os, "getuid") and folder.stat().st_uid == os.getuid():
            os.chmod(folder, folder.stat().st_mode & 0o7777 | _DIR_MODE[GROUP])
    return folder


# mkstemp's names: ".<target name>." + 8 characters of [a-z0-9_] + ".tmp"
_TEMPORARY = "^\\.{name}\\.[a-z0-9_]{{8}}\\.tmp$"


def temporary_copies(path: str | os.PathLike[str]) -> list[Path]:
    """The temporary files atomic_write left beside ``path`` when it was stopped half-way (a kill)."""
    target = Path(path)
    pattern = re.compile(_TEMPORARY.format(name=re.escape(target.name)))
    return [found for found in target.parent.glob(f".{glob.escape(target.name)}.*.tmp") if pattern.match(found.name)]


# The handle's type follows the mode, as open()'s does ("wb": BinaryIO, "w": TextIO).
@overload
def atomic_write(path: str | os.PathLike[str], mode: Literal["wb"] = ..., *, encoding: str | None = ...,
                 newline: str | None = ..., private: bool = ..., output: bool = ...,
                 ) -> contextlib.AbstractContextManager[BinaryIO]: ...
@overload
def atomic_write(path: str | os.PathLike[str], mode: Literal["w"], *, encoding: str | None = ...,
                 newline: str | None = ..., private: bool = ..., output: bool = ...,
                 ) -> contextlib.AbstractContextManager[TextIO]: ...
def atomic_write(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
    private: bool = False,
    output: bool = False,
) -> contextlib.AbstractContextManager[IO[Any]]:
    """Open a temporary file beside ``path``; on success fsync it and rename it over ``path``.

    ``private`` makes the file owner-only (0600), whatever the sharing mode; ``output`` gives it
    the sharing mode's permissions (see the module docstring). On any exception the temporary
    file is removed and ``path`` is left as it was.
    """
    return _atomic_write(path, mode, encoding, newline, private, output)


@contextlib.contextmanager
def _atomic_write(path: str | os.PathLike[str], mode: str, encoding: str | None, newline: str | None,
                  private: bool, output: bool) -> Iterator[IO[Any]]:
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise CannotWrite(target, exc.strerror or str(exc)) from None
    try:
        if private:
            file_mode = 0o600
        elif output:
            file_mode = _FILE_MODE[_sharing]
        else:
            file_mode = _umask_mode()
        if file_mode != 0o600:  # mkstemp already made it 0600
            _set_mode(fd, tmp, file_mode)
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):  # gone already, or held by an antivirus scan: leave it
            os.unlink(tmp)
        raise


def replace_file(tmp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename the complete file ``tmp`` over ``target``: the last step of an atomic write."""
    checkpoint("atomic.replace")  # the temporary file is complete, the target not yet replaced
    try:
        os.replace(tmp, target)
    except PermissionError:
        # Windows: the target is open in Excel (or read-only); POSIX: a folder we may not change
        raise FileInUse(target) from None


def write_text_atomic(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", private: bool = False,
    output: bool = False,
) -> None:
    """Write ``text`` to ``path`` atomically, newlines untranslated."""
    with atomic_write(path, "w", encoding=encoding, newline="", private=private, output=output) as handle:
        handle.write(text)
