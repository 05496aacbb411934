"""Fitting text into Windows-1252 without losing characters silently.

Every character Windows-1252 holds is kept as is (é, œ, €, « » included); any other character is
replaced by its ASCII transliteration (anyascii: "Ł" -> "L", "Đ" -> "D", an emoji -> ":grinning:"),
or "?" when there is none, and the caller is told that the value changed.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from anyascii import anyascii

ENCODING = "cp1252"


@lru_cache(maxsize=4096)
def _fits(char: str) -> bool:
    try:
        char.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _replacement(char: str) -> str:
    # a transliteration is ASCII, hence in cp1252; nothing is ever replaced by nothing
    return anyascii(char) or "?"


def to_cp1252(text: str) -> tuple[str, bool]:
    """``text`` made encodable in Windows-1252, and whether any character had to be replaced."""
    try:
        text.encode(ENCODING)
        return text, False
    except UnicodeEncodeError:
        pass
    # composed forms first: a decomposed "é" (e + combining accent) is in cp1252 once composed
    composed = unicodedata.normalize("NFC", text)
    out = "".join(char if _fits(char) else _replacement(char) for char in composed)
    return out, out != composed
