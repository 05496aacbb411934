"""The receiving server's verdicts on a message, read from ``Authentication-Results`` (RFC 8601).

Only a header the firm's own server added can be believed: it prepends its header above whatever
the sender wrote, so by default the topmost one counts. When the campaign names its servers'
authserv-ids, the topmost header carrying one of them counts and every other is ignored.
``ARC-Authentication-Results`` is not read: it records what an intermediary saw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from email.message import Message

METHODS = ("dmarc", "dkim", "spf")


@dataclass(frozen=True)
class AuthResults:
    """One server's results, lower case; "" when the method is absent."""

    server: str = ""
    dmarc: str = ""
    dkim: str = ""
    spf: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True)


def _tokens(value: str) -> list[str]:
    """``value`` split on ';' with comments dropped and quoted strings kept whole (quotes removed)."""
    parts, current, depth, quoted, escaped = [], [], 0, False, False
    for char in value:
        if escaped:
            if depth == 0:
                current.append(char)
            escaped = False
        elif char == "\\" and (quoted or depth):
            escaped = True
        elif quoted:
            if char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth:
            continue
        elif char == '"':
            quoted = True
        elif char == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(" " if char in "\r\n\t" else char)
    parts.append("".join(current))
    return [" ".join(p.split()) for p in parts]


_RESULT = re.compile(r"^([a-z0-9_-]+)(?:/\d+)?\s*=\s*([a-z0-9_-]+)", re.IGNORECASE)


def parse_header(value: str) -> AuthResults:
    """The verdicts of one ``Authentication-Results`` value."""
    tokens = _tokens(value)
    head = tokens[0].split()
    server = head[0].lower() if head else ""
    if _RESULT.match(server) and server.split("=")[0] in METHODS:
        # Microsoft 365 writes no authserv-id: "spf=pass (sender IP is ...) smtp.mailfrom=x.fr; dkim=..."
        server, tokens = "", [""] + tokens
    found: dict[str, list[str]] = {}
    for token in tokens[1:]:
        for piece in _split_results(token):
            match = _RESULT.match(piece)
            if match:
                found.setdefault(match.group(1).lower(), []).append(match.group(2).lower())
    verdicts = {m: found[m][0] for m in METHODS if found.get(m)}
    if "pass" in found.get("dkim", []):
        verdicts["dkim"] = "pass"  # several signatures: one good one is enough
    return AuthResults(server=server, **verdicts)


def _split_results(token: str) -> list[str]:
    """Some servers omit the ';' between results: start a new one at each ``method=`` after a property."""
    return re.split(r"\s+(?=(?:dmarc|dkim|spf|arc|compauth|dkim-atps|iprev|auth|bimi)(?:/\d+)?\s*=)", token,
                    flags=re.IGNORECASE)


def read(msg: Message, trusted: Iterable[str] = ()) -> AuthResults:
    """The verdicts of the header that counts (see the module docstring); all "" when none does."""
    wanted = {t.strip().lower() for t in trusted if t and t.strip()}
    for name, value in msg.raw_items():
        if name.lower() != "authentication-results":
            continue
        result = parse_header(str(value))
        if not wanted:
            return result
        if result.server in wanted:
            return result
    return AuthResults()
