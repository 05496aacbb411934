"""What every letter to a client says of it, on paper or by e-mail: the switch date in words, the
client's code and name, how to name the engagement manager."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

# Titles (folded: lower case, no dot) that say how to address the engagement manager. Anything
# else ("Dr", "Me", a blank) gives the neutral wording: a guess would be wrong for someone.
_TITLES = {
    "f": {"mme", "madame", "mlle", "mademoiselle", "mrs", "ms", "miss"},
    "m": {"m", "monsieur", "mr", "mister"},
}


def title_gender(title: str) -> str:
    """"f" or "m" when ``title`` is a title such as "Mme" or "M.", else "" (say it neutrally)."""
    folded = title.strip().lower().replace(".", "").strip()
    return next((gender for gender, titles in _TITLES.items() if folded in titles), "")


@dataclass(frozen=True)
class ClientInfo:
    """What the memo may say about the invoice's client."""

    code: str
    name: str = ""
    manager: str = ""
    manager_email: str = ""
    manager_title: str = ""   # as the client file writes it; optional

    @property
    def manager_gender(self) -> str:
        """"f", "m" or "" (no title column, or a title that does not say): templates word it from this."""
        return title_gender(self.manager_title)


def format_switch_date(date: dt.date, language: str) -> str:
    """The switch date as a reader expects it: "1er mars 2027", "March 1, 2027"."""
    if language == "fr" and date.day == 1:
        return "1er " + format_date(date, "MMMM y", locale="fr")
    return format_date(date, "long", locale=language)
