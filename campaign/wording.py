"""Small pieces of English wording shared by the command line and the library's own messages."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, plural unless the count is one: "1 row", "2 rows", "3 replies"."""
    return f"{count} {word if count == 1 else many or word + 's'}"
