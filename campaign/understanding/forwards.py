"""Forwards: when someone (an engagement manager) forwards a client's answer, the client is the
original sender and the client's text is the forwarded part.

Two kinds: inline ("TR:", "Fwd:", "-------- Message transféré --------", Outlook's
"De : / Envoyé : / À : / Objet :" block) and the original attached as ``message/rfc822``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from email.utils import getaddresses

from campaign.understanding.automatic import fold
from campaign.understanding.header_words import FROM_WORDS, HEADER_WORDS
from campaign.understanding.mime import header, read_body

_FORWARD_SUBJECT = re.compile(r"^\s*(re\s*:\s*)*(tr|fwd?|wg|trans|fwd)\s*:", re.IGNORECASE)
_FORWARD_MARKER = re.compile(
    r"^\s*+(-{2,}\s*(message transfere|forwarded message|original message|message d.origine|"
    r"mail original|weitergeleitete nachricht|ursprungliche nachricht)\s*-{2,}|debut du message (reexpedie|transfere)\s*:?|"
    r"begin forwarded message\s*:?|_{10,}|>?\s*message du \d{1,2}/\d{1,2}/\d{2,4}.*)\s*$")
_FROM = re.compile(rf"^[\s>*]*+({FROM_WORDS})[\s*]*+:\s*(.*)$", re.IGNORECASE)
_HEADER = re.compile(rf"^[\s>*]*+({HEADER_WORDS})[\s*]*+:", re.IGNORECASE)


@dataclass
class Forwarded:
    """The client's part of a forward."""

    sender: str
    sender_name: str
    text: str
    attached: bool
    cc: list[str] = field(default_factory=list)  # the forwarded message's Cc (its header block's "Cc :")


_CC = re.compile(r"^[\s>*]*+(cc|copie a|copie|kopie)[\s*]*+:", re.IGNORECASE)


def _addresses_of(value: str) -> list[str]:
    """The addresses of a header value ("Nathalie Riou <nath.riou29@gmail.com>; x@y.fr")."""
    value = value.replace("[mailto:", "<").replace("mailto:", "")
    try:
        pairs = getaddresses([value.replace(";", ",")])
    except Exception:
        return []
    return [a.strip().lower() for _, a in pairs if "@" in a]


def looks_forwarded(subject: str) -> bool:
    """True when the subject says the message is a forward ("TR:", "Fwd:")."""
    return bool(_FORWARD_SUBJECT.match(subject))


def _sender_of(value: str) -> tuple[str, str]:
    """(name, address) from a "De :" line's value, including Outlook's "Name [mailto:x]"."""
    value = value.replace("[mailto:", "<").replace("mailto:", "")
    value = re.sub(r"\]\s*$", ">", value) if "<" in value and ">" not in value else value
    try:
        pairs = getaddresses([value])
    except Exception:
        return "", ""
    for name, addr in pairs:
        if "@" in addr:
            return name.strip().strip('"'), addr.strip().lower()
    match = re.search(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+", value)
    if match:
        return value[: match.start()].strip(" <\"'"), match.group(0).lower()
    return "", ""


def inline_forward(text: str, subject: str) -> Forwarded | None:
    """The forwarded message inside ``text``, when there is one with a readable sender."""
    lines = text.split("\n")
    folded = [fold(line) for line in lines]
    forward_subject = looks_forwarded(subject)
    for i, f in enumerate(folded):
        marker = bool(_FORWARD_MARKER.match(f))
        if not marker and not (forward_subject and _FROM.match(f)):
            continue
        start = i + 1 if marker else i
        rest = lines[start:]
        quoted = [x for x in rest if x.strip()]
        if quoted and sum(1 for x in quoted if x.lstrip().startswith(">")) > len(quoted) * 0.8:
            # Orange webmail quotes the whole forwarded message with '>'
            lines = lines[:start] + [re.sub(r"^\s*> ?", "", x) for x in rest]
            folded = [fold(line) for line in lines]
        # the header block: a "De :" line among the next few header lines
        j = start
        while j < len(lines) and not folded[j].strip():
            j += 1
        name, addr = "", ""
        cc: list[str] = []
        k = j
        while k < len(lines) and k < j + 12:
            if not folded[k].strip():
                if name or addr:
                    break
                k += 1
                continue
            match = _FROM.match(lines[k]) if _FROM.match(f"{folded[k]}") else None
            if match:
                name, addr = _sender_of(match.group(2))
                if not addr and k + 1 < len(lines) and "@" in lines[k + 1] and not _HEADER.match(folded[k + 1]):
                    name2, addr = _sender_of(match.group(2) + " " + lines[k + 1])
                    name = name or name2
            elif not _HEADER.match(folded[k]) and not (k > j and "@" in lines[k] and len(lines[k]) < 120):
                break
            elif _CC.match(folded[k]):
                cc += _addresses_of(lines[k].split(":", 1)[1])
            k += 1
        if addr:
            return Forwarded(sender=addr, sender_name=name, text="\n".join(lines[k:]).strip(), attached=False, cc=cc)
        if marker:
            continue
    return None


def attached_forward(attached: list[Message]) -> Forwarded | None:
    """The first attached message with a sender, as a forward."""
    for inner in attached:
        name, addr = _sender_of(header(inner, "From"))
        if not addr:
            continue
        body = read_body(inner)
        return Forwarded(sender=addr, sender_name=name, text=body.text, attached=True,
                         cc=_addresses_of(header(inner, "Cc")))
    return None
