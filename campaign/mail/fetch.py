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
"""

from __future__ import annotations

import re
from typing import Any

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
    if lean is not None:
        return lean
    fetched = client.fetch(uids, ["BODY.PEEK[]"])
    bodies = {uid: data[b"BODY[]"] for uid, data in fetched.items() if b"BODY[]" in data}
    for uid, body in bodies.items():
        if not isinstance(body, bytes):  # NIL: stop before the harvest moves past a message it has not got
            raise CampaignError(f"the server sent no content for message UID {uid}; run the harvest again later")
    return bodies


def _lean_fetch(imap: Any, uids: list[int]) -> dict[int, bytes] | None:
    """The bodies from imaplib's own cut of the answer; None when it is not the plain shape."""
    typ, data = imap.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])")
    if typ != "OK":
        return None
    wanted = set(uids)
    out: dict[int, bytes] = {}
    for n, item in enumerate(data):
        if not isinstance(item, tuple):
            if isinstance(item, bytes) and b"BODY[" in item.upper():
                return None  # a body sent as a quoted string or NIL, not a literal: the general parser's
            continue  # the ")" closing a message, or an unsolicited FETCH (flags changed)
        head, body = item
        if not _BODY_LITERAL.search(head):
            return None  # a literal that is not the body: leave it to the general parser
        found = _UID.search(head)
        if found is None and n + 1 < len(data) and isinstance(data[n + 1], bytes):
            found = _UID.search(data[n + 1])  # the server put the UID after the body
        if found is None:
            return None
        uid = int(found.group(1))
        if uid not in wanted or uid in out:
            return None
        out[uid] = body
    return out
