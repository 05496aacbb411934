"""When two spellings of a client code name the same client: one rule for the import and every lookup.

By default (``[clients] case_sensitive_codes = false``) ``X0001`` and ``x0001`` are one client.
Only the 26 ASCII letters are folded: management software codes are ASCII letters and digits
("C0231", "DUPO01"), and ``str.upper``/``casefold`` would make codes that differ collide
('ß' -> 'SS', 'ﬁ' -> 'FI', dotless 'ı' -> 'I'). Any other character compares as written, which is
also what SQLite's NOCASE collation does.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from campaign.config import Settings
from campaign.settings_model import read_section
from campaign.store import Store

_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def code_key(code: str, case_sensitive: bool = False) -> str:
    """The form two client codes are compared in: equal keys, same client."""
    return code if case_sensitive else code.translate(_ASCII_UPPER)


@dataclass
class ClientSettings:
    """``[clients]``: how the client file's codes are read."""

    case_sensitive_codes: bool = False  # true: X0001 and x0001 are two clients


def client_settings(settings: Settings) -> ClientSettings:
    """Parse ``[clients]``; an unknown key or a bad value names the file, its line and the key."""
    return read_section(settings.path, "clients", settings.section("clients"), ClientSettings)


def case_sensitive(settings: Settings) -> bool:
    """Whether this campaign tells ``X0001`` from ``x0001`` (``[clients] case_sensitive_codes``)."""
    return client_settings(settings).case_sensitive_codes


@dataclass
class ClientCodes:
    """The client codes on file, found from a code as typed or printed."""

    case_sensitive: bool = False
    by_key: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, case_sensitive: bool = False, *, in_file_only: bool = False) -> "ClientCodes":
        """The codes in ``store``; clients still in the file win over former ones of the same key.

        A database imported before codes were compared without case may hold both ``X0001`` and
        ``x0001``: the lookup then picks one predictably (in the file first, then the smaller code).
        """
        sql = "SELECT code FROM clients" + (" WHERE in_file = 1" if in_file_only else "")
        codes = cls(case_sensitive)
        for (code,) in store.conn.execute(sql + " ORDER BY in_file, code DESC"):
            codes.by_key[codes.key(code)] = code
        return codes

    def key(self, code: str) -> str:
        """``code``'s comparison key under this campaign's rule."""
        return code_key(code.strip(), self.case_sensitive)

    def find(self, code: str) -> str | None:
        """The code as stored for ``code`` as typed, or None when no client has it."""
        return self.by_key.get(self.key(code))
