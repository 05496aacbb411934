"""Mail files given to ``harvest --from``: a folder of .eml / Outlook .msg files, or an .mbox file.

Each message becomes a MailRecord with the same exactly-once key as IMAP messages (Message-ID +
content hash), so a mail harvested from the mailbox and later dragged out of Outlook is stored
once. Files are read one at a time (an .mbox through the standard library's index of offsets),
so memory does not grow with the size of the folder. A bad file is reported in one line and
the others go on.
"""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from email import policy
from pathlib import Path
from typing import Iterator, Union

from campaign.mail.messages import MailRecord, make_record



@dataclass
class FileProblem:
    """A file that could not be read (or was not a mail file, when ``skipped``)."""

    name: str
    reason: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() == ".mbox":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _msg_to_mime(path: Path) -> bytes:
    """An Outlook .msg converted to an RFC 5322 message (extract-msg)."""
    import extract_msg

    msg = extract_msg.openMsg(str(path), strict=False)
    try:
        if not hasattr(msg, "asEmailMessage"):
            raise ValueError(f"an Outlook {type(msg).__name__}, not an e-mail message")
        return msg.asEmailMessage().as_bytes(policy=policy.SMTP)
    finally:
        msg.close()


def _read_one(path: Path, name: str, source: str) -> MailRecord | FileProblem:
    suffix = path.suffix.lower()
    try:
        if suffix == ".msg":
            raw, kind = _msg_to_mime(path), "msg"
        else:
            raw, kind = path.read_bytes(), "eml"
    except OSError as exc:
        return FileProblem(name, f"cannot be read ({exc.strerror or exc})")
    except Exception as exc:  # extract-msg raises many kinds on a damaged file
        return FileProblem(name, f"not a readable Outlook .msg file ({type(exc).__name__}: "
                                 f"{' '.join(str(exc).split())[:200]}); save it again from Outlook")
    if not raw.strip():
        return FileProblem(name, "is empty")
    record = make_record(raw, source_kind=kind, source=source, file_name=name)
    if not record.looks_like_mail:
        return FileProblem(name, "does not look like an e-mail (no From, To, Date, Subject or Message-ID header)")
    return record


def _read_mbox(path: Path, name: str, source: str) -> Iterator[MailRecord | FileProblem]:
    try:
        box = mailbox.mbox(path, create=False)
        keys = box.keys()  # an index of offsets only, not the messages
    except (OSError, mailbox.Error) as exc:
        yield FileProblem(name, f"cannot be read as an mbox file ({exc})")
        return
    if not keys:
        # Said, not passed over: "nothing new" would hide a wrong file (a renamed .pst, random bytes).
        box.close()
        yield FileProblem(name, "not an mbox file (no line starts with 'From ', so it holds no message); "
                                "export the mail folder again as .mbox, or save the messages as .eml files")
        return
    try:
        for number, key in enumerate(keys, start=1):
            label = f"{name}#{number}"
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError) as exc:
                yield FileProblem(label, f"cannot be read ({exc})")
                continue
            record = make_record(raw, source_kind="mbox", source=source, file_name=label)
            if record.looks_like_mail:
                yield record
            else:
                yield FileProblem(label, "does not look like an e-mail (no usual header)")
    finally:
        box.close()


def iter_mail_files(path: Path) -> Iterator[Union[MailRecord, FileProblem]]:
    """Every message under ``path`` (file or folder, recursively, in name order)."""
    path = Path(path)
    source = str(path.resolve())
    if path.is_file():
        if _is_mbox(path):
            yield from _read_mbox(path, path.name, source)
        else:
            yield _read_one(path, path.name, source)
        return
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        name = str(file.relative_to(path))
        if file.name.startswith("."):
            continue
        suffix = file.suffix.lower()
        if suffix == ".mbox":
            yield from _read_mbox(file, name, source)
        elif suffix in (".eml", ".msg"):
            yield _read_one(file, name, source)
        else:
            yield FileProblem(name, "not an .eml, .msg or .mbox file: skipped", skipped=True)
