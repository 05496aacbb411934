"""Which earlier messages a message answers (In-Reply-To, References) and, for a delivery failure
report, which message failed and for whom: read from the raw bytes, so a request the firm e-mailed
is found again in a reply, in a forward attached whole (message/rfc822), or in a bounce.

Only ids of requests the firm wrote mean anything (campaign.outbox.by_header); any other
id found here is ignored there, so reading generously costs nothing but a lookup.
"""

from __future__ import annotations

import re

_ID = re.compile(rb"<([^<>\s]{1,250}@[^<>\s]{1,250})>")
# a header line and its folded continuation lines, at any depth (a forward attached whole keeps its headers)
_THREAD = re.compile(rb"^(?:in-reply-to|references)[ \t]*:((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)", re.I | re.M)
_MESSAGE_ID = re.compile(rb"^[ \t>]*message-id[ \t]*:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)", re.I | re.M)
_RECIPIENT = re.compile(rb"^(?:final-recipient|original-recipient|x-failed-recipients)[ \t]*:[ \t]*"
                        rb"(?:rfc822[ \t]*;)?[ \t]*<?([^\s<>;,]+@[^\s<>;,]+?)>?[ \t]*\r?$", re.I | re.M)
_ENVELOPE_ID = re.compile(rb"^original-envelope-id[ \t]*:[ \t]*<?([^\s<>]+@[^\s<>]+?)>?[ \t]*\r?$", re.I | re.M)
_END_OF_HEADERS = re.compile(rb"\r?\n\r?\n")
MAX_IDS = 50


def _ids(blocks: list[bytes]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        for found in _ID.findall(block):
            text = found.decode("ascii", "replace")
            if text not in out:
                out.append(text)
    return out[:MAX_IDS]


def thread_ids(raw: bytes) -> list[str]:
    """Message-IDs (without <>) the message says it answers, its own headers' first, then those of
    messages attached whole inside it."""
    return _ids(_THREAD.findall(raw[:2_000_000]))


def bounce_refs(raw: bytes) -> tuple[list[str], list[str]]:
    """(Message-IDs of the failed message, addresses it failed for) named by a delivery failure report:
    its returned headers or message, its threading headers, the envelope id we gave it (ENVID), its
    per-recipient fields."""
    raw = raw[:2_000_000]
    end = _END_OF_HEADERS.search(raw)
    body = raw[end.end():] if end else b""
    ids = _ids(_THREAD.findall(raw) + _MESSAGE_ID.findall(body) + [b"<" + e + b">" for e in _ENVELOPE_ID.findall(body)])
    recipients: list[str] = []
    for found in _RECIPIENT.findall(raw):
        address = found.decode("utf-8", "replace").strip().lower()
        if address not in recipients:
            recipients.append(address)
    return ids, recipients[:MAX_IDS]
