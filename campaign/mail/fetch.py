"""Fetching whole messages by UID, lean: the raw FETCH answer read directly, not through
imapclient's general response parser.

imapclient parses every FETCH response into Python values (its tokenizer walks each byte of the
answer's non-literal parts and builds a dict per message): for whole messages that is most of a
harvest's fetching CPU, although all the harvest needs is each message's UID and its body literal.
imaplib, underneath, already cuts the answer into (header, literal) pairs; reading the UID from
each header is enough. Any answer this reader does not fully understand (a UID it cannot find, a
message answered twice, a body sent as a quoted string or NIL instead of a literal) is fetched
again through imapclient, so the lean path can only be faster, never different: both return the
same bytes (tested against Dovecot). A message the server answers with no content at all stops
the batch, so that the harvest never moves its mark past a message it has not stored.

The answer is read line by line and literal by literal off imaplib's connection, the command
sent and the tag matched by imaplib itself: imaplib's own loop runs three regular expressions and
a dictionary update per message and, because imapclient turns imaplib's debug level up to 5 for
its ``imapclient.imaplib`` logger, formats ``repr()`` of every body for a log record that is then
dropped (a third of a harvest's time). When someone asked for that logger's debug output, or this
Python's imaplib lacks what the reader uses, the answer goes through imaplib's loop as before.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any, Iterator

from imapclient import IMAPClient

from campaign.errors import CampaignError

_UID = re.compile(rb"\bUID (\d+)", re.IGNORECASE)
_BODY_LITERAL = re.compile(rb"BODY\[\] \{\d+\}$", re.IGNORECASE)


def fetch_bodies(client: IMAPClient, uids: list[int]) -> dict[int, bytes]:
    """{uid: raw message} for ``uids`` (a UID expunged meanwhile is simply absent)."""
    if not uids:
        return {}
    imap: Any = getattr(client, "_imap", None)  # imapclient's imaplib connection
    lean = _lean_fetch(imap, uids) if imap is not None else None
    return lean if lean is not None else _general_fetch(client, uids)


def _general_fetch(client: IMAPClient, uids: list[int]) -> dict[int, bytes]:
    """The bodies through imapclient's general parser."""
    fetched = client.fetch(uids, ["BODY.PEEK[]"])
    bodies = {uid: data[b"BODY[]"] for uid, data in fetched.items() if b"BODY[]" in data}
    for uid, body in bodies.items():
        if not isinstance(body, bytes):  # NIL: stop before the harvest moves past a message it has not got
            raise CampaignError(f"the server sent no content for message UID {uid}; run the harvest again later")
    return bodies


def _lean_fetch(imap: Any, uids: list[int]) -> dict[int, bytes] | None:
    """The bodies from the raw answer; None when it is not the plain shape."""
    if _readable(imap):
        data = _read_answer(imap, _send(imap, uids))
    else:
        typ, answer = imap.uid("FETCH", ",".join(map(str, uids)), _ITEMS)
        data = answer if typ == "OK" else None
    return _bodies(data, uids) if data is not None else None


def _bodies(data: list[Any], uids: list[int]) -> dict[int, bytes] | None:
    """{uid: body} from the answer's (line, literal) pairs; None when it is not the plain shape."""
    wanted = set(uids)
    out: dict[int, bytes] = {}
    for n, item in enumerate(data):
        if not isinstance(item, tuple):
            if isinstance(item, bytes) and b"BODY[" in item.upper():
                return None  # a body sent as a quoted string or NIL, not a literal: the general parser's
            continue  # the ")" closing a message, or an unsolicited response (flags changed, EXISTS)
        head, body = item
        if not _BODY_LITERAL.search(head):
            return None  # a literal that is not the body: leave it to the general parser
        found = _UID.search(head)
        after = data[n + 1] if n + 1 < len(data) else None
        if found is None and isinstance(after, bytes):
            found = _UID.search(after)  # the server put the UID after the body
        if found is None:
            return None
        uid = int(found.group(1))
        if uid not in wanted or uid in out:
            return None
        out[uid] = body
    return out


_ITEMS = "(UID BODY.PEEK[])"
_LITERAL = re.compile(rb"\{(\d+)\}$")
_USED = ("_command", "_get_line", "read", "tagged_commands", "abort")


def _readable(imap: Any) -> bool:
    """Whether this reader may read imaplib's connection itself (else imaplib's loop does)."""
    return (not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG)
            and all(hasattr(imap, name) for name in _USED))


@contextlib.contextmanager
def _quiet(imap: Any) -> Iterator[None]:
    """imaplib at debug level 0: no repr() of each line for a log record nobody reads."""
    level, imap.debug = getattr(imap, "debug", 0), 0
    try:
        yield
    finally:
        imap.debug = level


def _send(imap: Any, uids: list[int]) -> bytes:
    """Send UID FETCH for ``uids`` through imaplib; its tag."""
    with _quiet(imap):
        return imap._command("UID", "FETCH", ",".join(map(str, uids)), _ITEMS)


def _read_answer(imap: Any, tag: bytes) -> list[bytes | tuple[bytes, bytes]] | None:
    """The answer to the command ``tag`` as (line, literal) pairs and plain lines; None unless OK."""
    prefix = tag + b" "
    data: list[bytes | tuple[bytes, bytes]] = []
    with _quiet(imap):
        while True:
            line = imap._get_line()
            if line.startswith(prefix):
                imap.tagged_commands.pop(tag, None)
                return data if line[len(prefix):].upper().startswith(b"OK") else None
            if line.startswith(b"* BYE"):
                raise imap.abort(line.decode("ascii", "replace"))
            literal = _LITERAL.search(line)
            while literal is not None:
                size = int(literal.group(1))
                body = imap.read(size)
                if len(body) != size:
                    raise imap.abort("the connection closed in the middle of a message")
                data.append((line, body))
                line = imap._get_line()  # what follows the literal: ")" or more of the response
                literal = _LITERAL.search(line)
            data.append(line)
