"""Reading a raw message: the parsed message, its readable text, and its attached messages.

Every part is walked with the standard library's ``email`` package and ``policy.default``;
text/plain is preferred, else text/html is turned into text (keeping ``mailto:`` targets and
marking quote containers so the quote stripper can cut there). A part whose declared charset
is wrong or unknown is decoded with charset-normalizer's guess, then Latin-1 as a last resort
(which never fails, so some text always comes out).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.policy import EmailPolicy
from email.parser import BytesParser
from html.parser import HTMLParser

from charset_normalizer import from_bytes

from campaign.mail.messages import decode_header_text as header_text

# Written into the text where an HTML quote container starts (Gmail, Outlook, Apple Mail,
# Thunderbird); quotes.py cuts there.
QUOTE_MARK = "\u2063QUOTE\u2063"

MAX_PARTS = 200          # a message with more parts is read only this far
MAX_DEPTH = 20           # nesting deeper than this is not walked
MAX_TEXT = 200_000       # characters of text kept from one part

class _CachingPolicy(EmailPolicy):
    """``policy.default`` that remembers parsed header values.

    The parser and ``get_content_type()`` fetch the same Content-Type header dozens of times
    per message and ``policy.default`` parses it again with the header registry each time:
    that was two thirds of the stage's time. The same raw value always parses the same way.
    """

    def header_fetch_parse(self, name, value):
        key = (name, value)
        hit = _HEADER_CACHE.get(key)
        if hit is None:
            if len(_HEADER_CACHE) > 4096:  # a message with thousands of distinct headers
                _HEADER_CACHE.clear()
            hit = _HEADER_CACHE[key] = super().header_fetch_parse(name, value)
        return hit


_HEADER_CACHE: dict = {}
POLICY = _CachingPolicy()
_PARSER = BytesParser(policy=POLICY)


def parse(raw: bytes) -> EmailMessage:
    """The whole message, parsed with ``policy.default`` (header values cached for this message only)."""
    _HEADER_CACHE.clear()
    return _PARSER.parsebytes(raw)  # type: ignore[return-value]


def header(msg: Message, name: str) -> str:
    """A header's value, unfolded and RFC 2047-decoded ('' when absent); never raises.

    Read from the raw header pairs with the harvest's decoder: ``policy.default``'s header
    registry costs a third of the stage's time on the Subject and From fields alone.
    """
    wanted = name.lower()
    try:
        for key, value in msg.raw_items():
            if key.lower() == wanted:
                return " ".join(decode_words(str(value)).split())
    except Exception:  # a header the parser kept as something odd
        return ""
    return ""


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded (the harvest's decoder); raw 8-bit bytes read as UTF-8 or Latin-1."""
    value = unsurrogate(value)
    return header_text(value) if "=?" in value else value


def unsurrogate(text: str) -> str:
    """Text without the lone surrogates the parser uses for undecodable 8-bit bytes.

    Old French mailers send raw Latin-1 or UTF-8 in headers; such bytes are read back as UTF-8
    when they form valid UTF-8, else as Windows-1252.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def decode_payload(part: Message, flags: list[str] | None = None) -> str:
    """The text of one text/* part, decoded from its transfer encoding and charset."""
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    if not isinstance(data, bytes):
        return str(data)
    data = data[: MAX_TEXT * 2]
    charset = None
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return decode_bytes(data, charset, flags)


def decode_bytes(data: bytes, charset: str | None, flags: list[str] | None = None) -> str:
    """Bytes as text: the declared charset if it decodes cleanly, else a guess."""
    if charset:
        charset = charset.strip().strip('"').lower()
        if charset in ("us-ascii", "ascii", "ansi_x3.4-1968"):
            charset = "utf-8"  # 8-bit text labelled ASCII is usual; UTF-8 is a superset
        try:
            text = data.decode(charset)
            if charset in ("iso-8859-1", "latin-1", "latin1") and _looks_like_utf8(data):
                return data.decode("utf-8")
            return text
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if flags is not None and "charset_guessed" not in flags:
        flags.append("charset_guessed")
    if len(data) <= 50_000:
        try:
            best = from_bytes(data).best()
            if best is not None and best.encoding:
                return str(best)
        except Exception:  # the guesser is a fallback: never let it stop the reading
            pass
    return data.decode("cp1252", errors="replace") if _mostly_cp1252(data) else data.decode("latin-1")


def _looks_like_utf8(data: bytes) -> bool:
    """True when ``data`` has non-ASCII bytes that all form valid UTF-8 sequences."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _mostly_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


# -- HTML -> text ------------------------------------------------------------------------

_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
          "blockquote", "pre", "hr", "dt", "dd", "section", "article", "header", "footer"}
_SKIP = {"style", "script", "head", "title", "xml"}
_QUOTE_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote", "zimbra_quote")


class _TextMaker(HTMLParser):
    """A light HTML-to-text converter that keeps mailto targets and marks quote containers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.link: str | None = None
        self.link_text: list[str] = []
        self.size = 0
        self.cell: int | None = None  # where the row's current cell starts in ``out``

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag in _BLOCK:
            self.out.append("\n")
        if tag == "tr":
            self.cell = len(self.out)
        elif tag in ("td", "th"):
            # "Destinataire des factures | compta@x.fr": the cells of a row read as "label : value"
            if self.cell is not None and "".join(self.out[self.cell:]).strip():
                self.out.append(" : ")
            self.cell = len(self.out)
        if tag == "blockquote" or any(c in values.get("class", "").lower() for c in _QUOTE_CLASSES) \
                or values.get("id", "").lower() in _QUOTE_IDS:
            self.out.append(f"\n{QUOTE_MARK}\n")
        if tag == "a":
            href = values.get("href", "").strip()
            if href.lower().startswith("mailto:"):
                self.link = html.unescape(href[7:].split("?", 1)[0]).strip()
                self.link_text = []
        if tag == "hr":
            self.out.append("________________________________\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "a" and self.link is not None:
            visible = "".join(self.link_text).strip()
            # the visible address wins when the link shows one; else the target is the only address
            if "@" not in visible and self.link.lower() not in visible.lower():
                self.out.append(f" <{self.link}>")
            self.link = None
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip or self.size > MAX_TEXT:
            return
        self.size += len(data)
        data = re.sub(r"[ \t\r\n]+", " ", data)
        self.out.append(data)
        if self.link is not None:
            self.link_text.append(data)


# A "<" with another "<" (or the end) before any ">" never closes: html.parser would scan to the
# end of the text from each one (quadratic: 22 s on 1 MB of "<a@b.fr"), so it becomes text.
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*(?:<|\Z))")


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body: one line per block, mailto targets kept."""
    maker = _TextMaker()
    try:
        maker.feed(_UNCLOSED_TAG.sub("&lt;", markup[: MAX_TEXT * 3]))
        maker.close()
    except Exception:  # html.parser is lenient; this guards against the odd assertion
        pass
    text = "".join(maker.out)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# -- walking the parts -------------------------------------------------------------------

@dataclass
class Body:
    """What a message says: its text, attached messages, and what was odd while reading it."""

    text: str = ""
    from_html: bool = False
    attached: list[Message] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def read_body(msg: Message) -> Body:
    """The message's readable text (first text/plain, else the first text/html) and attached messages."""
    body = Body()
    plains: list[Message] = []
    htmls: list[Message] = []
    count = 0

    def walk(part: Message, depth: int) -> None:
        nonlocal count
        count += 1
        if count > MAX_PARTS or depth > MAX_DEPTH:
            if "truncated_mime" not in body.flags:
                body.flags.append("truncated_mime")
            return
        try:
            ctype = part.get_content_type()
        except Exception:
            ctype = "text/plain"
        if ctype == "message/rfc822" or ctype == "message/global":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message):
                body.attached.append(inner)
            return
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                for sub in payload:
                    if isinstance(sub, Message):
                        walk(sub, depth + 1)
            return
        try:
            disposition = (part.get_content_disposition() or "").lower()
        except Exception:
            disposition = ""
        if disposition == "attachment":
            return
        if ctype == "text/plain":
            plains.append(part)
        elif ctype == "text/html":
            htmls.append(part)

    walk(msg, 0)
    if plains:
        body.text = decode_payload(plains[0], body.flags)[:MAX_TEXT]
        if not body.text.strip() and htmls:
            body.text, body.from_html = html_to_text(decode_payload(htmls[0], body.flags)), True
    elif htmls:
        body.text, body.from_html = html_to_text(decode_payload(htmls[0], body.flags)), True
    body.text = body.text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    return body
